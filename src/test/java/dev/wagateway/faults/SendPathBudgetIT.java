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
import java.util.concurrent.atomic.AtomicReference;
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
 * rounds of {@value #SENDS} sends (each to a new contact, WhatsApp accepting at once) from one client, the service
 * otherwise idle (its polls and sweeps an hour apart). The number's rate-limit bucket (rate_limit_buckets, taken from
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
    /** Most rounds of {@value #SENDS} sends for the commits (see the test). */
    private static final int MAX_ROUNDS = 3;
    /** PostgreSQL 15 flushes an idle backend's counters within ~10 s: unchanged this long, a reading is complete. */
    private static final Duration SETTLED = Duration.ofSeconds(12);

    /** Not the send path's: transaction control and settings (the driver's), Quartz, and this test's own reads. */
    private static final Pattern NOT_THE_SEND_PATH = Pattern.compile(
            "(?is)^\\s*(BEGIN|COMMIT|ROLLBACK|END|START\\s+TRANSACTION|SET|SHOW|RESET|SAVEPOINT|RELEASE|DISCARD"
                    + "|DEALLOCATE)\\b.*|.*\\bqrtz_.*|.*\\bpg_stat_.*");
    private static final Pattern BUCKET = Pattern.compile("(?is).*\\brate_limit_buckets\\b.*");
    private static final Pattern BUCKET_LOCK =
            Pattern.compile("(?is).*\\brate_limit_buckets\\b.*\\bFOR\\s+UPDATE\\b.*");
    private static final Pattern READS_MESSAGES = Pattern.compile("(?is).*\\b(FROM|JOIN)\\s+(public\\.)?messages\\b.*");
    private static final Pattern INSERTS_MESSAGE =
            Pattern.compile("(?is)^\\s*INSERT\\s+INTO\\s+(public\\.)?messages\\b.*");

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

    /**
     * A settled reading of the database's commits, and when it was taken: every session's start-up is a transaction
     * of its own (InitPostgres reads the catalogs in one), so a new session's is taken out of the commits.
     */
    record Commits(long commits, long sessions, long atNanos) {

        long count() {
            return commits - sessions;
        }
    }

    /** One round: the statements it ran (calls), and the database's commits between its two settled readings. */
    record Round(List<Statement> statements, Commits from, Commits to, double background) {

        long commits() {
            return to.count() - from.count();
        }

        long sessions() {
            return to.sessions() - from.sessions();
        }

        double seconds() {
            return SendPathBudgetIT.seconds(from, to);
        }

        long bucketTransactions() {
            return calls(statements, BUCKET_LOCK);
        }

        double commitsPerSend() {
            return (commits() - background) / SENDS;
        }

        double commitsPerSendWithoutBucket() {
            return (commits() - background - bucketTransactions()) / SENDS;
        }
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
        // nothing but the sends: polls and sweeps an hour apart (each runs once at start-up at most), and Quartz's
        // own periodic transactions too (cluster check-in, idle trigger acquisition, misfire scan: without them an
        // idle service commits ~0.2 times a second, in bursts); the number's shared bucket on, as in production
        env.put("REDELIVERY_INTERVAL", "1h");
        env.put("WEBHOOK_SWEEP_INTERVAL", "1h");
        env.put("INGEST_POLL_INTERVAL", "1h");
        env.put("CALLBACK_POLL_INTERVAL", "1h"); // the callbacks' claim is a transaction of its own...
        env.put("CALLBACK_LEASE", "1h");         // ...and so is their sweep
        env.put("SECRETS_REENCRYPT_INTERVAL", "1h"); // the re-encryption job's pass, and the retention job's run
        env.put("RETENTION_INTERVAL", "1h");
        env.put("WHATSAPP_RATE_LIMIT", "1000");
        env.put("SPRING_APPLICATION_JSON", "{\"spring.quartz.properties.org.quartz.jobStore.clusterCheckinInterval\":"
                + " \"3600000\", \"spring.quartz.properties.org.quartz.scheduler.idleWaitTime\": \"3600000\","
                + " \"spring.quartz.properties.org.quartz.jobStore.misfireThreshold\": \"3600000\"}");
        // Hikari checks a connection idle for over 0.5 s before lending it, with an empty query: a transaction of its
        // own (a commit, no statement), the pool's and not the send path's, which the settling periods below would
        // add to the first sends after them (2 here): the check is left to connections idle for an hour
        env.put("JAVA_TOOL_OPTIONS", "-Dcom.zaxxer.hikari.aliveBypassWindowMs=3600000");
        try (ServiceProcess service = ServiceProcess.start("send-budget", env)) {
            Api api = new Api(service.baseUrl());
            String tenantId = api.tenant("Budget");
            List<String> warmUp = FaultsEnvironment.contacts(api, tenantId, WARM_UP);
            for (int i = 0; i < WARM_UP; i++) {
                sendAndExpectSent(api, tenantId, warmUp.get(i), "warm-up-" + i);
            }
            List<String> contacts = FaultsEnvironment.contacts(api, tenantId, SENDS);

            Map<Long, Statement> snapshot = statements();
            // the background's commits over the same settling procedure, nothing sent
            Commits idleFrom = settledCommits();
            Commits idleTo = settledCommits();
            double backgroundPerSecond = (idleTo.count() - idleFrom.count()) / seconds(idleFrom, idleTo);

            // Rounds of SENDS sends. Besides the background, an idle session of the database commits an empty
            // transaction of its own whenever DDL anywhere on the server (another database's tests, say) overruns
            // PostgreSQL's invalidation queue (its catch-up): noise that only adds, so the least round is the sends'
            List<Round> rounds = new ArrayList<>();
            Commits from = idleTo;
            for (int round = 0; round < MAX_ROUNDS && (rounds.isEmpty()
                    || rounds.stream().mapToDouble(Round::commitsPerSendWithoutBucket).min().orElseThrow()
                    > MAX_COMMITS_PER_SEND); round++) {
                if (round > 0) {
                    contacts = FaultsEnvironment.contacts(api, tenantId, SENDS);
                    snapshot = statements();
                    from = settledCommits();
                }
                for (int i = 0; i < SENDS; i++) {
                    sendAndExpectSent(api, tenantId, contacts.get(i), "budget-" + round + "-" + i);
                }
                Commits to = settledCommits();
                Map<Long, Statement> now = statements();
                rounds.add(new Round(ran(snapshot, now), from, to, backgroundPerSecond * seconds(from, to)));
                snapshot = now;
            }

            // the stub got each message once: every send was one successful immediate attempt
            Map<String, Long> accepted = FaultsEnvironment.acceptedTexts(graph);
            for (int round = 0; round < rounds.size(); round++) {
                for (int i = 0; i < SENDS; i++) {
                    assertThat(accepted.get("budget-" + round + "-" + i)).as("WhatsApp got budget-%d-%d", round, i)
                            .isEqualTo(1L);
                }
            }

            // statements are exact (the catch-up transactions run none): all rounds together
            int sends = SENDS * rounds.size();
            Map<String, Statement> byText = new HashMap<>();
            for (Round round : rounds) {
                for (Statement statement : round.statements()) {
                    byText.merge(statement.query(), statement,
                            (a, b) -> new Statement(a.query(), a.calls() + b.calls()));
                }
            }
            List<Statement> ran = new ArrayList<>();
            List<Statement> passedOver = new ArrayList<>();
            byText.values().stream()
                    .sorted(Comparator.comparingLong(Statement::calls).reversed().thenComparing(Statement::query))
                    .forEach(st -> (st.matches(NOT_THE_SEND_PATH) ? passedOver : ran).add(st));
            long bucketStatements = calls(ran, BUCKET);
            long pathStatements = ran.stream().mapToLong(Statement::calls).sum() - bucketStatements;
            Map<String, Long> byTable = new HashMap<>();
            for (String table : List.of("api_keys", "tenants", "contacts", "conversations")) {
                byTable.put(table, calls(ran, Pattern.compile("(?is).*\\b(FROM|JOIN|INTO|UPDATE)\\s+(public\\.)?"
                        + table + "\\b.*")));
            }
            long messageReads = calls(ran, READS_MESSAGES);
            Round best = rounds.stream().min(Comparator.comparingDouble(Round::commitsPerSendWithoutBucket))
                    .orElseThrow();

            StringBuilder table = new StringBuilder();
            for (Statement statement : ran) {
                table.append(String.format("  %6d  %s%n", statement.calls(), statement.shortText()));
            }
            table.append("  not counted (transaction control, settings, Quartz, this test's reads):\n");
            for (Statement statement : passedOver) {
                table.append(String.format("  %6d  %s%n", statement.calls(), statement.shortText()));
            }
            StringBuilder commits = new StringBuilder();
            for (Round round : rounds) {
                commits.append(String.format("  commits: %d in %.1f s (new sessions' start-ups apart: %d), background"
                        + " %.1f: %.2f per send, %.2f without the bucket's %d transactions%n", round.commits(),
                        round.seconds(), round.sessions(), round.background(), round.commitsPerSend(),
                        round.commitsPerSendWithoutBucket(), round.bucketTransactions()));
            }
            System.out.printf("%nSend path budget: %d sends (new contacts, WhatsApp accepting at once) in %d round(s)"
                    + " of %d on %s, as PostgreSQL counted them (quartz check-in interval %s ms; idle: %d commits in"
                    + " %.1f s)%n  calls  statement%n%s"
                    + "  per send: %.2f statements without the bucket's (%.2f with them); bucket transactions %.2f;"
                    + " reads of messages %.2f; api_keys %.2f, tenants %.2f, contacts %.2f, conversations %.2f%n%s%n",
                    sends, rounds.size(), SENDS, database, checkinInterval(), idleTo.count() - idleFrom.count(),
                    seconds(idleFrom, idleTo), table, (double) pathStatements / sends,
                    (double) (pathStatements + bucketStatements) / sends, (double) calls(ran, BUCKET_LOCK) / sends,
                    (double) messageReads / sends, (double) byTable.get("api_keys") / sends,
                    (double) byTable.get("tenants") / sends, (double) byTable.get("contacts") / sends,
                    (double) byTable.get("conversations") / sends, commits);

            // the counts are the service's: every send inserted its message, and committed it
            assertThat(calls(ran, INSERTS_MESSAGE)).as("inserts into messages counted").isGreaterThanOrEqualTo(sends);
            assertThat(rounds).allSatisfy(round -> assertThat(round.commits()).as("commits counted")
                    .isGreaterThanOrEqualTo(SENDS));

            assertThat((double) pathStatements / sends).as("statements per send, the bucket's apart")
                    .isLessThanOrEqualTo(MAX_STATEMENTS_PER_SEND);
            assertThat(messageReads).as("statements reading messages (no read-back)").isZero();
            for (String once : List.of("api_keys", "tenants", "contacts")) {
                assertThat((double) byTable.get(once) / sends).as("statements on %s per send", once)
                        .isLessThanOrEqualTo(1.0);
            }
            assertThat(best.commitsPerSendWithoutBucket())
                    .as("commits per send (store, outcome), the bucket's apart, least of %d round(s)", rounds.size())
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
     * The database's commits and sessions once they stop changing for {@link #SETTLED} (read from the
     * {@code postgres} database: these reads are not commits of the measured one).
     */
    private static Commits settledCommits() {
        AtomicReference<Commits> last = new AtomicReference<>(new Commits(-1, -1, 0));
        AtomicLong changedAt = new AtomicLong();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Commits now = postgres.queryForObject("SELECT xact_commit, sessions FROM pg_stat_database"
                    + " WHERE datname = ?", (rs, i) -> new Commits(rs.getLong(1), rs.getLong(2), System.nanoTime()),
                    database);
            Commits before = last.getAndSet(now);
            if (now.commits() != before.commits() || now.sessions() != before.sessions()) {
                changedAt.set(System.nanoTime());
            }
            return System.nanoTime() - changedAt.get() >= SETTLED.toNanos();
        });
        return new Commits(last.get().commits(), last.get().sessions(), System.nanoTime());
    }

    /** The statements run between two snapshots, with their calls. */
    private static List<Statement> ran(Map<Long, Statement> before, Map<Long, Statement> after) {
        List<Statement> ran = new ArrayList<>();
        after.forEach((id, now) -> {
            long calls = now.calls() - (before.containsKey(id) ? before.get(id).calls() : 0);
            if (calls > 0) {
                ran.add(new Statement(now.query(), calls));
            }
        });
        return ran;
    }

    private static double seconds(Commits from, Commits to) {
        return (to.atNanos() - from.atNanos()) / 1e9;
    }

    private static long calls(List<Statement> statements, Pattern pattern) {
        return statements.stream().filter(s -> s.matches(pattern)).mapToLong(Statement::calls).sum();
    }

    private static String checkinInterval() {
        return jdbc.queryForList("SELECT checkin_interval FROM qrtz_scheduler_state", Long.class).toString();
    }
}
