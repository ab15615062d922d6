package dev.wagateway.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import dev.wagateway.Api;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What one successful {@code POST /messages/send} costs PostgreSQL, counted by PostgreSQL itself: statements from
 * {@code pg_stat_statements}, commits from {@code pg_stat_database}, for the service's database and role only, over
 * {@value #SENDS} sends (each to a new contact, WhatsApp accepting at once) from one client, the service otherwise
 * idle (its polls and sweeps an hour apart). The number's rate-limit bucket (rate_limit_buckets, taken from
 * PostgreSQL in blocks of turns) is counted apart: it shows on some sends only.
 * <p>
 * Needs {@code pg_stat_statements} (preloaded, and the extension in the fault tests' database: .ci/run and
 * docker-compose.yml do both); skipped without it, unless {@code REQUIRE_PG_STAT_STATEMENTS=true} (.ci/run).
 */
class SendPathBudgetIT extends FaultTest {

    private static final int WARM_UP = 3;
    private static final int SENDS = 40;
    private static final double MAX_STATEMENTS_PER_SEND = 6.0;
    private static final double MAX_COMMITS_PER_SEND = 2.0;
    /** PostgreSQL 15 flushes an idle backend's counters within ~10 s: unchanged this long, a reading is complete. */
    private static final Duration SETTLED = Duration.ofSeconds(12);

    /** Not the send path's: transaction control and settings (the driver's), Quartz, and this test's own reads. */
    private static final Pattern NOT_THE_SEND_PATH = Pattern.compile(
            "(?is)^\\s*(BEGIN|COMMIT|ROLLBACK|END|START\\s+TRANSACTION|SET|SHOW|RESET|SAVEPOINT|RELEASE|DISCARD|DEALLOCATE)\\b.*"
                    + "|.*\\bqrtz_.*|.*\\bpg_stat_.*");
    private static final Pattern BUCKET = Pattern.compile("(?is).*\\brate_limit_buckets\\b.*");
    private static final Pattern BUCKET_LOCK = Pattern.compile("(?is).*\\brate_limit_buckets\\b.*\\bFOR\\s+UPDATE\\b.*");
    private static final Pattern READS_MESSAGES = Pattern.compile("(?is).*\\b(FROM|JOIN)\\s+(public\\.)?messages\\b.*");
    private static final Pattern INSERTS_MESSAGE = Pattern.compile("(?is)^\\s*INSERT\\s+INTO\\s+(public\\.)?messages\\b.*");

    private static String database;
    private static JdbcTemplate postgres;

    /** One statement's line in pg_stat_statements (its calls summed over top-level and nested). */
    record Statement(String query, long calls) {

        String shortText() {
            String oneLine = query.replaceAll("\\s+", " ").strip();
            return oneLine.length() <= 100 ? oneLine : oneLine.substring(0, 100);
        }

        boolean matches(Pattern pattern) {
            return pattern.matcher(query).matches();
        }
    }

    /** A settled reading of the database's commits, and when it was taken. */
    record Commits(long count, long atNanos) {
    }

    @BeforeAll
    static void pgStatStatements() {
        database = jdbc.queryForObject("SELECT current_database()", String.class);
        postgres = FaultsEnvironment.otherDatabase("postgres");
        String missing = null;
        try {
            try {
                // a superuser test role (docker-compose's) may have dropped it with the rest of its objects
                jdbc.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            } catch (DataAccessException notOurs) {
                // not the test role's to create: .ci/run creates it as postgres
            }
            jdbc.queryForObject("SELECT count(*) FROM pg_stat_statements", Long.class);
        } catch (DataAccessException e) {
            missing = "pg_stat_statements is not usable in " + database + " (" + e.getMostSpecificCause().getMessage()
                    + "): it needs shared_preload_libraries = 'pg_stat_statements' and CREATE EXTENSION"
                    + " pg_stat_statements in that database, as .ci/run and docker-compose.yml do";
        }
        if (missing != null) {
            if ("true".equals(System.getenv("REQUIRE_PG_STAT_STATEMENTS"))) {
                fail(missing + " (REQUIRE_PG_STAT_STATEMENTS=true)");
            }
            Assumptions.abort(missing);
        }
    }

