package dev.wagateway.contact;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

/**
 * What an inbound message says about its sender's consent: a {@code text} whose body, trimmed and case-folded
 * ({@link Locale#ROOT}), is exactly one of OPT_OUT_KEYWORDS opts out, one of OPT_IN_KEYWORDS opts back in. Anything
 * else (a keyword inside a longer text, another type) says nothing. A word in both lists opts out.
 */
@Component("consentKeywords")
public class ConsentKeywords {

    private final Set<String> optOut;
    private final Set<String> optIn;

    public ConsentKeywords(ConsentSettings settings) {
        this.optOut = words(settings.optOutKeywords());
        this.optIn = words(settings.optInKeywords());
    }

    /** True: opt out; false: opt in; empty: neither. */
    public Optional<Boolean> optsOut(String type, String body) {
        if (!"text".equals(type) || body == null) {
            return Optional.empty();
        }
        String word = fold(body);
        if (optOut.contains(word)) {
            return Optional.of(true);
        }
        return optIn.contains(word) ? Optional.of(false) : Optional.empty();
    }

    private static Set<String> words(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(ConsentKeywords::fold).filter(w -> !w.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Trimmed of white space at both ends (any Unicode white space, String.strip) and case-folded. */
    private static String fold(String text) {
        return text.strip().toLowerCase(Locale.ROOT);
    }
}
