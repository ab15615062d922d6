package dev.wagateway.whatsapp;

import java.util.UUID;

import dev.wagateway.api.ApiException;
import dev.wagateway.api.ErrorCode;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * As whom a tenant's own call to WhatsApp goes (an upload, a media download, a read receipt): its own number and
 * token when it has set them ({@code PUT /tenants/{id}/whatsapp}), else the global ones, as its messages are sent
 * ({@link WhatsAppCredentials}). Neither: 503 NOT_CONFIGURED.
 */
@Component("tenantSenders")
public class TenantSenders {

    private final JdbcTemplate jdbc;
    private final WhatsAppCredentials credentials;

    public TenantSenders(JdbcTemplate jdbc, WhatsAppCredentials credentials) {
        this.jdbc = jdbc;
        this.credentials = credentials;
    }

    public Sender of(UUID tenantId) {
        return jdbc.query("SELECT whatsapp_phone_number_id, whatsapp_token_encrypted FROM tenants WHERE id = ?",
                rs -> rs.next() ? own(tenantId, rs.getString(1), rs.getBytes(2)) : own(tenantId, null, null),
                tenantId);
    }

    private Sender own(UUID tenantId, String ownNumberId, byte[] ownToken) {
        try {
            return credentials.forTenant(tenantId, ownNumberId, ownToken);
        } catch (WhatsAppNotConfiguredException e) {
            throw new ApiException(ErrorCode.NOT_CONFIGURED, "WhatsApp is not configured for this tenant: it has no"
                    + " number of its own and the gateway has no global one (WHATSAPP_PHONE_NUMBER_ID)");
        }
    }
}
