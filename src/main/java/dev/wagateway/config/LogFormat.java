package dev.wagateway.config;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code LOG_FORMAT=json} ({@code logging.format}) switches the console to Spring Boot's structured logging, one JSON
 * object per line in the Logstash layout: {@code @timestamp}, {@code level}, {@code logger_name}, {@code message}...
 * and the MDC's fields ({@code messageId}, {@code tenantId}: {@link LogFields}) at the top level. Runs before the
 * logging system starts, which reads {@code logging.structured.format.console}. A value other than {@code text} or
 * {@code json} is refused by {@link LoggingSettings} with the usual one line.
 */
public class LogFormat implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY = "logging.format";
    static final String STRUCTURED = "logging.structured.format.console";

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE; // after application.yml is read
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if ("json".equalsIgnoreCase(environment.getProperty(PROPERTY, "").strip())) {
            environment.getPropertySources().addFirst(new MapPropertySource("logFormat", Map.of(STRUCTURED, "logstash")));
        }
    }
}
