package dev.wagateway.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class TokenCipherTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String OTHER_KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef"
            .getBytes(StandardCharsets.US_ASCII));
    private final TokenCipher cipher = new TokenCipher(KEY);

    @Test
    void a_token_decrypts_for_its_tenant_and_is_sealed_differently_each_time() {
        UUID tenant = UUID.randomUUID();
        byte[] first = cipher.encrypt("EAAG-secret", tenant);
        byte[] second = cipher.encrypt("EAAG-secret", tenant);

        assertThat(cipher.decrypt(first, tenant)).isEqualTo("EAAG-secret");
        assertThat(first).isNotEqualTo(second).hasSize(5 + 12 + "EAAG-secret".length() + 16);
        assertThat(first[0]).as("format byte").isEqualTo((byte) 1);
        assertThat(new String(first, StandardCharsets.ISO_8859_1)).doesNotContain("secret");
    }

    @Test
    void another_tenants_row_another_key_or_a_flipped_bit_do_not_decrypt() {
        UUID tenant = UUID.randomUUID();
        byte[] sealed = cipher.encrypt("EAAG-secret", tenant);
        byte[] flipped = sealed.clone();
        flipped[20] ^= 1;

        assertThatThrownBy(() -> cipher.decrypt(sealed, UUID.randomUUID()))
                .isInstanceOf(WhatsAppNotConfiguredException.class);
        assertThatThrownBy(() -> new TokenCipher(OTHER_KEY).decrypt(sealed, tenant))
                .isInstanceOf(WhatsAppNotConfiguredException.class);
        assertThatThrownBy(() -> cipher.decrypt(flipped, tenant)).isInstanceOf(WhatsAppNotConfiguredException.class);
        assertThatThrownBy(() -> cipher.decrypt(new byte[3], tenant))
                .isInstanceOf(WhatsAppNotConfiguredException.class);
    }

    /**
     * A rotation: sealed under the old key (with its id, or in the format before ids: nonce + ciphertext + tag, as
     * every token stored until then), opened by a cipher whose previous key it is, and sealed again under the new.
     */
    @Test
    void the_previous_key_still_opens_what_it_sealed_and_reseal_moves_it_to_the_current_one() {
        UUID tenant = UUID.randomUUID();
        TokenCipher old = new TokenCipher(OTHER_KEY);
        byte[] versioned = old.encrypt("EAAG-old", tenant);
        byte[] legacy = LegacyCiphertexts.seal(OTHER_KEY, "EAAG-legacy", tenant);
        TokenCipher rotating = new TokenCipher(KEY, OTHER_KEY);

        assertThat(rotating.decrypt(versioned, tenant)).isEqualTo("EAAG-old");
        assertThat(rotating.decrypt(legacy, tenant)).isEqualTo("EAAG-legacy");
        assertThat(rotating.sealedWithCurrent(versioned)).isFalse();
        assertThat(rotating.sealedWithCurrent(legacy)).isFalse();
        byte[] resealed = rotating.reseal(versioned, tenant);
        assertThat(rotating.sealedWithCurrent(resealed)).isTrue();
        assertThat(cipher.decrypt(resealed, tenant)).as("without the previous key").isEqualTo("EAAG-old");
        assertThat(cipher.decrypt(LegacyCiphertexts.seal(KEY, "EAAG-legacy", tenant), tenant))
                .as("format 0, current key").isEqualTo("EAAG-legacy");
        assertThatThrownBy(() -> cipher.decrypt(versioned, tenant)).isInstanceOf(WhatsAppNotConfiguredException.class)
                .hasMessageContaining("SECRETS_KEY");
        assertThatThrownBy(() -> new TokenCipher("", OTHER_KEY)).hasMessageContaining("SECRETS_KEY_PREVIOUS");
    }

    @Test
    void a_malformed_key_stops_start_up_and_no_key_means_no_tenant_tokens() {
        assertThatThrownBy(() -> new TokenCipher("not base64!")).hasMessageContaining("SECRETS_KEY");
        assertThatThrownBy(() -> new TokenCipher(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("decodes to 16 bytes");
        TokenCipher none = new TokenCipher("");
        assertThat(none.configured()).isFalse();
        assertThatThrownBy(() -> none.encrypt("t", UUID.randomUUID()))
                .isInstanceOf(WhatsAppNotConfiguredException.class).hasMessageContaining("SECRETS_KEY is not set");
    }
}