    @Test
    void a_successful_immediate_send_costs_at_most_six_statements_and_two_commits() {
        FaultsEnvironment.accepts(graph, 0);
        Map<String, String> env = FaultsEnvironment.service(FaultsEnvironment.DB_URL, graph, "faults-budget");
        // nothing but the sends: polls, sweeps and the cluster check-in an hour apart (each runs once at start-up
        // at most); the number's shared bucket on, as in production
        env.put("REDELIVERY_INTERVAL", "1h");
        env.put("WEBHOOK_SWEEP_INTERVAL", "1h");
        env.put("INGEST_POLL_INTERVAL", "1h");
        env.put("WHATSAPP_RATE_LIMIT", "1000");
        env.put("SPRING_APPLICATION_JSON",
                "{\"spring.quartz.properties.org.quartz.jobStore.clusterCheckinInterval\":\"3600000\"}");
        try (ServiceProcess service = ServiceProcess.start("send-budget", env)) {
            Api api = new Api(service.baseUrl());
            String tenantId = api.tenant("Budget");
            List<String> contacts = FaultsEnvironment.contacts(api, tenantId, WARM_UP + SENDS);
            for (int i = 0; i < WARM_UP; i++) {
                sendAndExpectSent(api, tenantId, contacts.get(i), "warm-up-" + i);
            }

            Map<Long, Statement> before = statements();
            // the background's commits over the same settling procedure, nothing sent
            Commits idleFrom = settledCommits();
            Commits idleTo = settledCommits();
            for (int i = 0; i < SENDS; i++) {
                sendAndExpectSent(api, tenantId, contacts.get(WARM_UP + i), "budget-" + i);
            }
            Commits sent = settledCommits();
            Map<Long, Statement> after = statements();

            // the stub got each message once: every send was one successful immediate attempt
            Map<String, Long> accepted = FaultsEnvironment.acceptedTexts(graph);
            for (int i = 0; i < SENDS; i++) {
                assertThat(accepted.get("budget-" + i)).as("WhatsApp got budget-%d", i).isEqualTo(1L);
            }

            List<Statement> ran = new ArrayList<>();
            after.forEach((id, now) -> {
                long calls = now.calls() - (before.containsKey(id) ? before.get(id).calls() : 0);
                if (calls > 0 && !now.matches(NOT_THE_SEND_PATH)) {
                    ran.add(new Statement(now.query(), calls));
                }
            });
            ran.sort(Comparator.comparingLong(Statement::calls).reversed().thenComparing(Statement::query));
            long bucketTransactions = calls(ran, BUCKET_LOCK);
            long bucketStatements = calls(ran, BUCKET);
            long pathStatements = ran.stream().mapToLong(Statement::calls).sum() - bucketStatements;
            Map<String, Long> byTable = new HashMap<>();
            for (String table : List.of("api_keys", "tenants", "contacts", "conversations")) {
                byTable.put(table, calls(ran, Pattern.compile("(?is).*\\b(FROM|JOIN|INTO|UPDATE)\\s+(public\\.)?"
                        + table + "\\b.*")));
            }
            long messageReads = calls(ran, READS_MESSAGES);

            double idleSeconds = (idleTo.atNanos() - idleFrom.atNanos()) / 1e9;
            double windowSeconds = (sent.atNanos() - idleTo.atNanos()) / 1e9;
            double background = (idleTo.count() - idleFrom.count()) * windowSeconds / idleSeconds;
            long commits = sent.count() - idleTo.count();
            double commitsPerSend = (commits - background) / SENDS;
            double commitsPerSendWithoutBucket = (commits - background - bucketTransactions) / SENDS;

            StringBuilder table = new StringBuilder();
            for (Statement statement : ran) {
                table.append(String.format("  %6d  %s%n", statement.calls(), statement.shortText()));
            }
            System.out.printf("%nSend path budget: %d sends (new contacts, WhatsApp accepting at once) on %s, as"
                    + " PostgreSQL counted them (quartz check-in interval %s ms)%n  calls  statement%n%s"
                    + "  per send: %.2f statements without the bucket's (%.2f with them); bucket transactions %d"
                    + " (%.2f per send); reads of messages %.2f; api_keys %.2f, tenants %.2f, contacts %.2f,"
                    + " conversations %.2f%n"
                    + "  commits: %d in %.1f s, background %.1f (%d in %.1f s idle): %.2f per send, %.2f without"
                    + " the bucket's transactions%n%n", SENDS, database, checkinInterval(), table,
                    (double) pathStatements / SENDS, (double) (pathStatements + bucketStatements) / SENDS,
                    bucketTransactions, (double) bucketTransactions / SENDS, (double) messageReads / SENDS,
                    perSend(byTable, "api_keys"), perSend(byTable, "tenants"), perSend(byTable, "contacts"),
                    perSend(byTable, "conversations"), commits, windowSeconds, background,
                    idleTo.count() - idleFrom.count(), idleSeconds, commitsPerSend, commitsPerSendWithoutBucket);

            // the counts are the service's: every send inserted its message, and committed it
            assertThat(calls(ran, INSERTS_MESSAGE)).as("inserts into messages counted").isGreaterThanOrEqualTo(SENDS);
            assertThat(commits).as("commits counted").isGreaterThanOrEqualTo(SENDS);

            assertThat((double) pathStatements / SENDS).as("statements per send, the bucket's apart")
                    .isLessThanOrEqualTo(MAX_STATEMENTS_PER_SEND);
            assertThat(messageReads).as("statements reading messages (no read-back)").isZero();
            for (String once : List.of("api_keys", "tenants", "contacts")) {
                assertThat(perSend(byTable, once)).as("statements on %s per send", once).isLessThanOrEqualTo(1.0);
            }
            assertThat(commitsPerSendWithoutBucket).as("commits per send (store, outcome), the bucket's apart")
                    .isLessThanOrEqualTo(MAX_COMMITS_PER_SEND);
        }
    }

