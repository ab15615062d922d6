package dev.wagateway.contact;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.wagateway.Api;
import dev.wagateway.IntegrationTest;
import dev.wagateway.redelivery.Backlog;
import dev.wagateway.webhook.MetaPayloads;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A queued message due now, claimed by redelivery (it polls every 250 ms in the test profile) while its contact opts
 * out, round after round, at random moments: by hand or by the customer's STOP through the signed webhook. Each
 * message is either sent (its attempt read the contact before the opt-out committed) or failed CONTACT_OPTED_OUT
 * with no request at the Graph API stub beyond its counted attempts; none is left queued or sending. And a message queued once the opt-out has
 * committed never reaches WhatsApp: no attempt that starts after the commit sends.
 */
class ConsentRaceTest extends IntegrationTest {

    private static final Logger LOG = LoggerFactory.getLogger(ConsentRaceTest.class);
    private static final int ROUNDS = 40;

    private record Round(int number, String phone, String racing, String after) {
    }

    @Test
    void a_message_claimed_as_its_contact_opts_out_is_sent_before_or_failed_never_after_never_stuck()
            throws InterruptedException {
        ConsentTest.graphAccepts();
        String tenantId = api.tenant("Consent race");
        Api tenant = api.as(api.keyOf(tenantId));
        // a first call warms the stub and the HTTP client up: the rounds' calls then answer well within the timeout
        assertThat(tenant.send(tenantId, api.contact(tenantId, uniquePhone()), "warm-up").status()).isEqualTo(201);
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<Round> rounds = new ArrayList<>();
        for (int n = 0; n < ROUNDS; n++) {
            String phone = uniquePhone();
            String contactId = api.contact(tenantId, phone);
            Backlog backlog = new Backlog(jdbc, tenantId, contactId);
            String racing = backlog.queued("racing " + n, 0);
            Thread.sleep(random.nextInt(500));
            if (n % 2 == 0) {
                Api.Response out = tenant.put("/contacts/" + contactId + "/consent", "{\"optedOut\":true}");
                assertThat(out.status()).as(out.raw()).isEqualTo(200);
            } else {
                byte[] stop = ConsentTest.text(phone, "STOP", ConsentTest.wamid());
                long event = api.post("/webhooks/whatsapp", stop, Map.of("X-Hub-Signature-256",
                        MetaPayloads.sign(stop))).data().path("event_id").asLong();
                await().atMost(Duration.ofSeconds(10)).until(() -> "processed".equals(jdbc.queryForObject(
                        "SELECT status FROM webhook_events WHERE id = ?", String.class, event)));
            }
            // the opt-out has committed: a message queued now must never reach WhatsApp
            rounds.add(new Round(n, phone, racing, backlog.queued("after " + n, 0)));
        }

        int sent = 0;
        int failed = 0;
        for (Round round : rounds) {
            await("round " + round.number() + " settles").atMost(Duration.ofSeconds(20))
                    .until(() -> settled(round.racing()) && settled(round.after()));
            Map<String, Object> racing = row(round.racing());
            int calls = requests(round.phone(), "racing " + round.number());
            // every call WhatsApp got is a counted attempt (one that timed out on a loaded machine, too), made before
            // the opt-out committed; the refusal itself is no call and no attempt
            assertThat(racing.get("attempts")).as("round %d: calls = attempts", round.number()).isEqualTo(calls);
            if ("sent".equals(racing.get("status"))) {
                sent++;
                assertThat(calls).as("round %d: sent", round.number()).isPositive();
            } else {
                failed++;
                assertThat(racing).as("round %d", round.number()).containsEntry("status", "failed")
                        .containsEntry("last_error_code", "CONTACT_OPTED_OUT");
            }
            assertThat(row(round.after())).as("round %d, queued after the opt-out", round.number())
                    .containsEntry("status", "failed").containsEntry("last_error_code", "CONTACT_OPTED_OUT");
            assertThat(requests(round.phone(), "after " + round.number())).isZero();
        }
        LOG.info("{} rounds (seed {}): {} sent before the opt-out committed, {} failed CONTACT_OPTED_OUT", ROUNDS,
                seed, sent, failed);
        assertThat(sent + failed).isEqualTo(ROUNDS);
        assertThat(sent).as("rounds whose claim won the race (seed %d): the test must race", seed).isPositive();
        assertThat(failed).as("rounds whose opt-out won the race (seed %d)", seed).isPositive();
    }

    private boolean settled(String messageId) {
        String status = jdbc.queryForObject("SELECT status FROM messages WHERE id = ?::uuid", String.class, messageId);
        return !"queued".equals(status) && !"sending".equals(status);
    }

    private Map<String, Object> row(String messageId) {
        return jdbc.queryForMap("SELECT status, last_error_code, attempts FROM messages WHERE id = ?::uuid",
                messageId);
    }

    /** Calls the Graph API stub received for this recipient with this text. */
    private static int requests(String phone, String text) {
        return GRAPH.findAll(postRequestedFor(urlEqualTo(ConsentTest.MESSAGES_PATH))
                .withRequestBody(containing("\"to\":\"" + phone + "\""))
                .withRequestBody(containing("\"body\":\"" + text + "\""))).size();
    }
}
