package dev.wagateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;

import dev.wagateway.api.ApiSettings;
import dev.wagateway.ingest.IngestSettings;
import dev.wagateway.monitoring.JmxSettings;
import dev.wagateway.operator.OperatorLogin;
import dev.wagateway.monitoring.MonitoringSettings;
import dev.wagateway.redelivery.RedeliverySettings;
import dev.wagateway.tenant.SecuritySettings;
import dev.wagateway.webhook.WebhookSettings;
import dev.wagateway.whatsapp.RetryBackoff;
import dev.wagateway.whatsapp.ThrottleSettings;
import dev.wagateway.whatsapp.WhatsAppProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Each kind of bad setting stops start-up with one line naming the variable, the value and what is expected. The
 * settings classes are bound as Spring Boot binds them at start-up (ConfigurationPropertiesBindingPostProcessor with
 * the JSR-303 validator), without the rest of the service: no database, no routes.
 */
class ConfigurationFailureTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({WhatsAppProperties.class, ThrottleSettings.class, RetryBackoff.class,
            RedeliverySettings.class, IngestSettings.class, WebhookSettings.class, JmxSettings.class, OperatorLogin.class,
            SecuritySettings.class, ApiSettings.class, MonitoringSettings.class, DatabaseSettings.class})
    static class AllSettings {
    }

    /** application.yml's defaults, as the service starts with no environment variable set. */
    private static final String[] DEFAULTS = EnvironmentNames.placeholders().entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue().defaultValue()).toArray(String[]::new);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(AllSettings.class)
            .withPropertyValues(DEFAULTS);

    @Test
    void theDefaultsAreValid() {
        runner.run(context -> assertThat(context).hasNotFailed());
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                // API version format
                Arguments.of("whatsapp.api-version=v25",
                        "Invalid configuration: WHATSAPP_API_VERSION (whatsapp.api-version) = 'v25' — expected vNN.N, e.g. v25.0"),
                Arguments.of("whatsapp.api-version=25.0",
                        "Invalid configuration: WHATSAPP_API_VERSION (whatsapp.api-version) = '25.0' — expected vNN.N, e.g. v25.0"),
                // URLs
                Arguments.of("whatsapp.api-base-url=graph.facebook.com",
                        "Invalid configuration: WHATSAPP_API_BASE_URL (whatsapp.api-base-url) = 'graph.facebook.com' — expected an http(s) URL, e.g. https://graph.facebook.com"),
                Arguments.of("spring.datasource.url=postgres://localhost/whatsapp",
                        "Invalid configuration: DB_URL (spring.datasource.url) = 'postgres://localhost/whatsapp' — expected a PostgreSQL JDBC URL, e.g. jdbc:postgresql://localhost:5432/whatsapp"),
                // durations: not a duration, zero where it must be positive, negative
                Arguments.of("redelivery.interval=5 minutes",
                        "Invalid configuration: REDELIVERY_INTERVAL (redelivery.interval) = '5 minutes' — expected a duration, e.g. 500ms, 5s, 2m, 1h"),
                Arguments.of("redelivery.interval=0s",
                        "Invalid configuration: REDELIVERY_INTERVAL (redelivery.interval) = '0s' — expected a positive duration, e.g. 5s"),
                Arguments.of("whatsapp.throttle.pair-interval=-1s",
                        "Invalid configuration: WHATSAPP_PAIR_INTERVAL (whatsapp.throttle.pair-interval) = '-1s' — expected a duration of 0s (no pacing) or more, e.g. 6s"),
                // positive limits; the variable's name is application.yml's, not the relaxed one (MAX_ATTEMPTS)
                Arguments.of("redelivery.max-attempts=0",
                        "Invalid configuration: MAX_ATTEMPTS (redelivery.max-attempts) = '0' — expected a positive number of attempts, e.g. 10"),
                Arguments.of("ingest.chunk-size=-5",
                        "Invalid configuration: INGEST_CHUNK_SIZE (ingest.chunk-size) = '-5' — expected a positive number of rows, e.g. 1000"),
                Arguments.of("whatsapp.throttle.rate-limit=-1",
                        "Invalid configuration: WHATSAPP_RATE_LIMIT (whatsapp.throttle.rate-limit) = '-1' — expected 0 (no limit) or a positive number of messages per second"),
                Arguments.of("spring.datasource.hikari.connection-timeout=10",
                        "Invalid configuration: DB_CONNECTION_TIMEOUT_MS (spring.datasource.hikari.connection-timeout) = '10' — expected at least 250 milliseconds, e.g. 5000"),
                Arguments.of("operator.user= ",
                        "Invalid configuration: OPERATOR_USER (operator.user) = '' — expected a user name, e.g. operator"),
                Arguments.of("jmx.port=70000",
                        "Invalid configuration: JMX_PORT (jmx.port) = '70000' — expected a TCP port from 0 to 65535, or empty"),
                // not a number at all
                Arguments.of("api.max-body-bytes=1MB",
                        "Invalid configuration: API_MAX_BODY_BYTES (api.max-body-bytes) = '1MB' — expected a whole number"),
                Arguments.of("whatsapp.enforce-window=maybe",
                        "Invalid configuration: WHATSAPP_ENFORCE_WINDOW (whatsapp.enforce-window) = 'maybe' — expected true or false"),
                // secrets: named and explained, never shown
                Arguments.of("security.admin-api-key=short-key",
                        "Invalid configuration: ADMIN_API_KEY (security.admin-api-key) = a secret of 9 characters (not shown) — expected empty, or at least 16 characters"),
                Arguments.of("security.secrets-key=bm90LTMyLWJ5dGVz",
                        "Invalid configuration: SECRETS_KEY (security.secrets-key) = a secret of 16 characters (not shown) — expected empty, or 32 bytes in base64 (openssl rand -base64 32)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void aBadValueStopsStartUpWithOneLine(String setting, String expectedLine) {
        runner.withPropertyValues(setting).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new ConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).as("analysed").isNotNull();
            assertThat(analysis.getDescription()).isEqualTo(expectedLine);
            assertThat(analysis.getDescription()).doesNotContain("short-key", "bm90LTMyLWJ5dGVz");
        });
    }

    @Test
    void twoBadValuesAreTwoLines() {
        runner.withPropertyValues("redelivery.batch-size=0", "redelivery.concurrency=0").run(context -> {
            FailureAnalysis analysis = new ConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription().lines()).containsExactly(
                    "Invalid configuration: REDELIVERY_BATCH_SIZE (redelivery.batch-size) = '0' — expected a positive number of messages, e.g. 100",
                    "Invalid configuration: REDELIVERY_CONCURRENCY (redelivery.concurrency) = '0' — expected a positive number of calls, e.g. 50");
        });
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void startUpPrintsTheLineInsteadOfSpringBootsTable(CapturedOutput output) {
        SpringApplication application = new SpringApplication(AllSettings.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatThrownBy(() -> application.run("--whatsapp.api-version=v25", "--spring.main.banner-mode=off"))
                .isInstanceOf(Exception.class);
        assertThat(output).contains("Invalid configuration: WHATSAPP_API_VERSION (whatsapp.api-version) = 'v25'"
                + " — expected vNN.N, e.g. v25.0");
        assertThat(output).doesNotContain("Binding to target");
    }
}
