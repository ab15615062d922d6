package dev.wagateway.message;

import java.util.List;
import java.util.UUID;

import dev.wagateway.api.ApiException;
import dev.wagateway.api.ErrorCode;
import dev.wagateway.api.Requests;
import dev.wagateway.tenant.Caller;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The read side of messages: one by id, and a tenant's list, newest first. */
@Component("messageQueries")
public class MessageQueries {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final MessageRepository messages;

    public MessageQueries(MessageRepository messages) {
        this.messages = messages;
    }

    /** {@code GET /messages/{id}}: the caller's message; another tenant's is not found. */
    @Transactional(readOnly = true)
    public MessageDetailView get(Caller caller, String id) {
        return MessageDetailView.of(requireOwn(caller, Requests.uuid(id, "id")));
    }

    /** {@code GET /messages?tenantId=&status=&limit=}: the caller's messages ({@code tenantId} optional). */
    @Transactional(readOnly = true)
    public List<MessageDetailView> list(Caller caller, String tenantId, String status, String limit) {
        UUID tenant = caller.tenantFor(tenantId);
        MessageStatus wanted = parseStatus(status);
        int max = Requests.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        List<Message> found = wanted == null
                ? messages.findByTenantIdOrderByCreatedAtDescIdDesc(tenant, Limit.of(max))
                : messages.findByTenantIdAndStatusOrderByCreatedAtDescIdDesc(tenant, wanted, Limit.of(max));
        return found.stream().map(MessageDetailView::of).toList();
    }

    private Message requireOwn(Caller caller, UUID id) {
        UUID tenant = caller.tenant();
        return messages.findById(id).filter(m -> m.getTenantId().equals(tenant)).orElseThrow(() -> notFound(id));
    }

    /** 404 MESSAGE_NOT_FOUND, as every message endpoint answers it. */
    public static ApiException notFound(UUID id) {
        return new ApiException(ErrorCode.MESSAGE_NOT_FOUND, "Message " + id + " not found");
    }

    private static MessageStatus parseStatus(String status) {
        if (status == null || status.isEmpty()) {
            return null;
        }
        try {
            return MessageStatus.parse(status);
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("status must be one of: " + MessageStatus.allowedValues());
        }
    }
}
