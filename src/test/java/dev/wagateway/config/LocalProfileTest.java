package dev.wagateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.wagateway.tenant.SecuritySettings;
import dev.wagateway.whatsapp.WhatsAppProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.yaml.snakeyaml.Yaml;

/**
 * The {@code local} profile of {@code ./mvnw spring-boot:run}: pom.xml runs spring-boot:run in it and nothing else
 * does; application-local.yml has docker-compose.yml's local values (the app service's keys, the sandbox as WhatsApp),
 * each commented and each still set by its variable; they pass start-up's checks, and one WARN line says they are for
 * local use only. Outside the profile the settings stay empty (no default key) and nothing is said.
 */
@ExtendWith(OutputCaptureExtension.class)
class LocalProfileTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("^\\s+([a-z-]+): \\$\\{([A-Z_]+):([^}]*)}\\s+# \\S.*$");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withUserConfiguration(ConfigurationFailureTest.AllSettings.class, LocalProfileWarning.class);

    @Test
    void spring_boot_run_runs_in_profile_local_and_the_jar_in_none() throws IOException {
        assertThat(Files.readString(Path.of("pom.xml")))
                .contains("<spring-boot.run.profiles>local</spring-boot.run.profiles>");
        assertThat(Files.readString(Path.of("src/main/resources/application.yml"))).doesNotContain("profiles:");
    }

    @Test
    @SuppressWarnings("unchecked")
    void application_local_yml_has_docker_compose_ymls_local_values_each_commented() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        Map<String, Object> app = (Map<String, Object>) services.get("app").get("environment");
        String sandboxPort = ((List<String>) services.get("whatsapp-sandbox").get("ports")).get(0).split(":")[0];

        List<String> lines = Files.readAllLines(Path.of("src/main/resources/application-local.yml"));
        int settings = 0;
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#") || line.endsWith(":")) {
                continue;
            }
            Matcher setting = PLACEHOLDER.matcher(line);
            assertThat(setting.matches()).as("a ${VARIABLE:default} with its comment: %s", line).isTrue();
            String variable = setting.group(2);
            String value = setting.group(3);
            settings++;
            if (variable.equals("WHATSAPP_API_BASE_URL")) {
                assertThat(value).as("the sandbox, as docker-compose.yml publishes it")
                        .isEqualTo("http://localhost:" + sandboxPort);
            } else {
                assertThat(value).as("%s as docker-compose.yml's app service has it", variable)
                        .isEqualTo(composeDefault(app.get(variable)));
            }
        }
        assertThat(settings).isEqualTo(8);
        assertThat(composeDefault(app.get("ADMIN_API_KEY"))).isEqualTo("local-admin-key-change-me");
        assertThat(app).containsEntry("WHATSAPP_ACCESS_TOKEN", "sandbox-token")
                .containsEntry("WHATSAPP_PHONE_NUMBER_ID", "100000000000001");
    }

    /** A compose value, or its default when it is {@code ${VARIABLE:-default}} (the operator key, shared with Prometheus). */
    private static String composeDefault(Object value) {
        Matcher substitution = Pattern.compile("\\$\\{\\w+:-(.*)}").matcher(String.valueOf(value));
        return substitution.matches() ? substitution.group(1) : String.valueOf(value);
    }

    @Test
    void in_profile_local_the_keys_are_set_valid_and_said_to_be_local_only(CapturedOutput output) {
        runner.withPropertyValues("spring.profiles.active=local").run(context -> {
            assertThat(context).hasNotFailed();
            SecuritySettings security = context.getBean(SecuritySettings.class);
            assertThat(security.adminApiKey()).isEqualTo("local-admin-key-change-me");
            assertThat(security.secretsKey()).isNotEmpty();
            WhatsAppProperties whatsApp = context.getBean(WhatsAppProperties.class);
            assertThat(whatsApp.apiBaseUrl()).isEqualTo("http://localhost:8089");
            assertThat(whatsApp.phoneNumberId()).isEqualTo("100000000000001");
            assertThat(context.getEnvironment().getProperty("webhook.app-secret")).isEqualTo("local-app-secret");
            assertThat(context.getEnvironment().getProperty("operator.password")).isEqualTo("local-operator-password");
        });
        assertThat(output.getOut().lines().filter(line -> line.contains(LocalProfileWarning.WARNING)))
                .singleElement().asString().contains("WARN");
        assertThat(output.getOut()).doesNotContain("local-admin-key-change-me", "bG9jYWwtc2VjcmV0cy1rZXktMzItYnl0ZXMtbG9uZyE=",
                "local-app-secret", "local-operator-password");
    }

    @Test
    void outside_profile_local_nothing_changes(CapturedOutput output) {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(LocalProfileWarning.class);
            SecuritySettings security = context.getBean(SecuritySettings.class);
            assertThat(security.adminApiKey()).as("no default operator key").isEmpty();
            assertThat(security.secretsKey()).isEmpty();
            assertThat(context.getBean(WhatsAppProperties.class).apiBaseUrl()).isEqualTo("https://graph.facebook.com");
        });
        assertThat(output.getOut()).doesNotContain(LocalProfileWarning.WARNING);
    }
}
