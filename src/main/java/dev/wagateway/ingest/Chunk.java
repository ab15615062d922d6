package dev.wagateway.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.wagateway.api.ApiException;
import dev.wagateway.api.ErrorCode;

/**
 * Consecutive rows of a file, stored in one transaction. Validation sorts its rows into {@link #accepted()} and
 * {@link #rejected()}; resolving the recipients may move accepted rows to the rejected (unknown tenant or contact).
 */
public final class Chunk {

    /** A row that passed validation; {@code contactId} is null for a phone row until its contact is resolved. */
    public static final class Accepted {
        final int row;
        final UUID tenantId;
        UUID contactId;
        final String phone;
        final String name;
        final String type;
        final String content;
        final String clientReference;
        UUID conversationId;

        Accepted(int row, UUID tenantId, UUID contactId, String phone, String name, String type, String content,
                String clientReference) {
            this.row = row;
            this.tenantId = tenantId;
            this.contactId = contactId;
            this.phone = phone;
            this.name = name;
            this.type = type;
            this.content = content;
            this.clientReference = clientReference;
        }

        /** The row's number (a batch send's item: its index). */
        public int row() {
            return row;
        }

        /** The contact, once resolved. */
        public UUID contactId() {
            return contactId;
        }

        /** The (tenant, contact) conversation, once resolved. */
        public UUID conversationId() {
            return conversationId;
        }
    }

    /** A row that will not become a message, with the REST send's error code for it. */
    public record Rejected(int row, ErrorCode code, String message) {

        static Rejected of(int row, ApiException cause) {
            return new Rejected(row, cause.code(), cause.getMessage());
        }
    }

    private final List<RawRow> rows;
    private final int previousLastRow;
    private final List<Accepted> accepted = new ArrayList<>();
    private final List<Rejected> rejected = new ArrayList<>();

    Chunk(List<RawRow> rows, int previousLastRow) {
        this.rows = List.copyOf(rows);
        this.previousLastRow = previousLastRow;
    }

    /**
     * The items of a {@code POST /messages/batch} that passed the single send's validation, as a chunk without file
     * rows, so that {@link ChunkRecipients#resolveForTenant} resolves them as file rows are; {@code item}: the item's
     * index; a {@code phone} item's contact, if new, is named by its number (as a send to a phone's).
     */
    public static Chunk ofItems() {
        return new Chunk(List.of(), -1);
    }

    /** An item of {@link #ofItems()}: to {@code contactId}, or to {@code phone} (E.164) when that is null. */
    public void accept(int item, UUID tenantId, UUID contactId, String phone, String type) {
        accepted.add(new Accepted(item, tenantId, contactId, phone, phone, type, null, null));
    }

    public List<RawRow> rows() {
        return rows;
    }

    public List<Accepted> accepted() {
        return accepted;
    }

    public List<Rejected> rejected() {
        return rejected;
    }

    /** The last row of the chunk before this one (or the row a resumed run started after). */
    public int previousLastRow() {
        return previousLastRow;
    }

    /** The number of the chunk's last row: once the chunk has committed, a resumed run starts after it. */
    public int lastRow() {
        return rows.get(rows.size() - 1).row();
    }

    @Override
    public String toString() {
        if (rows.isEmpty()) {
            return "Chunk[" + accepted.size() + " items]";
        }
        return "Chunk[rows " + rows.get(0).row() + ".." + lastRow() + "]";
    }
}
