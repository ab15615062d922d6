package dev.wagateway.whatsapp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** The one holder of the access token: the route asks it for the Authorization header, and nothing logs it. */
@Component("whatsAppCredentials")
public class WhatsAppCredentials {

    private static final Logger LOG = LoggerFactory.getLogger(WhatsAppCredentials.class);

    private final WhatsAppProperties properties;

    public WhatsAppCredentials(WhatsAppProperties properties) {
        this.properties = properties;
    }

    /** Fails the delivery (a configuration failure: the message stays queued) when there are no credentials. */
    public void require() {
        if (!properties.configured()) {
            throw new WhatsAppNotConfiguredException();
        }
    }

    public String authorizationHeader() {
        return "Bearer " + properties.accessToken();
    }

    @EventListener(ApplicationReadyEvent.class)
    void warnWhenNotConfigured() {
        if (!properties.configured()) {
            LOG.warn("WhatsApp credentials are not configured (set WHATSAPP_ACCESS_TOKEN and WHATSAPP_PHONE_NUMBER_ID):"
                    + " messages are accepted and stay queued until they are");
        }
    }
}
