package dev.wagateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.impl.NoOpLog;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * {@code ./mvnw spring-boot:run}: with Docker, Spring Boot's Docker Compose support is left on; without it, it is
 * switched off and one line says how to point DB_URL at a PostgreSQL and to start the sandbox by hand; with DB_URL
 * set, Docker is not used. (Spring
 * Boot skips Docker Compose in tests, and so does LocalDatabase: these call it with that check off.)
 */
class LocalDatabaseTest {

    private final List<String> warnings = new ArrayList<>();
    private final List<String> infos = new ArrayList<>();
    private final Log log = new NoOpLog() {
        @Override
        public void warn(Object message) {
            warnings.add(String.valueOf(message));
        }

        @Override
        public void info(Object message) {
            infos.add(String.valueOf(message));
        }
    };

    private StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        environment.getPropertySources().addFirst(new MapPropertySource("notInTests",
                Map.of("spring.docker.compose.skip.in-tests", "false")));
        return environment;
    }

    @Test
    void without_docker_compose_is_switched_off_and_one_line_says_what_to_do() {
        StandardEnvironment environment = environment(Map.of());
        new LocalDatabase(log, () -> false, name -> true).postProcessEnvironment(environment, null);
        assertThat(environment.getProperty("spring.docker.compose.enabled")).isEqualTo("false");
        assertThat(warnings).containsExactly("No Docker found: set DB_URL=jdbc:postgresql://host:5432/db"
                + " (and DB_USERNAME/DB_PASSWORD) to use your own PostgreSQL, and start the WhatsApp sandbox on :8089"
                + " by hand (README: Quick start)");
    }

    @Test
    void with_docker_compose_starts_postgresql() {
        StandardEnvironment environment = environment(Map.of());
        new LocalDatabase(log, () -> true, name -> true).postProcessEnvironment(environment, null);
        assertThat(environment.getProperty("spring.docker.compose.enabled")).isNull();
        assertThat(warnings).isEmpty();
    }

    @Test
    void with_db_url_set_docker_is_left_alone() {
        StandardEnvironment environment = environment(Map.of("DB_URL", "jdbc:postgresql://db:5432/whatsapp"));
        new LocalDatabase(log, () -> {
            throw new AssertionError("Docker looked for");
        }, name -> true).postProcessEnvironment(environment, null);
        assertThat(environment.getProperty("spring.docker.compose.enabled")).isEqualTo("false");
        assertThat(infos).containsExactly("DB_URL is set: using that PostgreSQL, not docker-compose.yml's (Docker"
                + " Compose is off: start the WhatsApp sandbox on :8089 by hand)");
    }

    @Test
    void in_the_packaged_jar_without_docker_compose_support_nothing_happens() {
        StandardEnvironment environment = environment(Map.of());
        new LocalDatabase(log, () -> false, name -> false).postProcessEnvironment(environment, null);
        assertThat(environment.getProperty("spring.docker.compose.enabled")).isNull();
        assertThat(warnings).isEmpty();
    }

    @Test
    void in_tests_nothing_happens() {
        StandardEnvironment environment = new StandardEnvironment();
        new LocalDatabase(log, () -> false, name -> true).postProcessEnvironment(environment, null);
        assertThat(environment.getProperty("spring.docker.compose.enabled")).isNull();
        assertThat(warnings).isEmpty();
    }

    @Test
    void this_machine_has_no_docker_so_the_real_check_says_no() {
        // the check itself, as spring-boot:run runs it (this machine and CI have no Docker)
        assertThat(LocalDatabase.onPath("sh")).isPresent();
        if (LocalDatabase.onPath("docker").isEmpty()) {
            assertThat(LocalDatabase.dockerAnswers()).isFalse();
        }
    }
}
