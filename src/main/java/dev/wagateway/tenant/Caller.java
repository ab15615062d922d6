package dev.wagateway.tenant;

import java.util.UUID;

import dev.wagateway.api.ApiException;
import dev.wagateway.api.ErrorCode;
import dev.wagateway.api.Requests;

/**
 * Who is calling, from the request's {@code X-API-Key}: a tenant (its API key) or the operator ({@code ADMIN_API_KEY}).
 * Every API route asks it what the caller may see: a tenant only its own; another tenant's things do not exist.
 */
public record Caller(UUID tenantId) {

    /** The operator: manages tenants and reads every batch, but sends and reads messages only with a tenant's key. */
    public static final Caller OPERATOR = new Caller(null);

    public boolean isOperator() {
        return tenantId == null;
    }

    /** The caller's tenant; the operator key is refused (403) where a tenant's key is needed. */
    public UUID tenant() {
        if (isOperator()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "This call needs a tenant's API key, not the operator key");
        }
        return tenantId;
    }

    /**
     * The tenant a request acts for: the key's tenant. A {@code tenantId} in the request is optional and, when given,
     * must be the key's tenant (403 FORBIDDEN otherwise).
     */
    public UUID tenantFor(String requestedTenantId) {
        UUID own = tenant();
        if (requestedTenantId == null || requestedTenantId.isBlank()) {
            return own;
        }
        UUID requested = Requests.uuid(requestedTenantId, "tenantId");
        if (!requested.equals(own)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "tenantId is not the tenant of this API key");
        }
        return own;
    }

    /** The operator only (403 FORBIDDEN for a tenant's key). */
    public void requireOperator() {
        if (!isOperator()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "This call needs the operator key (ADMIN_API_KEY)");
        }
    }

    /** The operator, or the tenant itself: another tenant is not found, as if it did not exist. */
    public UUID manages(String tenantId) {
        UUID id = Requests.uuid(tenantId, "id");
        if (!isOperator() && !id.equals(tenantId())) {
            throw Tenants.notFound(id);
        }
        return id;
    }

    @Override
    public String toString() {
        return isOperator() ? "operator" : "tenant " + tenantId;
    }
}
