package dev.wagateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.Random;

import dev.wagateway.Api;
import dev.wagateway.Contract;
import dev.wagateway.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * Thousands of hostile requests over every operation of the contract (read from openapi.yaml), sent raw
 * ({@link HostileRequests}, {@link RawHttp}), seeded: {@code -Dfuzz.seed}, {@code -Dfuzz.count}. Every answer keeps
 * {@link AnswerRules}: never a 5xx, the JSON envelope, one the contract allows for the request. All broken rules are
 * collected and the test fails once, with a summary by status and reason ({@link FuzzFindings}).
 */
class ApiFuzzTest extends IntegrationTest {

    private static final long DEFAULT_SEED = 20261130L;
    private static final int DEFAULT_COUNT = 3000;

    @Value("${webhook.app-secret}")
    private String appSecret;

    @Value("${webhook.verify-token}")
    private String verifyToken;

    @Test
    void every_operation_answers_hostile_requests_as_the_contract_says() {
        long seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
        int count = Integer.getInteger("fuzz.count", DEFAULT_COUNT);
        System.out.printf("ApiFuzzTest: seed %d, %d requests (-Dfuzz.seed=…, -Dfuzz.count=…)%n", seed, count);
        GRAPH.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(fixture("send_response_success.json"))));
        Random random = new Random(seed);
        ValidValues.Fixtures fixtures = fixtures();
        HostileRequests requests = new HostileRequests(random, Contract.get(), new ValidValues(fixtures, random));
        System.out.printf("ApiFuzzTest: %d operations; first a sweep of %d requests (each hostile value alone on each"
                + " operation), then random combinations%n", Contract.get().operations().size(), requests.sweepSize());
        RawHttp http = new RawHttp(port);
        FuzzFindings findings = new FuzzFindings();

        long start = System.nanoTime();
        long checking = 0;
        for (int i = 0; i < count; i++) {
            FuzzRequest request = requests.next();
            FuzzAnswer answer = http.send(request);
            long answered = System.nanoTime();
            findings.record(request, answer, AnswerRules.problems(request, answer));
            checking += System.nanoTime() - answered;
        }

        System.out.printf("ApiFuzzTest: seed %d, %d requests in %.1f s (%.1f s of it checking), answers by status %s%n",
                seed, count, (System.nanoTime() - start) / 1e9, checking / 1e9, findings.byStatus());
        // what the sends left queued (deferred by the rate limits) goes out now, not into a later test's stub
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject("SELECT count(*) FROM messages"
                + " WHERE tenant_id = ?::uuid AND status IN ('queued', 'sending')", Long.class, fixtures.tenantId()) == 0);
        assertThat(findings.failed()).withFailMessage(() -> "seed " + seed + ": " + findings.summary()).isZero();
    }

    /** A tenant with a contact and a message, a spare API key of it, and another tenant: what valid requests name. */
    private ValidValues.Fixtures fixtures() {
        Api.Response tenant = api.post("/tenants", Api.json(Map.of("name", "Fuzz")));
        String tenantId = tenant.data().path("id").asText();
        api.rememberKey(tenantId, tenant.data().path("api_key").asText());
        String otherKey = api.keyOf(api.tenant("Fuzz, another"));
        String spareKeyId = api.post("/tenants/" + tenantId + "/api-keys", "").data().path("id").asText();
        String contactId = api.contact(tenantId, uniquePhone());
        String messageId = api.send(tenantId, contactId, "the fuzz test's message").data().path("id").asText();
        return new ValidValues.Fixtures(tenantId, api.keyOf(tenantId), otherKey, contactId, messageId, spareKeyId,
                appSecret, verifyToken);
    }
}
