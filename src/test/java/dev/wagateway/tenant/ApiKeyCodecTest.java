package dev.wagateway.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ApiKeyCodecTest {

    @Test
    void a_minted_key_parses_back_to_its_id_and_matches_only_its_own_hash() {
        ApiKeyCodec.Minted key = ApiKeyCodec.mint();
        ApiKeyCodec.Parsed parsed = ApiKeyCodec.parse(key.text()).orElseThrow();

        assertThat(parsed.keyId()).isEqualTo(key.keyId());
        assertThat(ApiKeyCodec.matches(key.salt(), key.hash(), parsed.secret())).isTrue();
        ApiKeyCodec.Minted other = ApiKeyCodec.mint();
        assertThat(ApiKeyCodec.matches(key.salt(), key.hash(), ApiKeyCodec.parse(other.text()).orElseThrow()
                .secret())).isFalse();
        assertThat(ApiKeyCodec.matches(other.salt(), key.hash(), parsed.secret())).as("another salt").isFalse();
    }

    @Test
    void only_the_canonical_text_of_a_key_parses() {
        String text = ApiKeyCodec.mint().text();
        char last = text.charAt(text.length() - 1);
        // 43 base64url characters carry 258 bits for 256: the last one has two spare bits that decoders ignore
        String spareBitsSet = text.substring(0, text.length() - 1) + (char) (last + 1);
        assertThat(ApiKeyCodec.parse(text)).isPresent();
        assertThat(ApiKeyCodec.parse(spareBitsSet)).isEmpty();
    }

    @Test
    void keys_are_unique_and_anything_else_does_not_parse() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            assertThat(seen.add(ApiKeyCodec.mint().text())).isTrue();
        }
        for (String text : new String[] {null, "", "wag_", "hunter2", "wag_" + "g".repeat(32) + "_" + "A".repeat(43),
                "wag_" + "0".repeat(32) + "_" + "A".repeat(42), "xyz_" + "0".repeat(32) + "_" + "A".repeat(43)}) {
            assertThat(ApiKeyCodec.parse(text)).as(String.valueOf(text)).isEmpty();
        }
    }

    @Test
    void the_operator_key_must_be_long_enough_and_is_compared_whole() {
        assertThatThrownBy(() -> new OperatorKey("short")).hasMessageContaining("at least 16");
        OperatorKey key = new OperatorKey("operator-key-0123456789");
        assertThat(key.matches("operator-key-0123456789")).isTrue();
        assertThat(key.matches("operator-key-012345678")).isFalse();
        assertThat(key.matches(null)).isFalse();
        OperatorKey none = new OperatorKey("");
        assertThat(none.configured()).isFalse();
        assertThat(none.matches("")).isFalse();
    }
}
