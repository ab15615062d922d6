package dev.wagateway.whatsapp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wagateway.Api;
import dev.wagateway.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What WhatsApp's own limit answers do to our limiter, against the stub: a 130429 slows the number down, a 131056
 * holds back that recipient only.
 */
class ThrottleFeedbackTest extends IntegrationTest {

    private static final String MESSAGES_PATH = "/v25.0/1234567890/messages";
    private String tenantId;

    @AfterEach
    void stopRetryingThisTestsMessages() {
        jdbc.update("UPDATE messages SET status = 'failed' WHERE tenant_id = ?::uuid AND status = 'queued'", tenantId);
    }

    @Test
    void a_130429_halves_the_numbers_rate_and_keeps_the_message_queued() {
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody(fixture("error_130429_rate_limit.json"))));
        tenantId = api.tenant("Throughput");
        assertThat(throttle.currentRate("1234567890")).isEqualTo(1000);

        Api.Response send = api.send(tenantId, api.contact(tenantId, uniquePhone()), "too fast");

        assertThat(send.data().path("status").asText()).isEqualTo("queued");
        assertThat(send.data().path("attempts").asInt()).isEqualTo(1);
        assertThat(throttle.currentRate("1234567890")).isEqualTo(500);
    }

    @Test
    void a_131056_holds_back_that_recipient_and_no_other() {
        String paced = uniquePhone();
        String other = uniquePhone();
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(fixture("send_response_success.json"))));
        GRAPH.stubFor(post(urlEqualTo(MESSAGES_PATH)).withRequestBody(containing(paced)).willReturn(aResponse()
                .withStatus(400).withHeader("Content-Type", "application/json").withBody("""
                        {"error": {"message": "(#131056) (Business Account, Consumer Account) pair rate limit hit",
                         "type": "OAuthException", "code": 131056, "fbtrace_id": "AbCdEf"}}""")));
        tenantId = api.tenant("Pair pacing");
        String pacedContact = api.contact(tenantId, paced);

        Api.Response first = api.send(tenantId, pacedContact, "first");
        Api.Response second = api.send(tenantId, pacedContact, "second");
        Api.Response toOther = api.send(tenantId, api.contact(tenantId, other), "unaffected");

        assertThat(first.data().path("status").asText()).isEqualTo("queued");
        assertThat(second.data().path("status").asText()).isEqualTo("queued");
        assertThat(second.data().path("attempts").asInt()).as("a deferral costs no attempt").isZero();
        assertThat(api.get("/messages/" + second.data().path("id").asText()).data().path("last_error").path("code")
                .asText()).isEqualTo("PAIR_RATE_LIMIT");
        assertThat(toOther.data().path("status").asText()).isEqualTo("sent");
        // the second message to the paced recipient never reached WhatsApp
        GRAPH.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH)).withRequestBody(containing(paced)));
        assertThat(jdbc.queryForObject("SELECT next_attempt_at > now() + interval '5 seconds' FROM messages"
                + " WHERE id = ?::uuid", Boolean.class, second.data().path("id").asText())).isTrue();
    }
}
