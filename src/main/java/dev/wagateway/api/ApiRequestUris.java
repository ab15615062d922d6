package dev.wagateway.api;

import io.micrometer.common.KeyValue;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;

/**
 * The {@code uri} tag of {@code http_server_requests_seconds}: for an API call, the contract's path it matched
 * ({@code /messages/{id}/cancel}, left by {@link ContractPaths}), so each operation has its own series; Camel's
 * platform-http mapping alone gives {@code /messages/{id}/{*matchOnUriPrefix}} to several. Any other path Camel
 * maps (Meta's webhook) without that suffix; the rest (the actuator) as Spring tags it.
 */
@Component
public class ApiRequestUris extends DefaultServerRequestObservationConvention {

    private static final String PREFIX = "/{*matchOnUriPrefix}";

    @Override
    protected KeyValue uri(ServerRequestObservationContext context) {
        Object path = context.getCarrier().getAttribute(ContractPaths.PATH);
        if (path instanceof String template) {
            return KeyValue.of("uri", template);
        }
        KeyValue spring = super.uri(context);
        return spring.getValue().endsWith(PREFIX) ? KeyValue.of("uri", spring.getValue().substring(0,
                spring.getValue().length() - PREFIX.length())) : spring;
    }
}
