package dev.wagateway.tenant;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The service's own secrets and the intake limit, checked at start-up.
 *
 * @param adminApiKey     the operator key ({@link OperatorKey}); empty: the operator's calls are closed
 * @param secretsKey      32 bytes in base64 that encrypt tenants' access tokens (TokenCipher); empty: no tenant number
 * @param tenantRateLimit sends per second per tenant on {@code POST /messages/send} ({@link TenantRateLimit}); 0: off
 */
@Validated
@ConfigurationProperties(prefix = "security")
public record SecuritySettings(
        @Pattern(regexp = "\\s*|\\s*\\S.{" + (OperatorKey.MIN_LENGTH - 2) + ",}\\S\\s*",
                message = "empty, or at least " + OperatorKey.MIN_LENGTH + " characters")
        String adminApiKey,
        @Pattern(regexp = "\\s*|\\s*[A-Za-z0-9+/]{43}=\\s*",
                message = "empty, or 32 bytes in base64 (openssl rand -base64 32)")
        String secretsKey,
        @PositiveOrZero(message = "0 (off) or a positive number of sends per second") long tenantRateLimit) {

    public SecuritySettings {
        adminApiKey = adminApiKey == null ? "" : adminApiKey;
        secretsKey = secretsKey == null ? "" : secretsKey;
    }
}
