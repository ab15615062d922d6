package dev.wagateway.whatsapp;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The one place access tokens are read: which sender a message goes out as (its tenant's own number if it has
 * one, else the global WHATSAPP_PHONE_NUMBER_ID) and the Authorization header for it. Nothing logs a token.
 */
@Component("whatsAppCredentials")
public class WhatsAppCredentials {

    private static final Logger LOG = LoggerFactory.getLogger(WhatsAppCredentials.class);

    private final WhatsAppProperties properties;
    private final JdbcTemplate jdbc;
    private final TokenCipher cipher;

    public WhatsAppCredentials(WhatsAppProperties properties, JdbcTemplate jdbc, TokenCipher cipher) {
        this.properties = properties;
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    /**
     * The message's sender; a configuration failure (the message stays queued) when there is none: no tenant number
     * and no global credentials, or a tenant token that cannot be decrypted.
     */
    public Sender forMessage(UUID messageId) {
        Sender own = jdbc.query("SELECT t.id, t.whatsapp_phone_number_id, t.whatsapp_token_encrypted FROM messages m"
                + " JOIN tenants t ON t.id = m.tenant_id WHERE m.id = ? AND t.whatsapp_phone_number_id IS NOT NULL",
                (rs, i) -> {
                    UUID tenant = rs.getObject(1, UUID.class);
                    return new Sender(rs.getString(2), cipher.decrypt(rs.getBytes(3), tenant), tenant);
                }, messageId).stream().findFirst().orElse(null);
        if (own != null) {
            return own;
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
