package dev.wagateway;

import java.time.Clock;
import java.time.Duration;

import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.apache.camel.AggregationStrategy;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans the routes refer to by name that are not components of their own. */
@Configuration(proxyBeanMethods = false)
public class GatewayConfiguration {

    /** The clock every timestamp comes from, at PostgreSQL's precision (microseconds), so answers match reads. */
    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }

    /**
     * A JSON number or boolean where a text is expected ({@code "message": 12345}, {@code "phone": 14155550100}) is
     * a wrong type, answered VALIDATION_ERROR, not quietly turned into "12345". (Meta's payloads are read as trees or
     * into text fields Meta always sends as text.)
     */
    @Bean
    Jackson2ObjectMapperBuilderCustomizer textMeansText() {
        return builder -> builder.postConfigurer(mapper -> mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }

    /**
     * For {@code enrich}: the caller's exchange goes on with its own headers and properties, and the body the copy
     * it sent ended with (nothing, if the copy failed unhandled); whatever else happened to the copy stays there.
     */
    @Bean
    AggregationStrategy resultAsBody() {
        return (original, resource) -> {
            if (resource != null) {
                original.getMessage().setBody(resource.getException() == null ? resource.getMessage().getBody() : null);
            }
            return original;
        };
    }
}
