package dev.wagateway.tenant;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of a tenant's API key, {@code wag_<key id, 32 hex>_<secret, 43 base64url>}: the id finds the stored
 * hash, the 256-bit secret is what is hashed (SHA-256 of a per-key salt and the secret).
 */
final class ApiKeyCodec {

    private static final Pattern SHAPE = Pattern.compile("wag_([0-9a-f]{32})_([A-Za-z0-9_-]{43})");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    /** A presented key, split. */
    record Parsed(UUID keyId, byte[] secret) {
    }

    /** A key just made: its parts and the text shown once to the caller. */
    record Minted(UUID keyId, byte[] salt, byte[] hash, String text) {
    }

    private ApiKeyCodec() {
    }

    static Minted mint() {
        UUID keyId = UUID.randomUUID();
        byte[] secret = random(32);
        byte[] salt = random(16);
        String text = "wag_" + keyId.toString().replace("-", "") + "_" + BASE64URL.encodeToString(secret);
        return new Minted(keyId, salt, hash(salt, secret), text);
    }

    static Optional<Parsed> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = SHAPE.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        String hex = m.group(1);
        UUID keyId = new UUID(Long.parseUnsignedLong(hex.substring(0, 16), 16),
                Long.parseUnsignedLong(hex.substring(16), 16));
        byte[] secret = Base64.getUrlDecoder().decode(m.group(2));
        if (!BASE64URL.encodeToString(secret).equals(m.group(2))) {
            return Optional.empty(); // the last character's spare bits set: not the key as it was given out
        }
        return Optional.of(new Parsed(keyId, secret));
    }

    static boolean matches(byte[] salt, byte[] storedHash, byte[] secret) {
        return MessageDigest.isEqual(storedHash, hash(salt, secret));
    }

    static byte[] hash(byte[] salt, byte[] secret) {
        MessageDigest sha = sha256();
        sha.update(salt);
        return sha.digest(secret);
    }

    static byte[] sha256(byte[] bytes) {
        return sha256().digest(bytes);
    }


    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return b;
    }
}
