package dev.wagateway.contact;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.api.ApiException;
import dev.wagateway.api.Requests;
import dev.wagateway.callback.CallbackEvents;
import dev.wagateway.callback.EventType;
import dev.wagateway.message.OptedOutMessages;
import dev.wagateway.tenant.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A contact's consent, changed in one transaction with all that follows from it: {@code contacts.opted_out_at} set
 * (the first opt-out's time kept while the contact stays out) or cleared; on opting out, the contact's queued messages
 * that no instance is sending failed ({@link OptedOutMessages}); and {@code contact.opted_out} /
 * {@code contact.opted_in} for the tenant's endpoint. A change to what already is (STOP twice) changes nothing and
 * tells nothing. By an inbound text ({@link #inbound}, in the webhook event's transaction) or by hand
 * ({@code PUT /contacts/{id}/consent}, {@link #byHand}).
 */
@Component("consent")
public class Consent {

    /**
     * {@code PUT /contacts/{id}/consent} body. {@code optedOut} read as JSON, so that only {@code true} or
     * {@code false} counts: Jackson would take {@code "false"} or {@code 0} for a Boolean.
     */
    public record ConsentRequest(JsonNode optedOut) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Consent.class);
    private static final String LOCK = "SELECT id, tenant_id, name, phone, created_at, opted_out_at FROM contacts"
            + " WHERE id = ? AND tenant_id = ? FOR NO KEY UPDATE";
    private static final String CHANGE = "UPDATE contacts SET opted_out_at = CASE WHEN ? THEN ?::timestamptz END"
            + " WHERE id = ? RETURNING id, tenant_id, name, phone, created_at, opted_out_at";

    private final JdbcTemplate jdbc;
    private final ConsentKeywords keywords;
    private final OptedOutMessages optedOutMessages;
    private final CallbackEvents callbackEvents;
    private final Clock clock;

    public Consent(JdbcTemplate jdbc, ConsentKeywords keywords, OptedOutMessages optedOutMessages,
            CallbackEvents callbackEvents, Clock clock) {
        this.jdbc = jdbc;
        this.keywords = keywords;
        this.optedOutMessages = optedOutMessages;
        this.callbackEvents = callbackEvents;
        this.clock = clock;
    }

    /** An inbound message just stored for the tenant's contact: an opt-out or opt-in keyword changes its consent. */
    @Transactional
    public void inbound(UUID tenantId, UUID contactId, String type, String content) {
        keywords.optsOut(type, content).ifPresent(optOut -> change(tenantId, contactId, optOut, "keyword"));
    }

    /** {@code PUT /contacts/{id}/consent}: the caller's contact (CONTACT_NOT_FOUND otherwise), as it now stands. */
    @Transactional
    public ContactView byHand(Caller caller, String id, ConsentRequest request) {
        UUID tenantId = caller.tenant();
        UUID contactId = Requests.uuid(id, "id");
        Requests.body(request);
        if (request.optedOut() == null || !request.optedOut().isBoolean()) {
            throw ApiException.validation("optedOut is required: true or false");
        }
        return change(tenantId, contactId, request.optedOut().booleanValue(), "request");
    }

    private ContactView change(UUID tenantId, UUID contactId, boolean optOut, String by) {
        List<ContactView> locked = jdbc.query(LOCK, ContactQueries::view, contactId, tenantId);
        if (locked.isEmpty()) {
            throw Contacts.notFound(contactId);
        }
        if ((locked.get(0).optedOutAt() != null) == optOut) {
            return locked.get(0); // already so (STOP twice): the first opt-out's time kept, nothing to tell
        }
        Instant now = clock.instant();
        ContactView contact = jdbc.queryForObject(CHANGE, ContactQueries::view,
                optOut, Timestamp.from(now), contactId);
        int failed = optOut ? optedOutMessages.failQueued(tenantId, contactId, now) : 0;
        callbackEvents.contactChanged(contact, optOut ? EventType.CONTACT_OPTED_OUT : EventType.CONTACT_OPTED_IN);
        LOG.info("Contact {} of tenant {} opted {} by {}{}", contactId, tenantId, optOut ? "out" : "in", by,
                optOut ? "; " + failed + " queued message(s) failed with CONTACT_OPTED_OUT" : "");
        return contact;
    }
}
