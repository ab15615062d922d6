package dev.wagateway.contact;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A contact as the API shows it; {@code optedOutAt}: when it opted out, null while it may be written to. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ContactView(UUID id, UUID tenantId, String name, String phone, Instant createdAt, Instant optedOutAt) {

    public static ContactView of(Contact contact) {
        return new ContactView(contact.getId(), contact.getTenantId(), contact.getName(), contact.getPhone(),
                contact.getCreatedAt(), contact.getOptedOutAt());
    }
}
