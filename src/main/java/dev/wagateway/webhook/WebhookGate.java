package dev.wagateway.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.wagateway.api.ApiException;
import dev.wagateway.api.ErrorCode;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What Meta must prove before the webhook stores anything: the subscription handshake's verify token, and each
 * POST's {@code X-Hub-Signature-256} (HMAC-SHA256 of the raw body with the app secret), compared in constant time.
 */
@Component("webhookGate")
public class WebhookGate {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookGate.class);
    private static final String PREFIX = "sha256=";

    private final WebhookSettings settings;

    public WebhookGate(WebhookSettings settings) {
        this.settings = settings;
        if (blank(settings.appSecret())) {
            LOG.warn("WHATSAPP_APP_SECRET is not set: every webhook POST is refused with 401");
        }
    }

    /** {@code GET /webhooks/whatsapp}: the challenge to echo, or FORBIDDEN. */
    public String challenge(@Header("hub.mode") String mode, @Header("hub.verify_token") String verifyToken,
            @Header("hub.challenge") String challenge) {
        if (!"subscribe".equals(mode) || blank(settings.verifyToken()) || verifyToken == null
                || !MessageDigest.isEqual(bytes(settings.verifyToken()), bytes(verifyToken)) || blank(challenge)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Webhook verification refused");
        }
        return challenge;
    }

    /** {@code POST /webhooks/whatsapp}: the body, once its size and signature are right; nothing parsed before. */
    public byte[] verify(@Body byte[] raw, @Header("X-Hub-Signature-256") String signature) {
        byte[] body = raw == null ? new byte[0] : raw; // an empty POST: refused below, unsigned
        if (body.length > settings.maxBodyBytes()) {
            throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "Webhook body is larger than " + settings.maxBodyBytes() + " bytes");
        }
        if (blank(settings.appSecret()) || signature == null || !signature.startsWith(PREFIX)) {
            throw unauthorized();
        }
        byte[] expected = hmac(body);
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature.substring(PREFIX.length()).trim().toLowerCase());
        } catch (IllegalArgumentException notHex) {
            throw unauthorized();
        }
        if (!MessageDigest.isEqual(expected, given)) {
            throw unauthorized();
        }
        return body;
    }

    private byte[] hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(bytes(settings.appSecret()), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ApiException unauthorized() {
        return new ApiException(ErrorCode.UNAUTHORIZED, "Missing or wrong X-Hub-Signature-256");
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
