package dev.wagateway.contact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The keyword rule: a text that is exactly a keyword once trimmed and case-folded; nothing else. */
class ConsentKeywordsTest {

    private static final ConsentKeywords DEFAULTS = new ConsentKeywords(
            new ConsentSettings("STOP, UNSUBSCRIBE, CANCEL, STOP ALL", "START, SUBSCRIBE"));

    @ParameterizedTest
    @ValueSource(strings = {"STOP", "stop", " Stop ", "STOP\n", "\tstop\r\n", "\u3000STOP", "UNSUBSCRIBE",
        "unsubscribe", "Cancel", "CANCEL ", "STOP ALL", "stop all", " Stop All "})
    void each_opt_out_keyword_in_any_case_with_white_space_around_it_opts_out(String body) {
        assertThat(DEFAULTS.optsOut("text", body)).contains(true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"START", "start", " Start\n", "SUBSCRIBE", "subscribe "})
    void each_opt_in_keyword_opts_back_in(String body) {
        assertThat(DEFAULTS.optsOut("text", body)).contains(false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Please stop", "STOP!", "stop.", "STOPS", "stop  all", "stop\nall", "un subscribe",
        "", "   ", "START NOW", "I want to cancel my order", "ſtop"})
    void anything_else_says_nothing(String body) {
        assertThat(DEFAULTS.optsOut("text", body)).isEmpty();
    }

    @Test
    void only_a_text_counts() {
        assertThat(DEFAULTS.optsOut("image", "STOP")).isEmpty();
        assertThat(DEFAULTS.optsOut("button", "STOP")).isEmpty();
        assertThat(DEFAULTS.optsOut("text", null)).isEmpty();
    }

    @Test
    void the_lists_are_the_settings_a_word_in_both_opting_out() {
        ConsentKeywords own = new ConsentKeywords(new ConsentSettings(" Arrêt ,BAJA,, halt ", "ALTA, halt"));
        assertThat(own.optsOut("text", "ARRÊT")).contains(true);
        assertThat(own.optsOut("text", "baja")).contains(true);
        assertThat(own.optsOut("text", "alta")).contains(false);
        assertThat(own.optsOut("text", "Halt")).as("in both lists").contains(true);
        assertThat(own.optsOut("text", "STOP")).as("not a default any more").isEqualTo(Optional.empty());
        assertThat(own.optsOut("text", "")).as("the empty item between two commas is no keyword").isEmpty();
    }
}
