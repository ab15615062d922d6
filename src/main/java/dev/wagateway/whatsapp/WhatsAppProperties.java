package dev.wagateway.whatsapp;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.DefaultValue;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where and as whom the gateway calls the WhatsApp Cloud API. The routes read the URL parts as placeholders
 * ({@code {{whatsapp.api-base-url}}}); the token is read only by {@link WhatsAppCredentials}.
 */
@ConfigurationProperties(prefix = "whatsapp")
public record WhatsAppProperties(String accessToken, String phoneNumberId, String apiBaseUrl, String apiVersion,
        long timeoutMs, @DefaultValue("60s") Duration circuitCooldown, boolean enforceWindow) {

    public boolean configured() {
        return accessToken != null && !accessToken.isBlank() && phoneNumberId != null && !phoneNumberId.isBlank();
    }
}
