package dev.wagateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The part of Spring Boot's datasource settings docs/configuration.md documents ({@code DB_URL}, {@code DB_USERNAME},
 * {@code DB_PASSWORD}, {@code DB_CONNECTION_TIMEOUT_MS}), bound a second time only to be checked at start-up:
 * Spring Boot's own binding takes any string and fails later, on the first connection, with a driver's message.
 */
@Validated
@ConfigurationProperties(prefix = "spring.datasource")
public record DatabaseSettings(
        @Pattern(regexp = "jdbc:postgresql://[^\\s/?]+(/[^\\s?]*)?(\\?\\S*)?",
                message = "a PostgreSQL JDBC URL, e.g. jdbc:postgresql://localhost:5432/whatsapp") String url,
        String username,
        String password,
        @Valid @DefaultValue Hikari hikari) {

    /** @param connectionTimeout how long a request waits for a connection, in milliseconds (Hikari's minimum: 250) */
    public record Hikari(
            @Min(value = 250, message = "at least 250 milliseconds, e.g. 5000") @DefaultValue("5000") long connectionTimeout) {
    }
}
