package dev.wagateway.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wagateway.api.ApiException;
import dev.wagateway.message.SendRequests.SendMessageRequest;
import org.junit.jupiter.api.Test;

/** The key's checks and the request's fingerprint, without a database. */
class FingerprintTest {

    private final ObjectMapper json = new ObjectMapper();
    private final IdempotencyKeys keys = new IdempotencyKeys(json);

    private byte[] of(String body) throws Exception {
        return keys.fingerprint("k", json.readValue(body, SendMessageRequest.class));
    }

    @Test
    void the_same_request_as_parsed_has_the_same_fingerprint() throws Exception {
        byte[] plain = of("{\"contactId\":\"c\",\"message\":\"hi\"}");
        assertThat(plain).hasSize(32);
        assertThat(of("{ \"message\" : \"hi\" , \"contactId\":\"c\", \"type\": null }")).isEqualTo(plain);
        assertThat(of("{\"contactId\":\"c\",\"message\":\"hi\",\"template\":{\"b\":1,\"a\":[2,1]}}"))
                .isEqualTo(of("{\"template\":{\"a\":[2,1],\"b\":1},\"message\":\"hi\",\"contactId\":\"c\"}"));
    }

    @Test
    void another_request_has_another_fingerprint() throws Exception {
        byte[] plain = of("{\"contactId\":\"c\",\"message\":\"hi\"}");
        assertThat(of("{\"contactId\":\"c\",\"message\":\"hi \"}")).isNotEqualTo(plain);
        assertThat(of("{\"contactId\":\"c\",\"message\":\"hi\",\"type\":\"text\"}")).isNotEqualTo(plain);
        assertThat(of("{\"contactId\":\"c\",\"message\":\"hi\",\"template\":{\"a\":[1,2]}}"))
                .isNotEqualTo(of("{\"contactId\":\"c\",\"message\":\"hi\",\"template\":{\"a\":[2,1]}}"));
    }

    @Test
    void without_a_key_there_is_no_fingerprint() {
        assertThat(keys.fingerprint(null, new SendMessageRequest(null, "c", "hi", null))).isNull();
    }

    @Test
    void a_key_is_1_to_255_printable_ascii_characters() {
        assertThat(IdempotencyKeys.check("a")).isEqualTo("a");
        assertThat(IdempotencyKeys.check("k".repeat(255))).hasSize(255);
        assertThat(IdempotencyKeys.check("order 4711 ~!")).isEqualTo("order 4711 ~!");
        for (String bad : new String[] {"", "k".repeat(256), "tab\t", "caf\u00e9", "nul\u0000", "del\u007f"}) {
            assertThatThrownBy(() -> IdempotencyKeys.check(bad)).isInstanceOf(ApiException.class)
                    .hasMessageContaining("Idempotency-Key");
        }
    }
}
