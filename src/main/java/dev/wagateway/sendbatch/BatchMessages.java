package dev.wagateway.sendbatch;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.wagateway.api.ApiException;
import dev.wagateway.api.Envelope;
import dev.wagateway.ingest.Chunk;
import dev.wagateway.ingest.ChunkRecipients;
import dev.wagateway.message.MessageReferences;
import dev.wagateway.message.SendRequests.SendCommand;
import dev.wagateway.redelivery.RedeliverySettings;
import dev.wagateway.tenant.Caller;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

/**
 * Stores a batch's valid items, in the route's transaction ({@code inTransaction}) and with set-based SQL: the
 * recipients as a file's chunk resolves them ({@link ChunkRecipients}: a {@code to} phone's contact found or created,
 * CONTACT_NOT_FOUND for a contactId not the tenant's, OUTSIDE_CUSTOMER_SERVICE_WINDOW when enforced, conversations
 * found or created), then every message in one multi-row INSERT, {@code queued} with no lease: the redelivery route
 * sends them when due (now, or at a scheduled item's {@code sendAt}), within the rate limits. Items naming messages
 * (a {@code replyTo}, a reaction) are resolved in their conversations by one more statement for all of them
 * ({@link MessageReferences}), each refused alone (MESSAGE_NOT_FOUND, VALIDATION_ERROR) as a single send would be.
 */
@Component("batchMessages")
public class BatchMessages {

    private static final String INSERT = """
            INSERT INTO messages (id, tenant_id, conversation_id, contact_id, type, content, status, attempts,
                next_attempt_at, metadata, created_at, updated_at, expires_at, client_reference, scheduled_at,
                reply_to, context_message_id)
            SELECT u.id, ?, u.conversation, u.contact, u.type, u.content, 'queued', 0,
                COALESCE(u.scheduled, ?), '{}'::jsonb, ?, ?, u.expires, u.reference, u.scheduled, u.reply, u.context
            FROM unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::timestamptz[],
                ?::timestamptz[], ?::uuid[], ?::text[])
                AS u(id, conversation, contact, type, content, reference, scheduled, expires, reply, context)""";

    private final JdbcTemplate jdbc;
    private final ChunkRecipients recipients;
    private final MessageReferences references;
    private final RedeliverySettings redelivery;
    private final Clock clock;

    public BatchMessages(JdbcTemplate jdbc, ChunkRecipients recipients, MessageReferences references,
            RedeliverySettings redelivery, Clock clock) {
        this.jdbc = jdbc;
        this.recipients = recipients;
        this.references = references;
        this.redelivery = redelivery;
        this.clock = clock;
    }

    /** The valid items stored as queued messages; every item's outcome, in request order. */
    public BatchResult store(Caller caller, BatchIntake intake) {
        UUID tenant = caller.tenant();
        Chunk chunk = Chunk.ofItems();
        for (BatchIntake.Item item : intake.items()) {
            SendCommand command = item.command();
            if (command != null) {
                chunk.accept(item.index(), tenant, command.contactId(), command.phone(), command.type());
            }
        }
        recipients.resolveForTenant(chunk, tenant);
        Map<Integer, Envelope.Error> refused = new HashMap<>();
        for (Chunk.Rejected rejected : chunk.rejected()) {
            refused.put(rejected.row(), new Envelope.Error(rejected.code().name(), rejected.message()));
        }
        Map<Integer, SendCommand> commands = resolveReferences(tenant, intake, chunk.accepted(), refused);
        Map<Integer, UUID> stored = insert(tenant, commands, chunk.accepted());
        List<BatchResult.Item> results = new ArrayList<>(intake.items().size());
        for (BatchIntake.Item item : intake.items()) {
            int index = item.index();
            Envelope.Error error = item.error() != null
                    ? new Envelope.Error(item.error().code().name(), item.error().getMessage()) : refused.get(index);
            results.add(new BatchResult.Item(index, error == null ? stored.get(index) : null, error));
        }
        return new BatchResult(stored.size(), results.size() - stored.size(), results);
    }

    /**
     * The accepted items' commands by index, those naming messages resolved in their conversations (one statement
     * for all); an item whose reference is refused goes to {@code refused} instead.
     */
    private Map<Integer, SendCommand> resolveReferences(UUID tenant, BatchIntake intake, List<Chunk.Accepted> accepted,
            Map<Integer, Envelope.Error> refused) {
        Map<Integer, SendCommand> commands = new HashMap<>();
        List<UUID> named = new ArrayList<>();
        for (Chunk.Accepted row : accepted) {
            SendCommand command = intake.items().get(row.row()).command();
            commands.put(row.row(), command);
            named.add(command.replyTo());
            named.add(command.reactionTarget());
        }
        Map<UUID, MessageReferences.Target> targets = references.targets(tenant, named);
        for (Chunk.Accepted row : accepted) {
            SendCommand command = commands.get(row.row());
            if (command.refersToMessages()) {
                try {
                    commands.put(row.row(), MessageReferences.resolved(command, row.conversationId(), targets));
                } catch (ApiException notFound) {
                    commands.remove(row.row());
                    refused.put(row.row(), new Envelope.Error(notFound.code().name(), notFound.getMessage()));
                }
            }
        }
        return commands;
    }

    /** One INSERT for every item still accepted; each item's new message id. */
    private Map<Integer, UUID> insert(UUID tenant, Map<Integer, SendCommand> commands, List<Chunk.Accepted> all) {
        Map<Integer, UUID> ids = new HashMap<>();
        List<Chunk.Accepted> accepted = all.stream().filter(row -> commands.containsKey(row.row())).toList();
        if (accepted.isEmpty()) {
            return ids;
        }
        Instant now = clock.instant();
        int n = accepted.size();
        UUID[] id = new UUID[n];
        UUID[] conversation = new UUID[n];
        UUID[] contact = new UUID[n];
        String[] type = new String[n];
        String[] content = new String[n];
        String[] reference = new String[n];
        Timestamp[] scheduled = new Timestamp[n];
        Timestamp[] expires = new Timestamp[n];
        UUID[] reply = new UUID[n];
        String[] context = new String[n];
        for (int i = 0; i < n; i++) {
            Chunk.Accepted row = accepted.get(i);
            SendCommand command = commands.get(row.row());
            id[i] = UUID.randomUUID();
            conversation[i] = row.conversationId();
            contact[i] = row.contactId();
            type[i] = command.type();
            content[i] = command.content();
            reference[i] = command.clientReference();
            Instant sendAt = command.sendAt();
            scheduled[i] = sendAt == null ? null : Timestamp.from(sendAt);
            expires[i] = Timestamp.from((sendAt == null ? now : sendAt).plus(redelivery.messageTtl()));
            reply[i] = command.replyTo();
            context[i] = command.contextMessageId();
            ids.put(row.row(), id[i]);
        }
        Timestamp at = Timestamp.from(now);
        jdbc.update(INSERT, tenant, at, at, at, array("uuid", id), array("uuid", conversation), array("uuid", contact),
                array("text", type), array("text", content), array("text", reference), array("timestamptz", scheduled),
                array("timestamptz", expires), array("uuid", reply), array("text", context));
        return ids;
    }

    private static SqlArrayValue array(String type, Object[] values) {
        return new SqlArrayValue(type, values);
    }
}
