package dev.wagateway.whatsapp;

import java.util.UUID;

/**
 * As whom one message is sent: the phone number id in the request path and its access token. {@code tenantId} is
 * set when it is the tenant's own number, null for the global one. The token never appears in {@link #toString()}.
 */
public record Sender(String phoneNumberId, String accessToken, UUID tenantId) {

    public boolean tenantNumber() {
        return tenantId != null;
    }

    @Override
    public String toString() {
        return "Sender[phoneNumberId=" + phoneNumberId + (tenantNumber() ? ", tenant " + tenantId : ", global") + "]";
    }
}
