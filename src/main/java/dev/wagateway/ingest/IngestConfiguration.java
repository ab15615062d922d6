package dev.wagateway.ingest;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The file-ingest route's durations in milliseconds, as camel-file's options want them. */
@Configuration(proxyBeanMethods = false)
public class IngestConfiguration {

    @Bean
    CamelContextConfiguration ingestCamelSettings(IngestSettings settings) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                var properties = camelContext.getPropertiesComponent();
                properties.addInitialProperty("ingest.poll-interval-millis",
                        String.valueOf(settings.pollInterval().toMillis()));
                properties.addInitialProperty("ingest.read-lock-min-age-millis",
                        String.valueOf(settings.readLockMinAge().toMillis()));
                // look again at a growing file four times per minimum age, at most once a second; give up on it
                // for this poll (the next one looks again) after twice the minimum age
                long minAge = settings.readLockMinAge().toMillis();
                long checkInterval = Math.min(1000, Math.max(100, minAge / 4));
                properties.addInitialProperty("ingest.read-lock-check-interval-millis", String.valueOf(checkInterval));
                properties.addInitialProperty("ingest.read-lock-timeout-millis",
                        String.valueOf(2 * minAge + 2 * checkInterval));
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
                // nothing to do
            }
        };
    }
}
