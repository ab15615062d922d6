package dev.wagateway.ingest;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

import dev.wagateway.api.ErrorCode;
import dev.wagateway.contact.Contacts;
import dev.wagateway.message.CustomerServiceWindow;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

/**
 * Who each accepted row of a chunk is for, in the chunk's transaction and with set-based SQL (a few statements per
 * chunk, whatever its size): tenant and contact checked as the REST send checks them, an unknown phone made a
 * contact, a contact who opted out refused, the 24-hour window when it is enforced, and the conversation of
 * (tenant, contact) found or created.
 */
@Component("chunkRecipients")
public class ChunkRecipients {

    private record TenantPhone(UUID tenantId, String phone) {
    }

    private record TenantContact(UUID tenantId, UUID contactId) {
    }

    private final JdbcTemplate jdbc;
    private final CustomerServiceWindow window;
    private final Clock clock;

    public ChunkRecipients(JdbcTemplate jdbc, CustomerServiceWindow window, Clock clock) {
        this.jdbc = jdbc;
        this.window = window;
        this.clock = clock;
    }

    /**
     * TENANT_NOT_FOUND, CONTACT_NOT_FOUND (also another tenant's contact) and CONTACT_OPTED_OUT as in the REST send;
     * an unknown phone in a known tenant becomes a contact (which has not opted out); each row gets the conversation
     * of (tenant, contact), found or created.
     */
    public Chunk resolve(Chunk chunk, IngestBatch batch) {
        return resolve(chunk, batch.knownTenants);
    }

    /**
     * The items of a batch send ({@link Chunk#ofItems()}), all of the API key's tenant (which exists): the same
     * checks and statements as for a file's chunk; a rejected item moves to {@link Chunk#rejected()}.
     */
    public Chunk resolveForTenant(Chunk chunk, UUID tenantId) {
        Map<UUID, Boolean> known = new HashMap<>();
        known.put(tenantId, true);
        return resolve(chunk, known);
    }

    private Chunk resolve(Chunk chunk, Map<UUID, Boolean> knownTenants) {
        lookUpTenants(chunk, knownTenants);
        reject(chunk, row -> Boolean.TRUE.equals(knownTenants.get(row.tenantId)) ? null
                : ErrorCode.TENANT_NOT_FOUND, row -> "Tenant " + row.tenantId + " not found");
        Set<UUID> optedOut = new HashSet<>();
        Map<UUID, UUID> contactTenants = contactTenants(chunk, optedOut);
        reject(chunk, row -> row.contactId == null || row.tenantId.equals(contactTenants.get(row.contactId)) ? null
                : ErrorCode.CONTACT_NOT_FOUND, row -> "Contact " + row.contactId + " not found");
        createContactsByPhone(chunk, optedOut);
        reject(chunk, row -> optedOut.contains(row.contactId) ? ErrorCode.CONTACT_OPTED_OUT : null,
                row -> Contacts.optedOut(row.contactId).getMessage());
        if (window.enforced()) {
            Map<TenantContact, Instant> lastInbound = lastInbound(chunk);
            reject(chunk, row -> window.refuses(row.type, lastInbound.get(new TenantContact(row.tenantId,
                    row.contactId))) ? ErrorCode.OUTSIDE_CUSTOMER_SERVICE_WINDOW : null,
                    row -> CustomerServiceWindow.outside(row.contactId).getMessage());
        }
        openConversations(chunk);
        return chunk;
    }

    private void lookUpTenants(Chunk chunk, Map<UUID, Boolean> knownTenants) {
        UUID[] unseen = chunk.accepted().stream().map(row -> row.tenantId)
                .filter(id -> !knownTenants.containsKey(id)).distinct().toArray(UUID[]::new);
        if (unseen.length == 0) {
            return;
        }
        // answers recorded only once known: a chunk written at the same time never reads a half-made answer
        Set<UUID> found = new HashSet<>();
        query("SELECT id FROM tenants WHERE id = ANY(?)", List.of(array("uuid", unseen)),
                rs -> found.add(rs.getObject(1, UUID.class)));
        for (UUID id : unseen) {
            knownTenants.put(id, found.contains(id));
        }
    }

