package dev.wagateway.tenant;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A tenant as the API shows it: its own WhatsApp number if it has one (never the token), and, only in the answer to
 * {@code POST /tenants}, its first API key.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TenantView(UUID id, String name, Instant createdAt, WhatsApp whatsapp, String apiKey, UUID apiKeyId) {

    /** The tenant's own sender; the access token is set, and not shown. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record WhatsApp(String phoneNumberId, boolean accessTokenSet, Instant updatedAt) {
    }

    public static TenantView of(Tenant tenant) {
        return of(tenant, null);
    }

    public static TenantView of(Tenant tenant, ApiKeys.KeyView firstKey) {
        WhatsApp whatsapp = tenant.getWhatsappPhoneNumberId() == null ? null : new WhatsApp(
                tenant.getWhatsappPhoneNumberId(), tenant.getWhatsappTokenEncrypted() != null,
                tenant.getWhatsappUpdatedAt());
        return new TenantView(tenant.getId(), tenant.getName(), tenant.getCreatedAt(), whatsapp,
                firstKey == null ? null : firstKey.apiKey(), firstKey == null ? null : firstKey.id());
    }
}
