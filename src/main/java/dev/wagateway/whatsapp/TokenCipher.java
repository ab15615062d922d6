package dev.wagateway.whatsapp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import dev.wagateway.tenant.SecuritySettings;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Tenants' access tokens at rest: AES-256-GCM with the key in {@code SECRETS_KEY} (32 bytes, base64), a random
 * 12-byte nonce per token, and the tenant's id as associated data, so a ciphertext copied to another tenant's row
 * does not decrypt. Stored as nonce + ciphertext + tag. A malformed key stops start-up; no key means no tenant can
 * have its own number.
 */
@Component
public class TokenCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    @Autowired
    public TokenCipher(SecuritySettings settings) {
        this(settings.secretsKey());
    }

    public TokenCipher(String secretsKey) {
        this.key = secretsKey.isBlank() ? null : new SecretKeySpec(decodeKey(secretsKey.strip()), "AES");
    }

    public boolean configured() {
        return key != null;
    }

    public byte[] encrypt(String token, UUID tenantId) {
        requireKey();
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, tenantId);
            byte[] sealed = cipher.doFinal(token.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Token encryption failed", e);
        }
    }

    /** The token; a configuration failure (the message stays queued) if there is no key or it is not this one. */
    public String decrypt(byte[] stored, UUID tenantId) {
        requireKey();
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, java.util.Arrays.copyOf(stored, NONCE_BYTES), tenantId);
            return new String(cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES),
                    StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new WhatsAppNotConfiguredException("The tenant's access token cannot be decrypted with SECRETS_KEY"
                    + " (was the key changed?); set the tenant's WhatsApp credentials again");
        }
    }

    private Cipher cipher(int mode, byte[] nonce, UUID tenantId) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(tenantId.toString().getBytes(StandardCharsets.US_ASCII));
        return cipher;
    }

    private void requireKey() {
        if (key == null) {
            throw new WhatsAppNotConfiguredException("SECRETS_KEY is not set: a tenant's own access token cannot be"
                    + " used or stored");
        }
    }

    private static byte[] decodeKey(String value) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("SECRETS_KEY must be 32 bytes in base64 (openssl rand -base64 32)");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("SECRETS_KEY must be 32 bytes in base64 (openssl rand -base64 32); it"
                    + " decodes to " + bytes.length + " bytes");
        }
        return bytes;
    }
}