    /** Each contact's tenant, by id; the contacts that opted out are added to {@code optedOut}. */
    private Map<UUID, UUID> contactTenants(Chunk chunk, Set<UUID> optedOut) {
        UUID[] ids = chunk.accepted().stream().map(row -> row.contactId).filter(id -> id != null).distinct()
                .toArray(UUID[]::new);
        Map<UUID, UUID> tenants = new HashMap<>();
        if (ids.length > 0) {
            query("SELECT id, tenant_id, opted_out_at IS NOT NULL FROM contacts WHERE id = ANY(?)",
                    List.of(array("uuid", ids)), rs -> {
                        tenants.put(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class));
                        if (rs.getBoolean(3)) {
                            optedOut.add(rs.getObject(1, UUID.class));
                        }
                    });
        }
        return tenants;
    }

    /** A phone's contact, found or created; the found ones that opted out are added to {@code optedOut}. */
    private void createContactsByPhone(Chunk chunk, Set<UUID> optedOut) {
        // sorted: chunks written at once lock the same new contacts in the same order (no deadlock)
        Map<TenantPhone, String> names = new TreeMap<>(Comparator.comparing(TenantPhone::tenantId)
                .thenComparing(TenantPhone::phone));
        for (Chunk.Accepted row : chunk.accepted()) {
            if (row.phone != null) {
                names.putIfAbsent(new TenantPhone(row.tenantId, row.phone), row.name);
            }
        }
        if (names.isEmpty()) {
            return;
        }
        UUID[] tenants = names.keySet().stream().map(TenantPhone::tenantId).toArray(UUID[]::new);
        String[] phones = names.keySet().stream().map(TenantPhone::phone).toArray(String[]::new);
        update("INSERT INTO contacts (id, tenant_id, name, phone, created_at)"
                + " SELECT gen_random_uuid(), t, n, p, ? FROM unnest(?::uuid[], ?::text[], ?::text[]) AS u(t, p, n)"
                + " ON CONFLICT (tenant_id, phone) DO NOTHING", List.of(Timestamp.from(clock.instant()),
                        array("uuid", tenants), array("text", phones),
                        array("text", names.values().toArray(String[]::new))));
        Map<TenantPhone, UUID> ids = new HashMap<>();
        query("SELECT c.id, c.tenant_id, c.phone, c.opted_out_at IS NOT NULL FROM contacts c"
                + " JOIN unnest(?::uuid[], ?::text[]) AS u(t, p) ON c.tenant_id = u.t AND c.phone = u.p",
                List.of(array("uuid", tenants), array("text", phones)), rs -> {
                    ids.put(new TenantPhone(rs.getObject(2, UUID.class), rs.getString(3)), rs.getObject(1, UUID.class));
                    if (rs.getBoolean(4)) {
                        optedOut.add(rs.getObject(1, UUID.class));
                    }
                });
        for (Chunk.Accepted row : chunk.accepted()) {
            if (row.phone != null) {
                row.contactId = ids.get(new TenantPhone(row.tenantId, row.phone));
            }
        }
    }

    /** One upsert for the chunk's conversations: created if new, {@code last_message_at} moved to now. */
    private void openConversations(Chunk chunk) {
        List<TenantContact> pairs = chunk.accepted().stream().map(row -> new TenantContact(row.tenantId,
                row.contactId)).distinct().sorted(Comparator.comparing(TenantContact::tenantId)
                        .thenComparing(TenantContact::contactId)).toList();
        if (pairs.isEmpty()) {
            return;
        }
        Map<TenantContact, UUID> ids = new HashMap<>();
        Timestamp now = Timestamp.from(clock.instant());
        query("INSERT INTO conversations (id, tenant_id, contact_id, last_message_at, created_at)"
                + " SELECT gen_random_uuid(), t, c, ?, ? FROM unnest(?::uuid[], ?::uuid[]) AS u(t, c)"
                + " ON CONFLICT (tenant_id, contact_id) DO UPDATE SET last_message_at ="
                + " GREATEST(conversations.last_message_at, EXCLUDED.last_message_at)"
                + " RETURNING id, tenant_id, contact_id",
                List.of(now, now, array("uuid", pairs.stream().map(TenantContact::tenantId).toArray(UUID[]::new)),
                        array("uuid", pairs.stream().map(TenantContact::contactId).toArray(UUID[]::new))),
                rs -> ids.put(new TenantContact(rs.getObject(2, UUID.class), rs.getObject(3, UUID.class)),
                        rs.getObject(1, UUID.class)));
        for (Chunk.Accepted row : chunk.accepted()) {
            row.conversationId = ids.get(new TenantContact(row.tenantId, row.contactId));
        }
    }

    /** When each contact of the chunk last wrote (no entry: never). */
    private Map<TenantContact, Instant> lastInbound(Chunk chunk) {
        Map<TenantContact, Instant> found = new HashMap<>();
        List<TenantContact> pairs = chunk.accepted().stream().map(row -> new TenantContact(row.tenantId,
                row.contactId)).distinct().toList();
        if (!pairs.isEmpty()) {
            query("SELECT c.tenant_id, c.contact_id, c.last_inbound_at FROM conversations c"
                    + " JOIN unnest(?::uuid[], ?::uuid[]) AS u(t, k) ON c.tenant_id = u.t AND c.contact_id = u.k"
                    + " WHERE c.last_inbound_at IS NOT NULL",
                    List.of(array("uuid", pairs.stream().map(TenantContact::tenantId).toArray(UUID[]::new)),
                            array("uuid", pairs.stream().map(TenantContact::contactId).toArray(UUID[]::new))),
                    rs -> found.put(new TenantContact(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)),
                            rs.getTimestamp(3).toInstant()));
        }
        return found;
    }

    private static void reject(Chunk chunk, Function<Chunk.Accepted, ErrorCode> check,
            Function<Chunk.Accepted, String> message) {
        for (Iterator<Chunk.Accepted> rows = chunk.accepted().iterator(); rows.hasNext();) {
            Chunk.Accepted row = rows.next();
            ErrorCode code = check.apply(row);
            if (code != null) {
                rows.remove();
                chunk.rejected().add(new Chunk.Rejected(row.row, code, message.apply(row)));
            }
        }
    }

    /** A set-based statement's rows: its array parameters are {@link #array}s. */
    private void query(String sql, List<Object> params, RowCallbackHandler rows) {
        jdbc.query(sql, rows, params.toArray());
    }

    private void update(String sql, List<Object> params) {
        jdbc.update(sql, params.toArray());
    }

    /** A PostgreSQL array parameter ({@code unnest(?::uuid[])}, {@code = ANY(?)}), made on the statement's connection. */
    private static SqlArrayValue array(String type, Object[] values) {
        return new SqlArrayValue(type, values);
    }
}
