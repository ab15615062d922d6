package dev.wagateway.tenant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The operator key ({@code ADMIN_API_KEY}): creates tenants, manages their keys and numbers, reads every batch, and
 * opens the actuator. Without it, none of that is possible, and start-up says so.
 */
@Component
public class OperatorKey {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorKey.class);
    /** Shorter keys are refused at start-up: they could be guessed. */
    static final int MIN_LENGTH = 16;

    private final byte[] digest;

    @Autowired
    public OperatorKey(SecuritySettings settings) {
        this(settings.adminApiKey());
    }

    public OperatorKey(String key) {
        if (!key.isBlank() && key.strip().length() < MIN_LENGTH) {
            throw new IllegalStateException("ADMIN_API_KEY must be at least " + MIN_LENGTH + " characters long");
        }
        this.digest = key.isBlank() ? null : ApiKeyCodec.sha256(key.strip().getBytes(StandardCharsets.UTF_8));
    }

    public boolean configured() {
        return digest != null;
    }

    /** Compared as SHA-256 digests in constant time: neither the key's content nor its length leaks by timing. */
    public boolean matches(String presented) {
        return digest != null && presented != null
                && MessageDigest.isEqual(digest, ApiKeyCodec.sha256(presented.strip().getBytes(StandardCharsets.UTF_8)));
    }

    @EventListener(ApplicationReadyEvent.class)
    void warnWhenMissing() {
        if (!configured()) {
            LOG.warn("ADMIN_API_KEY is not set: tenants cannot be created (POST /tenants answers 403) and the"
                    + " actuator (except health and info) opens to the operator's login only; set it to enable the operator's"
                    + " calls");
        }
    }
}
