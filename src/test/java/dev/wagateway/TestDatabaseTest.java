package dev.wagateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * How the tests choose their database (TestDatabase), with the machine's answers made up: a TEST_DB_URL that
 * answers wins and Docker is not asked; else Docker's postgres is started and used; else one line says what is
 * missing. The real probes are asked only what is safe here (no Docker on this machine or CI).
 */
class TestDatabaseTest {

    private static final String CONFIGURED = "jdbc:postgresql://localhost:5432/whatsapp_test";
    private static final String DOCKER_URL = "jdbc:postgresql://127.0.0.1:55432/whatsapp_test";

    /** Made-up answers: which URLs answer, whether Docker does, what starting postgres does; and what was asked. */
    private static final class Machine implements TestDatabase.Probes {
        final List<String> answering = new ArrayList<>();
        boolean docker;
        RuntimeException startFails;
        final List<String> asked = new ArrayList<>();

        @Override
        public Optional<String> unreachable(String url) {
            asked.add("connect " + url);
            return answering.contains(url) ? Optional.empty() : Optional.of("Connection to localhost:5432 refused");
        }

        @Override
        public boolean dockerAvailable() {
            asked.add("docker?");
            return docker;
        }

        @Override
        public String startComposePostgres(String database) {
            asked.add("compose up postgres for " + database);
            if (startFails != null) {
                throw startFails;
            }
            return "jdbc:postgresql://127.0.0.1:55432/" + database;
        }
    }

    private final Machine machine = new Machine();

    @Test
    void a_test_db_url_that_answers_wins_and_docker_is_not_asked() {
        machine.answering.add(CONFIGURED);
        machine.docker = true;
        TestDatabase.Choice choice = TestDatabase.choose(CONFIGURED, machine);
        assertThat(choice.url()).isEqualTo(CONFIGURED);
        assertThat(choice.source()).isEqualTo("TEST_DB_URL");
        assertThat(machine.asked).containsExactly("connect " + CONFIGURED);
        assertThat(choice.host()).isEqualTo("localhost");
        assertThat(choice.port()).isEqualTo(5432);
        assertThat(choice.database()).isEqualTo("whatsapp_test");
    }

    @Test
    void without_test_db_url_the_default_is_tried() {
        assertThat(TestDatabase.configuredUrl(Map.of())).isEqualTo(CONFIGURED);
        assertThat(TestDatabase.configuredUrl(Map.of("TEST_DB_URL", " "))).isEqualTo(CONFIGURED);
        assertThat(TestDatabase.configuredUrl(Map.of("TEST_DB_URL", "jdbc:postgresql://db:6543/mine")))
                .isEqualTo("jdbc:postgresql://db:6543/mine");
    }

    @Test
    void nothing_at_test_db_url_but_docker_starts_docker_composes_postgres_and_uses_it() {
        machine.docker = true;
        machine.answering.add(DOCKER_URL);
        TestDatabase.Choice choice = TestDatabase.choose(CONFIGURED, machine);
        assertThat(choice.url()).isEqualTo(DOCKER_URL);
        assertThat(choice.source()).startsWith("docker-compose.yml's postgres, started with Docker");
        assertThat(machine.asked).containsExactly("connect " + CONFIGURED, "docker?",
                "compose up postgres for whatsapp_test", "connect " + DOCKER_URL);
        assertThat(choice.host()).isEqualTo("127.0.0.1");
        assertThat(choice.port()).isEqualTo(55432);
    }

    @Test
    void the_database_asked_of_docker_is_test_db_urls() {
        machine.docker = true;
        machine.answering.add("jdbc:postgresql://127.0.0.1:55432/other_db");
        assertThat(TestDatabase.choose("jdbc:postgresql://nowhere/other_db", machine).database()).isEqualTo("other_db");
    }

    @Test
    void nothing_at_test_db_url_and_no_docker_is_one_line_saying_both() {
        assertThatThrownBy(() -> TestDatabase.choose(CONFIGURED, machine))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("No test database: nothing answers at TEST_DB_URL=" + CONFIGURED + " (Connection to"
                        + " localhost:5432 refused) and there is no Docker to start docker-compose.yml's postgres:"
                        + " start PostgreSQL there (role whatsapp, database whatsapp_test), set TEST_DB_URL, or start"
                        + " Docker")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(machine.asked).containsExactly("connect " + CONFIGURED, "docker?");
    }

    @Test
    void docker_that_cannot_start_postgres_is_one_line_with_its_reason() {
        machine.docker = true;
        machine.startFails = new IllegalStateException("Bind for 0.0.0.0:5432 failed: port is already allocated\n"
                + "more detail");
        assertThatThrownBy(() -> TestDatabase.choose(CONFIGURED, machine))
                .hasMessage("No test database: nothing answers at TEST_DB_URL=" + CONFIGURED + " (Connection to"
                        + " localhost:5432 refused), and docker-compose.yml's postgres did not start with Docker:"
                        + " Bind for 0.0.0.0:5432 failed: port is already allocated");
    }

    @Test
    void docker_postgres_that_never_answers_is_one_line_too() {
        machine.docker = true;
        assertThatThrownBy(() -> TestDatabase.choose(CONFIGURED, machine))
                .hasMessageStartingWith("No test database: nothing answers at TEST_DB_URL=" + CONFIGURED)
                .hasMessageEndingWith("and docker-compose.yml's postgres, started with Docker, does not answer at "
                        + DOCKER_URL + " (Connection to localhost:5432 refused)");
    }

    @Test
    void a_test_db_url_that_is_not_postgresqls_is_one_line() {
        assertThatThrownBy(() -> TestDatabase.choose("postgres://localhost/whatsapp_test", machine))
                .hasMessage("TEST_DB_URL is not jdbc:postgresql://host[:port]/database:"
                        + " postgres://localhost/whatsapp_test");
        assertThat(machine.asked).isEmpty();
    }

    @Test
    void the_real_probe_says_why_nothing_answers() {
        // port 1 on the loopback: nothing listens there
        assertThat(new MachineProbes().unreachable("jdbc:postgresql://127.0.0.1:1/whatsapp_test"))
                .hasValueSatisfying(reason -> assertThat(reason).contains("refused").doesNotContain("\n"));
    }

    @Test
    void on_this_machine_a_database_that_answers_is_chosen() {
        // here and on CI: PostgreSQL at TEST_DB_URL; on a machine with Docker only: docker-compose.yml's
        TestDatabase.Choice choice = TestDatabase.chosen();
        assertThat(new MachineProbes().unreachable(choice.url())).isEmpty();
        if (choice.source().equals("TEST_DB_URL")) {
            assertThat(choice.url()).isEqualTo(TestDatabase.configuredUrl(System.getenv()));
        }
    }
}
