package dev.wagateway.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wagateway.Api;
import dev.wagateway.IntegrationTest;
import org.junit.jupiter.api.Test;

/** {@code /actuator/info}, open without a key: the build's version, its git commit, the Graph API version; no secret. */
class ActuatorInfoTest extends IntegrationTest {

    @Test
    void info_shows_the_version_the_commit_and_the_whatsapp_api_version() {
        Api.Response info = api.anonymous().get("/actuator/info");
        assertThat(info.status()).isEqualTo(200);
        assertThat(info.json().path("build").path("version").asText()).isEqualTo("0.1.0-SNAPSHOT");
        assertThat(info.json().path("build").path("artifact").asText()).isEqualTo("whatsapp-gateway");
        assertThat(info.json().path("git").path("commit").path("id").asText()).matches("[0-9a-f]{7,40}");
        assertThat(info.json().path("whatsapp").path("api-version").asText()).isEqualTo("v25.0");
        assertThat(info.json().path("whatsapp").path("global-sender-configured").asBoolean()).isTrue();
        // the test profile's token and phone number id are never shown
        assertThat(info.raw()).doesNotContain("test-token", "1234567890");
    }
}
