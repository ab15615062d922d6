package dev.wagateway.whatsapp;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.wagateway.api.ApiException;
import dev.wagateway.api.ErrorCode;
import dev.wagateway.api.Requests;
import dev.wagateway.tenant.Caller;
import dev.wagateway.tenant.Tenant;
import dev.wagateway.tenant.TenantRepository;
import dev.wagateway.tenant.TenantView;
import dev.wagateway.tenant.Tenants;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tenants' own WhatsApp numbers: {@code PUT /tenants/{id}/whatsapp} sets the phone number id and access token
 * (encrypted, {@link TokenCipher}), {@code DELETE} goes back to the global number; and which tenant owns a number,
 * for the webhooks Meta sends with it.
 */
@Component("tenantNumbers")
public class TenantNumbers {

    static final int MAX_TOKEN_LENGTH = 2048;
    private static final Pattern PHONE_NUMBER_ID = Pattern.compile("[0-9]{1,32}");
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]+");

    /** {@code PUT /tenants/{id}/whatsapp} body. */
    public record TenantNumberRequest(String phoneNumberId, String accessToken) {

        @Override
        public String toString() {
            return "TenantNumberRequest[phoneNumberId=" + phoneNumberId + "]";
        }
    }

    private final Tenants tenants;
    private final TenantRepository repository;
    private final TokenCipher cipher;
    private final WhatsAppProperties global;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    public TenantNumbers(Tenants tenants, TenantRepository repository, TokenCipher cipher, WhatsAppProperties global,
            JdbcTemplate jdbc, Clock clock) {
        this.tenants = tenants;
        this.repository = repository;
        this.cipher = cipher;
        this.global = global;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * 400 for a phone number id that is not digits or a token with spaces or control characters; 409
     * PHONE_NUMBER_ID_IN_USE when another tenant has the number (or it is the global one); 503 NOT_CONFIGURED
     * without SECRETS_KEY.
     */
    @Transactional
    public TenantView set(Caller caller, String tenantId, TenantNumberRequest request) {
        UUID id = caller.manages(tenantId);
        Tenant tenant = tenants.require(id);
        Requests.body(request);
        String phoneNumberId = Requests.text(request.phoneNumberId(), "phoneNumberId", 32);
        if (!PHONE_NUMBER_ID.matcher(phoneNumberId).matches()) {
            throw ApiException.validation("phoneNumberId must be the digits of a WhatsApp phone number id");
        }
        String token = Requests.text(request.accessToken(), "accessToken", MAX_TOKEN_LENGTH);
        if (!TOKEN.matcher(token).matches()) {
            throw ApiException.validation("accessToken must not contain spaces or control characters");
        }
        if (!cipher.configured()) {
            throw new ApiException(ErrorCode.NOT_CONFIGURED, "A tenant's own access token needs SECRETS_KEY to be set");
        }
        Boolean taken = jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM tenants WHERE whatsapp_phone_number_id = ?"
                + " AND id <> ?)", Boolean.class, phoneNumberId, id);
        if (Boolean.TRUE.equals(taken) || phoneNumberId.equals(global.phoneNumberId())) {
            throw new ApiException(ErrorCode.PHONE_NUMBER_ID_IN_USE, "phoneNumberId is already in use");
        }
        tenant.useWhatsApp(phoneNumberId, cipher.encrypt(token, id), clock.instant());
        return TenantView.of(repository.saveAndFlush(tenant));
    }

    /** {@code DELETE /tenants/{id}/whatsapp}: the tenant sends through the global number again. */
    @Transactional
    public TenantView clear(Caller caller, String tenantId) {
        Tenant tenant = tenants.require(caller.manages(tenantId));
        tenant.useWhatsApp(null, null, clock.instant());
        return TenantView.of(repository.saveAndFlush(tenant));
    }

    /** Whose number a webhook names: a tenant's own ({@code tenantId}), or the global one ({@code tenantId} null). */
    public record NumberOwner(UUID tenantId) {

        public boolean global() {
            return tenantId == null;
        }
    }

    /**
     * The owner of the number in a webhook's {@code metadata.phone_number_id}: the tenant that set it as its own; else
     * the global number (also when the webhook or the configuration names none); empty when it is nobody's here.
     */
    public Optional<NumberOwner> ownerOf(String phoneNumberId) {
        if (phoneNumberId != null) {
            Optional<UUID> tenant = jdbc.query("SELECT id FROM tenants WHERE whatsapp_phone_number_id = ?",
                    (rs, i) -> rs.getObject(1, UUID.class), phoneNumberId).stream().findFirst();
            if (tenant.isPresent()) {
                return Optional.of(new NumberOwner(tenant.get()));
            }
        }
        String ours = global.phoneNumberId();
        boolean globalNumber = phoneNumberId == null || ours == null || ours.isBlank() || ours.equals(phoneNumberId);
        return globalNumber ? Optional.of(new NumberOwner(null)) : Optional.empty();
    }
}
