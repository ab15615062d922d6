package dev.wagateway.whatsapp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import dev.wagateway.tenant.SecuritySettings;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Tenants' access tokens and callbacks' signing secrets at rest: AES-256-GCM with the key in {@code SECRETS_KEY}
 * (32 bytes, base64), a random 12-byte nonce each time, and the tenant's id as associated data, so a ciphertext
 * copied to another tenant's row does not decrypt. A malformed key stops start-up; no key means no tenant can have
 * its own number.
 * <p>
 * Stored as a header, nonce, ciphertext and tag: the header is a format byte ({@value #FORMAT}) and the key's id
 * (the first {@value #KEY_ID_BYTES} bytes of the key's SHA-256), also authenticated as associated data. What was
 * stored before keys had ids (nonce + ciphertext + tag, no header: format 0) still decrypts. {@code
 * SECRETS_KEY_PREVIOUS}, when set, opens what the previous key sealed; {@link #sealedWithCurrent} tells the
 * re-encryption job what to seal again ({@link #reseal}) under the current key (docs/operations.md, "Rotating
 * SECRETS_KEY").
 */
@Component
public class TokenCipher {

    /** The first byte of what is sealed now: a header with the key's id follows. */
    static final byte FORMAT = 1;
    static final int KEY_ID_BYTES = 4;
    static final int HEADER_BYTES = 1 + KEY_ID_BYTES;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A key and the header of what it seals. */
    private record Key(SecretKeySpec spec, byte[] header) {
    }

    private final Key current;
    private final Key previous;

    @Autowired
    public TokenCipher(SecuritySettings settings) {
        this(settings.secretsKey(), settings.secretsKeyPrevious());
    }

    public TokenCipher(String secretsKey) {
        this(secretsKey, "");
    }

    public TokenCipher(String secretsKey, String previousKey) {
        this.current = secretsKey.isBlank() ? null : key(secretsKey.strip(), "SECRETS_KEY");
        this.previous = previousKey.isBlank() ? null : key(previousKey.strip(), "SECRETS_KEY_PREVIOUS");
        if (current == null && previous != null) {
            throw new IllegalStateException("SECRETS_KEY_PREVIOUS is set without SECRETS_KEY: set the new key as"
                    + " SECRETS_KEY");
        }
    }

    public boolean configured() {
        return current != null;
    }

    /** Sealed with the current key, under its header. */
    public byte[] encrypt(String token, UUID tenantId) {
        requireKey();
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            byte[] sealed = cipher(Cipher.ENCRYPT_MODE, current.spec(), nonce, current.header(), tenantId)
                    .doFinal(token.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(HEADER_BYTES + NONCE_BYTES + sealed.length).put(current.header()).put(nonce)
                    .put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Token encryption failed", e);
        }
    }

    /**
     * The token, opened with the key its header names (the current or the previous one), or for a ciphertext
     * without header with either; a configuration failure (the message stays queued) if none opens it.
     */
    public String decrypt(byte[] stored, UUID tenantId) {
        requireKey();
        for (Key key : keys()) {
            if (startsWith(stored, key.header())) {
                String opened = open(key, stored, HEADER_BYTES, key.header(), tenantId);
                if (opened != null) {
                    return opened;
                }
            }
        }
        for (Key key : keys()) { // format 0: no header
            String opened = open(key, stored, 0, null, tenantId);
            if (opened != null) {
                return opened;
            }
        }
        throw new WhatsAppNotConfiguredException("The tenant's access token cannot be decrypted with SECRETS_KEY"
                + (previous == null ? "" : " or SECRETS_KEY_PREVIOUS")
                + " (was the key changed?); set the tenant's WhatsApp credentials again");
    }

    /** Whether {@code stored} is sealed with the current key in the current format (nothing to re-encrypt). */
    public boolean sealedWithCurrent(byte[] stored) {
        return current != null && startsWith(stored, current.header());
    }

    /** The header every ciphertext sealed with the current key starts with (what the re-encryption job skips). */
    public byte[] currentHeader() {
        requireKey();
        return current.header().clone();
    }

    /** {@code stored} opened and sealed again with the current key. */
    public byte[] reseal(byte[] stored, UUID tenantId) {
        return encrypt(decrypt(stored, tenantId), tenantId);
    }

    private Key[] keys() {
        return previous == null ? new Key[] {current} : new Key[] {current, previous};
    }

    private static String open(Key key, byte[] stored, int offset, byte[] header, UUID tenantId) {
        if (stored.length < offset + NONCE_BYTES + TAG_BITS / 8) {
            return null;
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key.spec(),
                    Arrays.copyOfRange(stored, offset, offset + NONCE_BYTES), header, tenantId);
            return new String(cipher.doFinal(stored, offset + NONCE_BYTES, stored.length - offset - NONCE_BYTES),
                    StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    private static Cipher cipher(int mode, SecretKeySpec key, byte[] nonce, byte[] header, UUID tenantId)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        if (header != null) {
            cipher.updateAAD(header);
        }
        cipher.updateAAD(tenantId.toString().getBytes(StandardCharsets.US_ASCII));
        return cipher;
    }

    private static boolean startsWith(byte[] stored, byte[] header) {
        return stored.length > header.length && Arrays.equals(stored, 0, header.length, header, 0, header.length);
    }

    private void requireKey() {
        if (current == null) {
            throw new WhatsAppNotConfiguredException("SECRETS_KEY is not set: a tenant's own access token cannot be"
                    + " used or stored");
        }
    }

    private static Key key(String value, String name) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(name + " must be 32 bytes in base64 (openssl rand -base64 32)");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException(name + " must be 32 bytes in base64 (openssl rand -base64 32); it"
                    + " decodes to " + bytes.length + " bytes");
        }
        byte[] header = new byte[HEADER_BYTES];
        header[0] = FORMAT;
        try {
            System.arraycopy(MessageDigest.getInstance("SHA-256").digest(bytes), 0, header, 1, KEY_ID_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return new Key(new SecretKeySpec(bytes, "AES"), header);
    }
}
