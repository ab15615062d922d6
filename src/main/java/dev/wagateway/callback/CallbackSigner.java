package dev.wagateway.callback;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

/**
 * {@code X-Gateway-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">}, with the tenant's secret, and
 * a second {@code v1=} with the previous secret while a rotation's overlap lasts. Signed at each attempt, so
 * {@code t} is fresh and a receiver may refuse anything older than a few minutes (replays).
 */
@Component("callbackSigner")
public class CallbackSigner {

    private static final String HMAC_SHA256 = "HmacSHA256";
    private static final HexFormat HEX = HexFormat.of();
    /**
     * A Mac per worker thread, re-keyed per post: {@code Mac.getInstance} looks the algorithm up among the security
     * providers each time, most of a signature's cost in the callbacks benchmark's profile.
     */
    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(CallbackSigner::newMac);

    private final CallbackSecrets secrets;
    private final Clock clock;

    public CallbackSigner(CallbackSecrets secrets, Clock clock) {
        this.secrets = secrets;
        this.clock = clock;
    }

    /** The header's value for this body, as of now, with the secrets the post carries (opened here only). */
    public String signature(CallbackPost post) {
        List<String> keys = new ArrayList<>();
        keys.add(secrets.open(post.sealedSecret(), post.tenantId()));
        if (post.sealedPreviousSecret() != null) {
            keys.add(secrets.open(post.sealedPreviousSecret(), post.tenantId()));
        }
        long t = clock.instant().getEpochSecond();
        StringBuilder header = new StringBuilder("t=").append(t);
        keys.forEach(key -> header.append(",v1=").append(sign(key, t, post.body())));
        return header.toString();
    }

    /** Hex HMAC-SHA256 of {@code "<t>.<body>"}: what a receiver computes to check a delivery. */
    public static String sign(String secret, long t, String body) {
        try {
            Mac mac = MACS.get();
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC_SHA256));
            mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
            return HEX.formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 refused the key", e);
        }
    }

    private static Mac newMac() {
        try {
            return Mac.getInstance(HMAC_SHA256);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