    private static void sendAndExpectSent(Api api, String tenantId, String contactId, String text) {
        Api.Response response = api.send(tenantId, contactId, text);
        assertThat(response.status()).as(response.raw()).isEqualTo(201);
        assertThat(response.data().path("status").asText()).as(response.raw()).isEqualTo("sent");
    }

    /** The service role's statements in the fault tests' database, by query id. */
    private static Map<Long, Statement> statements() {
        Map<Long, Statement> statements = new HashMap<>();
        jdbc.query("SELECT queryid, min(query) AS query, sum(calls) AS calls FROM pg_stat_statements"
                + " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
                + " AND userid = (SELECT oid FROM pg_roles WHERE rolname = ?) AND queryid IS NOT NULL GROUP BY queryid",
                rs -> {
                    statements.put(rs.getLong("queryid"), new Statement(rs.getString("query"), rs.getLong("calls")));
                }, FaultsEnvironment.databaseUser());
        return statements;
    }

    /**
     * The database's commits once they stop changing for {@link #SETTLED} (read from the {@code postgres} database:
     * these reads are not commits of the measured one).
     */
    private static Commits settledCommits() {
        AtomicLong last = new AtomicLong(-1);
        AtomicLong changedAt = new AtomicLong();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            long now = postgres.queryForObject("SELECT xact_commit FROM pg_stat_database WHERE datname = ?",
                    Long.class, database);
            if (now != last.getAndSet(now)) {
                changedAt.set(System.nanoTime());
            }
            return System.nanoTime() - changedAt.get() >= SETTLED.toNanos();
        });
        return new Commits(last.get(), System.nanoTime());
    }

    private static long calls(List<Statement> statements, Pattern pattern) {
        return statements.stream().filter(s -> s.matches(pattern)).mapToLong(Statement::calls).sum();
    }

    private static double perSend(Map<String, Long> byTable, String table) {
        return (double) byTable.get(table) / SENDS;
    }

    private static String checkinInterval() {
        return jdbc.queryForList("SELECT checkin_interval FROM qrtz_scheduler_state", Long.class).toString();
    }
}
