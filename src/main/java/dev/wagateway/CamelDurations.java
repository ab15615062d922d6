package dev.wagateway;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.wagateway.callback.CallbackSettings;
import dev.wagateway.idempotency.IdempotencySettings;
import dev.wagateway.ingest.IngestSettings;
import dev.wagateway.redelivery.RedeliverySettings;
import dev.wagateway.retention.RetentionSettings;
import dev.wagateway.tenant.SecuritySettings;
import dev.wagateway.webhook.WebhookSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Durations are configured as Spring {@code Duration}s ({@code 5s}, {@code 500ms}); the Camel endpoint options that
 * use them want milliseconds. Each becomes a Camel property {@code <name>-millis}, used in the routes as
 * {@code {{redelivery.interval-millis}}} and so on. The one place that lists them.
 */
@Configuration(proxyBeanMethods = false)
public class CamelDurations {

    @Bean
    CamelContextConfiguration millisecondProperties(RedeliverySettings redelivery, IngestSettings ingest,
            WebhookSettings webhook, CallbackSettings callback, IdempotencySettings idempotency,
            RetentionSettings retention, SecuritySettings security) {
        long minAge = ingest.readLockMinAge().toMillis();
        // a growing file is looked at four times per minimum age, at most once a second, and given up for this poll
        // (the next one looks again) after twice the minimum age
        long checkInterval = Math.min(1000, Math.max(100, minAge / 4));
        Map<String, Duration> properties = new LinkedHashMap<>();
        properties.put("redelivery.interval", redelivery.interval());
        properties.put("ingest.poll-interval", ingest.pollInterval());
        properties.put("ingest.read-lock-min-age", ingest.readLockMinAge());
        properties.put("ingest.read-lock-check-interval", Duration.ofMillis(checkInterval));
        properties.put("ingest.read-lock-timeout", Duration.ofMillis(2 * minAge + 2 * checkInterval));
        properties.put("webhook.sweep-interval", webhook.sweepInterval());
        properties.put("callback.poll-interval", callback.pollInterval());
        properties.put("callback.timeout", callback.timeout());
        properties.put("callback.connect-timeout", callback.connectTimeout());
        properties.put("callback.lease", callback.lease());
        properties.put("idempotency.purge-interval", idempotency.purgeInterval());
        properties.put("retention.interval", retention.interval());
        properties.put("security.reencrypt-interval", security.reencryptInterval());
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                properties.forEach((name, duration) -> camelContext.getPropertiesComponent()
                        .addInitialProperty(name + "-millis", String.valueOf(duration.toMillis())));
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
                // nothing to do
            }
        };
    }
}
