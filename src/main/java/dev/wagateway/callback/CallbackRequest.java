package dev.wagateway.callback;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.support.ExpressionAdapter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A claimed post's parts, for the steps of {@code callback-post} (and the worker's log field): Camel expressions
 * that read the exchange property {@code post} (the {@link CallbackPost} both callers set), used with the {@code ref}
 * language ({@code ref: callbackEventId}). Neither a bean method ({@code method:}) nor simple's OGNL
 * ({@code ${exchangeProperty.post.url}}): each evaluation of either copies the exchange and binds the method's
 * arguments, 3 to 5 % of a worker's CPU per header in the callbacks benchmark's profile, and OGNL also introspects
 * every new object it walks (a bean-info cache keyed by the object itself, hashed whole: 15 % once).
 */
@Configuration(proxyBeanMethods = false)
public class CallbackRequest {

    /** The exchange property callback-post reads its post from. */
    static final String POST = "post";

    /** Where the post goes: the tenant's URL, checked when it was set (its address again at connection time). */
    @Bean
    public Expression callbackUrl() {
        return part(CallbackPost::url);
    }

    @Bean
    public Expression callbackEventId() {
        return part(post -> post.eventId().toString());
    }

    @Bean
    public Expression callbackEventType() {
        return part(CallbackPost::type);
    }

    @Bean
    public Expression callbackTenantId() {
        return part(post -> post.tenantId().toString());
    }

    /** The event's JSON as stored, the same bytes on every attempt (what the signature covers). */
    @Bean
    public Expression callbackBody() {
        return part(post -> post.body().getBytes(StandardCharsets.UTF_8));
    }

    /** When the post started ({@link System#nanoTime}), for its duration ({@link CallbackAnswers}). */
    @Bean
    public Expression callbackStart() {
        return expression(exchange -> System.nanoTime());
    }

    private static Expression part(Function<CallbackPost, Object> read) {
        return expression(exchange -> read.apply(exchange.getProperty(POST, CallbackPost.class)));
    }

    private static Expression expression(Function<Exchange, Object> value) {
        return new ExpressionAdapter() {
            @Override
            public Object evaluate(Exchange exchange) {
                return value.apply(exchange);
            }
        };
    }
}
