package dev.wagateway.api;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Where a page of a list ended: the last row's keyset {@code (created_at, id)}, handed out as an opaque
 * {@code next_cursor} (base64url). It names the list it came from and carries a checksum, so a cursor of another list,
 * a truncated or an altered one is refused (VALIDATION_ERROR) rather than read as some other position. The checksum is
 * no secret: a forged cursor is only a position, and every list's query keeps to the caller's own rows anyway.
 */
public record PageCursor(Instant createdAt, UUID id) {

    /** The lists that page: a cursor of one is refused by the others. */
    public enum Kind {
        MESSAGES, BATCHES, DELIVERIES, CONTACTS
    }

    private static final byte VERSION = 1;
    private static final int PAYLOAD = 1 + 1 + Long.BYTES + 2 * Long.BYTES;
    private static final int CHECK = 8;

    public PageCursor {
        createdAt = createdAt.truncatedTo(ChronoUnit.MICROS); // PostgreSQL's precision: the row's own value
    }

    /**
     * Rows after this position in {@code column DESC, id DESC} order: the condition for {@code sql} (with a leading
     * AND) and its three arguments for {@code args}. {@code column <= ?} bounds the index scan; the row comparison
     * leaves out the rows already shown.
     */
    public void restrict(StringBuilder sql, List<Object> args, String column) {
        sql.append(" AND ").append(column).append(" <= ? AND (").append(column).append(", id) < (?, ?)");
        args.add(Timestamp.from(createdAt));
        args.add(Timestamp.from(createdAt));
        args.add(id);
    }

    public String encode(Kind kind) {
        ByteBuffer raw = ByteBuffer.allocate(PAYLOAD + CHECK);
        raw.put(VERSION).put((byte) kind.ordinal()).putLong(micros(createdAt))
                .putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        raw.put(check(Arrays.copyOf(raw.array(), PAYLOAD)));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.array());
    }

    /** The cursor of {@code kind} the API gave out; anything else → VALIDATION_ERROR. Empty or absent: null. */
    public static PageCursor decode(String cursor, Kind kind) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (raw.length != PAYLOAD + CHECK || raw[0] != VERSION || raw[1] != (byte) kind.ordinal()
                || !MessageDigest.isEqual(check(Arrays.copyOf(raw, PAYLOAD)), Arrays.copyOfRange(raw, PAYLOAD, raw.length))) {
            throw invalid();
        }
        ByteBuffer in = ByteBuffer.wrap(raw, 2, PAYLOAD - 2);
        long micros = in.getLong();
        return new PageCursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), new UUID(in.getLong(), in.getLong()));
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    private static byte[] check(byte[] payload) {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(payload), CHECK);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ApiException invalid() {
        return ApiException.validation("cursor is not one this list gave out (pass next_cursor as it was given)");
    }
}
