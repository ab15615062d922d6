package dev.wagateway.message;

import java.util.List;
import java.util.UUID;

import dev.wagateway.api.ApiException;
import dev.wagateway.api.ErrorCode;
import dev.wagateway.api.Page;
import dev.wagateway.api.PageCursor;
import dev.wagateway.api.Requests;
import dev.wagateway.tenant.Caller;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The read side of messages: one by id, and a tenant's list, newest first, a page at a time. */
@Component("messageQueries")
public class MessageQueries {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final MessageRepository messages;
    private final EntityManager entityManager;

    public MessageQueries(MessageRepository messages, EntityManager entityManager) {
        this.messages = messages;
        this.entityManager = entityManager;
    }

    /** {@code GET /messages/{id}}: the caller's message; another tenant's is not found. */
    @Transactional(readOnly = true)
    public MessageDetailView get(Caller caller, String id) {
        return MessageDetailView.of(requireOwn(caller, Requests.uuid(id, "id")));
    }

    /**
     * {@code GET /messages?tenantId=&status=&contactId=&clientReference=&createdAfter=&createdBefore=&limit=&cursor=}:
     * a page of the caller's messages, newest first ({@code tenantId} optional; see {@link MessageFilter}).
     */
    @Transactional(readOnly = true)
    public Page<MessageDetailView> list(Caller caller, String tenantId, String status, String contactId,
            String clientReference, String createdAfter, String createdBefore, String limit, String cursor) {
        UUID tenant = caller.tenantFor(tenantId);
        int max = Requests.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        MessageFilter filter = MessageFilter.of(tenant, status, contactId, clientReference, createdAfter,
                createdBefore, cursor);
        Query query = entityManager.createNativeQuery(filter.sql(max + 1), Message.class);
        List<Object> args = filter.arguments();
        for (int i = 0; i < args.size(); i++) {
            query.setParameter(i + 1, args.get(i));
        }
        @SuppressWarnings("unchecked")
        List<Message> found = query.getResultList();
        return Page.of(found.stream().map(MessageDetailView::of).toList(), max, PageCursor.Kind.MESSAGES,
                view -> view.message().createdAt(), view -> view.message().id());
    }

    private Message requireOwn(Caller caller, UUID id) {
        UUID tenant = caller.tenant();
        return messages.findById(id).filter(m -> m.getTenantId().equals(tenant)).orElseThrow(() -> notFound(id));
    }

    /** 404 MESSAGE_NOT_FOUND, as every message endpoint answers it. */
    public static ApiException notFound(UUID id) {
        return new ApiException(ErrorCode.MESSAGE_NOT_FOUND, "Message " + id + " not found");
    }
}
