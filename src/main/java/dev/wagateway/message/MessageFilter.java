package dev.wagateway.message;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.wagateway.api.ApiException;
import dev.wagateway.api.PageCursor;
import dev.wagateway.api.Requests;

/**
 * The filters of {@code GET /messages}, checked (each bad one a VALIDATION_ERROR naming it), and the SQL they make:
 * the tenant's messages, newest first by the keyset {@code (created_at, id)}, after the cursor's row when there is one.
 * Every condition narrows an index's range (V12: (tenant_id, created_at DESC, id DESC), the same with status first,
 * and by contact; V10: by client_reference), so a page costs its own rows, however deep.
 */
record MessageFilter(UUID tenantId, Set<String> statuses, UUID contactId, String clientReference,
        Instant createdAfter, Instant createdBefore, PageCursor after) {

    static final int MAX_CLIENT_REFERENCE = 128;

    /** The query's parameters as given (empty: as if absent). */
    static MessageFilter of(UUID tenantId, String status, String contactId, String clientReference,
            String createdAfter, String createdBefore, String cursor) {
        return new MessageFilter(tenantId, statuses(status), Requests.optionalUuid(contactId, "contactId"),
                clientReference(clientReference), Requests.timestamp(createdAfter, "createdAfter"),
                Requests.timestamp(createdBefore, "createdBefore"),
                PageCursor.decode(cursor, PageCursor.Kind.MESSAGES));
    }

    /**
     * {@code SELECT * FROM messages WHERE …}: at most {@code limit} rows; its parameters ({@code ?1}, {@code ?2}…) are
     * {@link #arguments}, in order.
     */
    String sql(int limit) {
        String sql = jdbcSql(limit);
        StringBuilder numbered = new StringBuilder();
        int parameter = 0;
        for (char c : sql.toCharArray()) {
            numbered.append(c);
            if (c == '?') {
                numbered.append(++parameter);
            }
        }
        return numbered.toString();
    }

    private String jdbcSql(int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM messages WHERE tenant_id = ?");
        if (!statuses.isEmpty()) {
            sql.append(" AND status IN (").append(String.join(", ", statuses.stream().map(s -> "?").toList()))
                    .append(')');
        }
        if (contactId != null) {
            sql.append(" AND contact_id = ?");
        }
        if (clientReference != null) {
            sql.append(" AND client_reference = ?");
        }
        if (createdAfter != null) {
            sql.append(" AND created_at > ?");
        }
        if (createdBefore != null) {
            sql.append(" AND created_at < ?");
        }
        if (after != null) {
            // created_at <= bounds the index scan; the row comparison leaves out the rows already shown
            sql.append(" AND created_at <= ? AND (created_at, id) < (?, ?)");
        }
        return sql.append(" ORDER BY created_at DESC, id DESC LIMIT ").append(limit).toString();
    }

    List<Object> arguments() {
        List<Object> args = new ArrayList<>();
        args.add(tenantId);
        args.addAll(statuses);
        if (contactId != null) {
            args.add(contactId);
        }
        if (clientReference != null) {
            args.add(clientReference);
        }
        if (createdAfter != null) {
            args.add(createdAfter);
        }
        if (createdBefore != null) {
            args.add(createdBefore);
        }
        if (after != null) {
            args.add(after.createdAt());
            args.add(after.createdAt());
            args.add(after.id());
        }
        return args;
    }

    /** {@code status}: one status or a comma list of them. */
    private static Set<String> statuses(String status) {
        Set<String> statuses = new LinkedHashSet<>();
        if (status == null || status.isEmpty()) {
            return statuses;
        }
        for (String one : status.split(",", -1)) {
            try {
                statuses.add(MessageStatus.parse(one.trim()).value());
            } catch (IllegalArgumentException e) {
                throw ApiException.validation("status must be one or a comma list of: " + MessageStatus.allowedValues());
            }
        }
        return statuses;
    }

    private static String clientReference(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        Requests.requireStorable(value, "clientReference");
        if (value.codePointCount(0, value.length()) > MAX_CLIENT_REFERENCE) {
            throw ApiException.validation("clientReference must be at most " + MAX_CLIENT_REFERENCE + " characters");
        }
        return value;
    }
}
