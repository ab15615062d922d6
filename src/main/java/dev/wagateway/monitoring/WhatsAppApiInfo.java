package dev.wagateway.monitoring;

import java.util.Map;

import dev.wagateway.whatsapp.WhatsAppProperties;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/info} shows the Graph API version the gateway calls (next to the build's version and git commit,
 * which Spring Boot adds from build-info.properties and git.properties), and whether a global sender is configured.
 * Never a token or a phone number id.
 */
@Component
public class WhatsAppApiInfo implements InfoContributor {

    private final WhatsAppProperties whatsapp;

    public WhatsAppApiInfo(WhatsAppProperties whatsapp) {
        this.whatsapp = whatsapp;
    }

    @Override
    public void contribute(Info.Builder builder) {
        builder.withDetail("whatsapp", Map.of("api-version", whatsapp.apiVersion(),
                "global-sender-configured", whatsapp.configured()));
    }
}
