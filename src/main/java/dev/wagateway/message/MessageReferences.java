package dev.wagateway.message;

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
 * ({@code context.message_id}, the reaction's {@code message_id}), in one statement and only when the send names a
 * message: a plain send runs none. The message must be in the send's conversation (same tenant, same contact),
 * inbound or outbound: else 404 MESSAGE_NOT_FOUND, as for a message of another tenant; one that WhatsApp has no id
 * for yet (never sent) is a VALIDATION_ERROR.
 */
@Component("messageReferences")
public class MessageReferences {

    private static final String FIND = "SELECT id, external_message_id FROM messages"
            + " WHERE tenant_id = ? AND conversation_id = ? AND id = ANY(?::uuid[])";

    private final JdbcTemplate jdbc;

    public MessageReferences(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The command with its references resolved; unchanged, without a statement, when it names no message. */
    public SendCommand resolve(SendCommand command, Destination destination) {
        if (!command.refersToMessages()) {
            return command;
        }
        Map<UUID, String> found = new HashMap<>();
        jdbc.query(FIND, rs -> {
            found.put(rs.getObject(1, UUID.class), rs.getString(2));
        }, command.tenantId(), destination.conversationId(),
                new SqlArrayValue("uuid", new Object[] {command.replyTo(), command.reactionTarget()}));
        String context = command.replyTo() == null ? null : whatsAppId(found, command.replyTo(), "replyTo");
        String content = command.reactionTarget() == null ? command.content()
                : MessageContents.reactingTo(command.content(),
                        whatsAppId(found, command.reactionTarget(), "reaction.messageId"));
        return command.resolved(content, context);
    }

    private static String whatsAppId(Map<UUID, String> found, UUID id, String field) {
        if (!found.containsKey(id)) {
            throw MessageQueries.notFound(id);
        }
        String whatsAppId = found.get(id);
        if (whatsAppId == null) {
            throw ApiException.validation(field + ": message " + id
                    + " has no WhatsApp id yet (it has not been sent)");
        }
        return whatsAppId;
    }
}
