package dev.wagateway.tenant;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A tenant as the API shows it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TenantView(UUID id, String name, Instant createdAt) {

    public static TenantView of(Tenant tenant) {
        return new TenantView(tenant.getId(), tenant.getName(), tenant.getCreatedAt());
    }
}
