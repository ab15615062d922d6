package dev.wagateway.tenant;

import java.time.Clock;
import java.util.UUID;

import dev.wagateway.api.ApiException;
import dev.wagateway.api.ErrorCode;
import dev.wagateway.api.Requests;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Validates tenant requests and looks tenants up; the routes persist them. */
@Component("tenants")
public class Tenants {

    public static final int MAX_NAME_LENGTH = 200;

    /** {@code POST /tenants} body. */
    public record CreateTenantRequest(String name) {
    }

    private final TenantRepository repository;
    private final Clock clock;

    public Tenants(TenantRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** A new, not yet persisted tenant from a validated request. */
    public Tenant newTenant(CreateTenantRequest request) {
        String name = Requests.text(Requests.body(request).name(), "name", MAX_NAME_LENGTH);
        return new Tenant(name, clock.instant());
    }

    /** The tenant, or TENANT_NOT_FOUND. */
    @Transactional(readOnly = true)
    public Tenant require(UUID id) {
        return repository.findById(id)
                .orElseThrow(() -> new ApiException(ErrorCode.TENANT_NOT_FOUND, "Tenant " + id + " not found"));
    }

    public TenantView view(Tenant tenant) {
        return TenantView.of(tenant);
    }
}
