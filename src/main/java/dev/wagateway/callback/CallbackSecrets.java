package dev.wagateway.callback;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

import dev.wagateway.api.ApiException;
import dev.wagateway.api.ErrorCode;
import dev.wagateway.whatsapp.TokenCipher;
import org.springframework.stereotype.Component;

/**
 * Callback signing secrets: {@code whsec_} and 32 random bytes (base64url), stored encrypted with SECRETS_KEY as
 * tenants' WhatsApp tokens are ({@link TokenCipher}, the tenant's id as associated data).
 */
@Component
public class CallbackSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SECRET_BYTES = 32;

    private final TokenCipher cipher;

    public CallbackSecrets(TokenCipher cipher) {
        this.cipher = cipher;
    }

    /** 503 NOT_CONFIGURED without SECRETS_KEY: a secret is never stored in clear. */
    public void requireConfigured() {
        if (!cipher.configured()) {
            throw new ApiException(ErrorCode.NOT_CONFIGURED, "A callback's signing secret needs SECRETS_KEY to be set");
        }
    }

    public String generate() {
        byte[] bytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public byte[] seal(String secret, UUID tenant) {
        return cipher.encrypt(secret, tenant);
    }

    public String open(byte[] sealed, UUID tenant) {
        return cipher.decrypt(sealed, tenant);
    }
}
