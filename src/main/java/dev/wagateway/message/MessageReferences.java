package dev.wagateway.message;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import dev.wagateway.api.ApiException;
import dev.wagateway.message.SendRequests.SendCommand;
import dev.wagateway.message.content.MessageContents;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

/**
 * A send's {@code replyTo} and a reaction's {@code messageId}, resolved to the WhatsApp ids the Cloud API needs
 * ({@code context.message_id}, the reaction's {@code message_id}), in one statement and only when a send names a
 * message: a plain send runs none. The message must be in the send's conversation (same tenant, same contact),
 * inbound or outbound: else 404 MESSAGE_NOT_FOUND, as for a message of another tenant; one that WhatsApp has no id
 * for yet (never sent) is a VALIDATION_ERROR. A batch resolves all its items' in one statement too ({@link #targets}).
 */
@Component("messageReferences")
public class MessageReferences {

    private static final String FIND = "SELECT id, conversation_id, external_message_id FROM messages"
            + " WHERE tenant_id = ? AND id = ANY(?::uuid[])";

    /** A message named by a send: its conversation, and its WhatsApp id (null: never sent). */
    public record Target(UUID conversationId, String whatsAppId) {
    }

    private final JdbcTemplate jdbc;

    public MessageReferences(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The command with its references resolved; unchanged, without a statement, when it names no message. */
    public SendCommand resolve(SendCommand command, Destination destination) {
        if (!command.refersToMessages()) {
            return command;
        }
        return resolved(command, destination.conversationId(),
                targets(command.tenantId(), Arrays.asList(command.replyTo(), command.reactionTarget())));
    }

    /** The tenant's messages among these ids (nulls passed over), in one statement. */
    public Map<UUID, Target> targets(UUID tenantId, Collection<UUID> ids) {
        Map<UUID, Target> found = new HashMap<>();
        Object[] named = ids.stream().filter(id -> id != null).distinct().toArray();
        if (named.length == 0) {
            return found;
        }
        jdbc.query(FIND, rs -> {
            found.put(rs.getObject(1, UUID.class), new Target(rs.getObject(2, UUID.class), rs.getString(3)));
        }, tenantId, new SqlArrayValue("uuid", named));
        return found;
    }

    /**
     * A command naming messages, resolved with the targets found for its tenant, in its conversation: 404
     * MESSAGE_NOT_FOUND for one not found there, VALIDATION_ERROR for one never sent.
     */
    public static SendCommand resolved(SendCommand command, UUID conversationId, Map<UUID, Target> targets) {
        String context = command.replyTo() == null ? null
                : whatsAppId(targets, conversationId, command.replyTo(), "replyTo");
        String content = command.reactionTarget() == null ? command.content()
                : MessageContents.reactingTo(command.content(),
                        whatsAppId(targets, conversationId, command.reactionTarget(), "reaction.messageId"));
        return command.resolved(content, context);
    }

    private static String whatsAppId(Map<UUID, Target> targets, UUID conversationId, UUID id, String field) {
        Target target = targets.get(id);
        if (target == null || !target.conversationId().equals(conversationId)) {
            throw MessageQueries.notFound(id);
        }
        if (target.whatsAppId() == null) {
            throw ApiException.validation(field + ": message " + id
                    + " has no WhatsApp id yet (it has not been sent)");
        }
        return target.whatsAppId();
    }
}
