package dev.wagateway.whatsapp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The one place access tokens are read: which sender a message goes out as (its tenant's own number if it has
 * one, else the global WHATSAPP_PHONE_NUMBER_ID) and the Authorization header for it. Nothing logs a token.
 */
@Component("whatsAppCredentials")
public class WhatsAppCredentials {

    private static final Logger LOG = LoggerFactory.getLogger(WhatsAppCredentials.class);

    private final WhatsAppProperties properties;
    private final TokenCipher cipher;

    public WhatsAppCredentials(WhatsAppProperties properties, TokenCipher cipher) {
        this.properties = properties;
        this.cipher = cipher;
    }

    /**
     * The message's sender; a configuration failure (the message stays queued) when there is none: no tenant number
     * and no global credentials, or a tenant token that cannot be decrypted.
     */
    public Sender forMessage(OutgoingMessages.Outgoing message) {
        return forTenant(message.tenantId(), message.ownNumberId(), message.ownToken());
    }

    /** The tenant's own number and token when it has them ({@code ownNumberId} not null), else the global ones. */
    public Sender forTenant(java.util.UUID tenantId, String ownNumberId, byte[] ownToken) {
        if (ownNumberId != null) {
            return new Sender(ownNumberId, cipher.decrypt(ownToken, tenantId), tenantId);
        }
        if (!properties.configured()) {
            throw new WhatsAppNotConfiguredException();
        }
        return new Sender(properties.phoneNumberId(), properties.accessToken(), null);
    }

    public String authorizationHeader(Sender sender) {
        return "Bearer " + sender.accessToken();
    }

    @EventListener(ApplicationReadyEvent.class)
    void warnWhenNotConfigured() {
        if (!properties.configured()) {
            LOG.warn("WhatsApp credentials are not configured (set WHATSAPP_ACCESS_TOKEN and WHATSAPP_PHONE_NUMBER_ID):"
                    + " messages of tenants without their own number are accepted and stay queued until they are");
        }
    }
}
