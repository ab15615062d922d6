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
    private final OperatorKey operatorKey;
    private final Clock clock;

    public Tenants(TenantRepository repository, OperatorKey operatorKey, Clock clock) {
        this.repository = repository;
        this.operatorKey = operatorKey;
        this.clock = clock;
    }

    /** Without ADMIN_API_KEY no key can create a tenant: say so rather than answer 401 to every key. */
    public void requireCreationEnabled() {
        if (!operatorKey.configured()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Tenant creation is disabled: ADMIN_API_KEY is not set");
        }
    }

    /** A new, not yet persisted tenant from a validated request; the operator only. */
    public Tenant newTenant(Caller caller, CreateTenantRequest request) {
        caller.requireOperator();
        String name = Requests.text(Requests.body(request).name(), "name", MAX_NAME_LENGTH);
        return new Tenant(name, clock.instant());
    }

    /** {@code GET /tenants/{id}}: the operator, or the tenant itself. */
    @Transactional(readOnly = true)
    public TenantView get(Caller caller, String id) {
        return TenantView.of(require(caller.manages(id)));
    }

    /** The tenant, or TENANT_NOT_FOUND. */
    @Transactional(readOnly = true)
    public Tenant require(UUID id) {
        return repository.findById(id).orElseThrow(() -> notFound(id));
    }

    public static ApiException notFound(UUID id) {
        return new ApiException(ErrorCode.TENANT_NOT_FOUND, "Tenant " + id + " not found");
    }

    /** The answer to {@code POST /tenants}: the tenant and its first API key, shown this once. */
    public TenantView created(Tenant tenant, ApiKeys.KeyView firstKey) {
        return TenantView.of(tenant, firstKey);
    }
}
