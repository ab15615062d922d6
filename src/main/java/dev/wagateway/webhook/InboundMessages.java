package dev.wagateway.webhook;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.wagateway.api.ApiException;
import dev.wagateway.callback.CallbackEvents;
import dev.wagateway.contact.Consent;
import dev.wagateway.contact.PhoneNumbers;
import dev.wagateway.redelivery.RedeliverySettings;
import dev.wagateway.whatsapp.TenantNumbers;
import dev.wagateway.whatsapp.TenantNumbers.NumberOwner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores what a customer sent as an inbound message ({@code direction = inbound}, status {@code received}) in the
 * conversation of (tenant, contact), and moves {@code conversations.last_inbound_at}, which opens the 24-hour window.
 * A text that is an opt-out or opt-in keyword changes the contact's consent in the same transaction ({@link Consent}).
 * <p>
 * The tenant, by {@code metadata.phone_number_id}: the tenant whose own number it is. For the global number, among
 * the tenants without their own number: the one that has a contact with this phone; when none has and there is a
 * single such tenant, that tenant, with the sender made a contact. Otherwise (several tenants know the number, or
 * none and several exist), and for a number that is not ours, the message stays in its stored webhook event only,
 * with a log line.
 */
@Component("inboundMessages")
public class InboundMessages {

    private static final Logger LOG = LoggerFactory.getLogger(InboundMessages.class);

    private final JdbcTemplate jdbc;
    private final TenantNumbers numbers;
    private final RedeliverySettings redelivery;
    private final CallbackEvents callbackEvents;
    private final Consent consent;
    private final Clock clock;

    public InboundMessages(JdbcTemplate jdbc, TenantNumbers numbers, RedeliverySettings redelivery,
            CallbackEvents callbackEvents, Consent consent, Clock clock) {
        this.callbackEvents = callbackEvents;
        this.consent = consent;
        this.jdbc = jdbc;
        this.numbers = numbers;
        this.redelivery = redelivery;
        this.clock = clock;
    }

    /** In the caller's transaction; the same WhatsApp id again stores nothing. */
    @Transactional
    public void store(InboundMessage inbound, long eventId) {
        String phone;
        try {
            phone = PhoneNumbers.toE164(inbound.from());
        } catch (ApiException notAPhone) {
            LOG.warn("Webhook event {}: inbound {} from a sender that is not a phone number: kept in the event only",
                    eventId, inbound.externalMessageId());
            return;
        }
        Optional<NumberOwner> owner = numbers.ownerOf(inbound.phoneNumberId());
        if (owner.isEmpty()) {
            LOG.warn("Webhook event {}: inbound {} for phone number id {}, not ours: kept in the event only", eventId,
                    inbound.externalMessageId(), inbound.phoneNumberId());
            return;
        }
        List<UUID> tenants = owner.get().global() ? globalNumberTenants(phone) : List.of(owner.get().tenantId());
        if (tenants.size() != 1) {
            LOG.warn("Webhook event {}: inbound {} from {} matches {} tenants: kept in the event only", eventId,
                    inbound.externalMessageId(), PhoneNumbers.mask(phone), tenants.isEmpty() ? "no" : "several");
            return;
        }
        UUID tenantId = tenants.get(0);
        Instant now = clock.instant();
        Timestamp sentAt = Timestamp.from(inbound.sentAt());
        String name = inbound.profileName() == null ? phone
                : inbound.profileName().length() > 200 ? inbound.profileName().substring(0, 200) : inbound.profileName();
        jdbc.update("INSERT INTO contacts (id, tenant_id, name, phone, created_at) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (tenant_id, phone) DO NOTHING", UUID.randomUUID(), tenantId,
                name.replace('\u0000', '\uFFFD'), phone, Timestamp.from(now));
        UUID contactId = jdbc.queryForObject("SELECT id FROM contacts WHERE tenant_id = ? AND phone = ?", UUID.class,
                tenantId, phone);
        UUID conversationId = jdbc.queryForObject("INSERT INTO conversations (id, tenant_id, contact_id,"
                + " last_message_at, last_inbound_at, created_at) VALUES (?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (tenant_id, contact_id) DO UPDATE SET"
                + " last_message_at = GREATEST(conversations.last_message_at, EXCLUDED.last_message_at),"
                + " last_inbound_at = GREATEST(conversations.last_inbound_at, EXCLUDED.last_inbound_at)"
                + " RETURNING id", UUID.class, UUID.randomUUID(), tenantId, contactId, sentAt, sentAt,
                Timestamp.from(now));
        UUID messageId = UUID.randomUUID();
        int stored = jdbc.update("INSERT INTO messages (id, tenant_id, conversation_id, contact_id, type, content,"
                + " status, direction, external_message_id, metadata, created_at, updated_at, expires_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, 'received', 'inbound', ?, jsonb_build_object('webhook_event_id', ?::bigint),"
                + " ?, ?, ?) ON CONFLICT (external_message_id) WHERE direction = 'inbound' DO NOTHING",
                messageId, tenantId, conversationId, contactId, inbound.type(), inbound.content(),
                inbound.externalMessageId(), eventId, sentAt, Timestamp.from(now),
                Timestamp.from(inbound.sentAt().plus(redelivery.messageTtl())));
        if (stored == 1) {
            LOG.info("Inbound {} message {} from {} stored in conversation {}", inbound.type(),
                    inbound.externalMessageId(), PhoneNumbers.mask(phone), conversationId);
            callbackEvents.inboundStored(tenantId, messageId, phone, now);
            // STOP, START...: the contact's consent, in this transaction
            consent.inbound(tenantId, contactId, inbound.type(), inbound.content());
        }
    }

    /** The tenants without their own number that know this phone, else all of them (at most two, to tell one). */
    private List<UUID> globalNumberTenants(String phone) {
        List<UUID> tenants = jdbc.queryForList("SELECT DISTINCT c.tenant_id FROM contacts c JOIN tenants t"
                + " ON t.id = c.tenant_id WHERE c.phone = ? AND t.whatsapp_phone_number_id IS NULL", UUID.class, phone);
        return tenants.isEmpty()
                ? jdbc.queryForList("SELECT id FROM tenants WHERE whatsapp_phone_number_id IS NULL LIMIT 2", UUID.class)
                : tenants;
    }
}
