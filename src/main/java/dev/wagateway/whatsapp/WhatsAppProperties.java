package dev.wagateway.whatsapp;

import java.time.Duration;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where and as whom the gateway calls the WhatsApp Cloud API. The routes read the URL parts as placeholders
 * ({@code {{whatsapp.api-base-url}}}); the token is read only by {@link WhatsAppCredentials}. Checked at start-up.
 */
@Validated
@ConfigurationProperties(prefix = "whatsapp")
public record WhatsAppProperties(
        String accessToken,
        @Pattern(regexp = "\\d*", message = "digits only (Meta's phone number id), or empty") String phoneNumberId,
        @Pattern(regexp = "https?://[^\\s/?#]+(:\\d+)?(/[^\\s?#]*)?", message = "an http(s) URL, e.g. https://graph.facebook.com")
        String apiBaseUrl,
        @Pattern(regexp = "v\\d{2}\\.\\d", message = "vNN.N, e.g. v25.0") String apiVersion,
        @Positive(message = "a positive number of milliseconds, e.g. 10000") long timeoutMs,
        @DurationMin(millis = 1, message = "a positive duration, e.g. 60s")
        @DefaultValue("60s") Duration circuitCooldown,
        boolean enforceWindow) {

    public boolean configured() {
        return accessToken != null && !accessToken.isBlank() && phoneNumberId != null && !phoneNumberId.isBlank();
    }
}
