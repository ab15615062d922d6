package dev.wagateway.tenant;

import java.time.Duration;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The service's own secrets and the intake limit, checked at start-up.
 *
 * @param adminApiKey     the operator key ({@link OperatorKey}); empty: the operator's calls are closed
 * @param secretsKey      32 bytes in base64 that encrypt tenants' access tokens (TokenCipher); empty: no tenant number
 * @param tenantRateLimit sends per second per tenant on {@code POST /messages/send} ({@link TenantRateLimit}); 0: off
 * @param secretsKeyPrevious the key SECRETS_KEY replaced: still opens what it sealed, until re-encrypted; empty: none
 * @param reencryptInterval how often ciphertexts not sealed with SECRETS_KEY are sealed again with it
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
        @PositiveOrZero(message = "0 (off) or a positive number of sends per second") long tenantRateLimit,
        @Pattern(regexp = "\\s*|\\s*[A-Za-z0-9+/]{43}=\\s*",
                message = "empty, or 32 bytes in base64 (the SECRETS_KEY being replaced)")
        String secretsKeyPrevious,
        @DurationMin(seconds = 1, message = "a duration of at least a second, e.g. 1m")
        @DefaultValue("1m") Duration reencryptInterval) {

    public SecuritySettings {
        adminApiKey = adminApiKey == null ? "" : adminApiKey;
        secretsKey = secretsKey == null ? "" : secretsKey;
        secretsKeyPrevious = secretsKeyPrevious == null ? "" : secretsKeyPrevious;
    }
}
