package dev.wagateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import dev.wagateway.Api;
import dev.wagateway.IntegrationTest;
import org.junit.jupiter.api.Test;

/** Request bodies declared over 1 MB are refused with 413 in the envelope, before anything reads them. */
class BodySizeLimitTest extends IntegrationTest {

    private static final int LIMIT = 1_048_576;

    @Test
    void a_body_over_one_megabyte_is_413_and_stores_nothing() throws Exception {
        long tenants = jdbc.queryForObject("SELECT count(*) FROM tenants", Long.class);
        byte[] big = json("{\"name\": \"" + "x".repeat(2 * LIMIT) + "\"}");

        Api.Response declared = api.post("/tenants", big, Map.of());
        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.errorCode()).isEqualTo("PAYLOAD_TOO_LARGE");

        assertThat(jdbc.queryForObject("SELECT count(*) FROM tenants", Long.class)).isEqualTo(tenants);
    }

    @Test
    void a_body_of_exactly_the_limit_reaches_the_route() {
        byte[] atLimit = new byte[LIMIT];
        Arrays.fill(atLimit, (byte) ' ');
        atLimit[0] = '{';
        atLimit[LIMIT - 1] = '}';
        Api.Response response = api.post("/tenants", atLimit, Map.of());
        assertThat(response.status()).as("read, and refused for what it says, not for its size").isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("VALIDATION_ERROR");
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
