package dev.wagateway.config;

import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How log lines are written, checked at start-up (the switch itself is {@link LogFormat}'s, before logging starts).
 *
 * @param format {@code text} (Spring Boot's console lines) or {@code json} (one JSON object per line)
 */
@Validated
@ConfigurationProperties(prefix = "logging")
public record LoggingSettings(
        @Pattern(regexp = "(?i)text|json", message = "text or json") @DefaultValue("text") String format) {
}
