package dev.wagateway.callback;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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

    /** How long an opened secret stays in memory after its last post. */
    static final Duration OPENED_FOR = Duration.ofMinutes(10);

    private final TokenCipher cipher;
    /**
     * Secrets opened to sign, by what is stored (a rotation stores new bytes, so a new entry): an AES-GCM decryption
     * per post was 8 % of the service's CPU while posting. Bounded, and dropped 10 minutes after the last post.
     */
    private final Cache<Sealed, String> opened = Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterAccess(OPENED_FOR).build();

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

    /** The secret, opened with SECRETS_KEY (and the tenant's id) the first time these stored bytes sign a post. */
    public String open(byte[] sealed, UUID tenant) {
        return opened.get(new Sealed(tenant, ByteBuffer.wrap(sealed)), key -> cipher.decrypt(sealed, tenant));
    }

    /** A stored secret and its tenant, compared by content ({@link ByteBuffer#equals}). */
    private record Sealed(UUID tenant, ByteBuffer bytes) {
    }
}
