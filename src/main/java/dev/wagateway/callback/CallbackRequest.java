package dev.wagateway.callback;

import java.nio.charset.StandardCharsets;

import org.springframework.stereotype.Component;

/**
 * A claimed post's parts, for the steps of {@code callback-post} (and the worker's log field). Read through this
 * singleton rather than with simple's OGNL ({@code ${exchangeProperty.post.url}}): Camel introspects every new
 * object an OGNL expression walks (a bean-info cache entry keyed by the object itself, hashed and compared whole),
 * which cost the callbacks benchmark 15 % of the service's CPU, one claimed post after another.
 */
@Component("callbackRequest")
public class CallbackRequest {

    /** Where the post goes: the tenant's URL, checked when it was set (its address again at connection time). */
    public String url(CallbackPost post) {
        return post.url();
    }

    public String eventId(CallbackPost post) {
        return post.eventId().toString();
    }

    public String type(CallbackPost post) {
        return post.type();
    }

    public String tenantId(CallbackPost post) {
        return post.tenantId().toString();
    }

    /** The event's JSON as stored, the same bytes on every attempt (what the signature covers). */
    public byte[] body(CallbackPost post) {
        return post.body().getBytes(StandardCharsets.UTF_8);
    }
}
