package dev.wagateway.callback;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.wagateway.contact.ContactView;
import dev.wagateway.ingest.BatchQueries;
import dev.wagateway.message.Message;
import dev.wagateway.message.MessageDetailView;
import dev.wagateway.message.MessageRepository;
import dev.wagateway.tenant.Caller;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes an event for a tenant's endpoint as a pending {@code callback_deliveries} row, in the transaction of the
 * change it reports (every method joins the caller's; there must be one): if that rolls back, no event exists. Only
 * for a tenant whose callback subscribes to the type. The body is rendered here, once, as the event stands: the
 * message as {@code GET /messages/{id}} shows it, with its {@code sequence} among its events; a contact as
 * {@code GET /contacts/{id}} shows it.
 */
@Component("callbackEvents")
@Transactional(propagation = Propagation.MANDATORY)
public class CallbackEvents {

    /** The JSON posted: {@code {id, type, created_at, tenant_id, data}}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"id", "type", "created_at", "tenant_id", "data"})
    public record EventBody(UUID id, EventType type, Instant createdAt, UUID tenantId, Map<String, Object> data) {

        /** The exact text posted (and signed), rendered once. */
        String render(ObjectMapper json) {
            try {
                return json.writeValueAsString(this);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Event " + id + " could not be written as JSON", e);
            }
        }
    }

    /** {@code data.message} of a message event. */
    public record MessageData(@JsonUnwrapped MessageDetailView message, int sequence) {
    }

    /** {@code data.message} of {@code message.received}: also who wrote it and when it reached us. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record InboundData(@JsonUnwrapped MessageDetailView message, String from, Instant receivedAt,
            int sequence) {
    }

    private static final String INSERT = "INSERT INTO callback_deliveries (id, event_id, tenant_id, type, message_id,"
            + " sequence, body, next_attempt_at, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final JdbcTemplate jdbc;
    private final MessageRepository messages;
    private final BatchQueries batches;
    private final ObjectMapper json;
    private final CallbackSettings settings;
    private final Clock clock;

    public CallbackEvents(JdbcTemplate jdbc, MessageRepository messages, BatchQueries batches, ObjectMapper json,
            CallbackSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.messages = messages;
        this.batches = batches;
        this.json = json;
        this.settings = settings;
        this.clock = clock;
    }

    /** A message's status changed (the entity holds the new state). */
    public void messageChanged(Message message, EventType type) {
        if (subscribed(message.getTenantId(), type)) {
            int sequence = nextSequence(message.getId());
            store(message.getTenantId(), type, message.getId(), sequence,
                    Map.of("message", new MessageData(MessageDetailView.of(message), sequence)));
        }
    }

    /**
     * Messages recorded {@code sent} in this transaction, whose tenants want {@code message.sent} (the statement
     * that recorded them told: {@code SentRecorder}): their events in three statements, however many they are. A
     * message that has its {@code message.sent} already (recorded sent a second time) gets no other.
     */
    public void messagesSent(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return;
        }
        Map<UUID, Integer> last = new HashMap<>();
        Set<UUID> told = new HashSet<>();
        jdbc.query("SELECT message_id, max(sequence), bool_or(type = 'message.sent') FROM callback_deliveries"
                + " WHERE message_id = ANY (?) GROUP BY message_id", rs -> {
                    last.put(rs.getObject(1, UUID.class), rs.getInt(2));
                    if (rs.getBoolean(3)) {
                        told.add(rs.getObject(1, UUID.class));
                    }
                }, new SqlArrayValue("uuid", ids.toArray()));
        List<Object[]> rows = new ArrayList<>();
        for (Message message : messages.findAllById(ids.stream().filter(id -> !told.contains(id)).toList())) {
            int sequence = last.getOrDefault(message.getId(), 0) + 1;
            rows.add(row(message.getTenantId(), EventType.MESSAGE_SENT, message.getId(), sequence,
                    Map.of("message", new MessageData(MessageDetailView.of(message), sequence))));
        }
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(INSERT, rows);
        }
    }

    /**
     * The tenant's inbound message was stored: {@code from} its sender's phone (E.164). The message is read only
     * when the tenant wants the event.
     */
    public void inboundStored(UUID tenantId, UUID messageId, String from, Instant receivedAt) {
        if (subscribed(tenantId, EventType.MESSAGE_RECEIVED)) {
            Message message = messages.findById(messageId).orElseThrow();
            int sequence = nextSequence(messageId);
            store(message.getTenantId(), EventType.MESSAGE_RECEIVED, messageId, sequence, Map.of("message",
                    new InboundData(MessageDetailView.of(message), from, receivedAt, sequence)));
        }
    }

    /** A dropped file's batch is done: told to its tenant when every row of it was that one tenant's. */
    public void batchFinished(UUID batchId) {
        List<UUID> tenants = jdbc.queryForList("SELECT tenant_id FROM batch_tenants WHERE batch_id = ?", UUID.class,
                batchId);
        if (tenants.size() == 1 && subscribed(tenants.get(0), EventType.BATCH_FINISHED)) {
            UUID tenant = tenants.get(0);
            store(tenant, EventType.BATCH_FINISHED, null, null,
                    Map.of("batch", batches.get(new Caller(tenant), batchId.toString())));
        }
    }

    /**
     * The tenant's contact opted out or back in ({@code contact.opted_out}, {@code contact.opted_in}):
     * {@code data.contact} as {@code GET /contacts/{id}} shows it after the change.
     */
    public void contactChanged(ContactView contact, EventType type) {
        if (subscribed(contact.tenantId(), type)) {
            store(contact.tenantId(), type, null, null, Map.of("contact", contact));
        }
    }

    /** Which of these tenants' endpoints want this type: the SQL that {@code SentRecorder} runs in its update. */
    public static String subscribedSql(String tenantColumn, EventType type) {
        return "EXISTS (SELECT 1 FROM tenant_callbacks c WHERE c.tenant_id = " + tenantColumn + " AND '"
                + type.wireName() + "' = ANY (c.events))";
    }

    private boolean subscribed(UUID tenant, EventType type) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT " + subscribedSql("?", type), Boolean.class, tenant));
    }

    /** The message's row is locked by the change being recorded, so no other transaction takes the same number. */
    private int nextSequence(UUID messageId) {
        return jdbc.queryForObject("SELECT coalesce(max(sequence), 0) + 1 FROM callback_deliveries"
                + " WHERE message_id = ?", Integer.class, messageId);
    }

    private void store(UUID tenant, EventType type, UUID messageId, Integer sequence, Map<String, Object> data) {
        jdbc.update(INSERT, row(tenant, type, messageId, sequence, data));
    }

    /** The insert's values: a new event, its body rendered now, due at once. */
    private Object[] row(UUID tenant, EventType type, UUID messageId, Integer sequence, Map<String, Object> data) {
        Instant now = clock.instant();
        UUID eventId = UUID.randomUUID();
        String body = new EventBody(eventId, type, now, tenant, data).render(json);
        return new Object[] {UUID.randomUUID(), eventId, tenant, type.wireName(), messageId, sequence, body,
            Timestamp.from(now), Timestamp.from(now.plus(settings.maxAge())), Timestamp.from(now)};
    }
}
