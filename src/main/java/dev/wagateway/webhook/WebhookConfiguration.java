package dev.wagateway.webhook;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The webhook sweeper's period in milliseconds, as camel-timer wants it. */
@Configuration(proxyBeanMethods = false)
public class WebhookConfiguration {

    @Bean
    CamelContextConfiguration webhookCamelSettings(WebhookSettings settings) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                camelContext.getPropertiesComponent().addInitialProperty("webhook.sweep-interval-millis",
                        String.valueOf(settings.sweepInterval().toMillis()));
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
                // nothing to do
            }
        };
    }
}
