package dev.wagateway.contact;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The words by which a customer opts out or back in: an inbound text that is exactly one of them, once trimmed and
 * case-folded, changes its contact's consent (see {@link ConsentKeywords}).
 *
 * @param optOutKeywords comma-separated (OPT_OUT_KEYWORDS): such a text opts its contact out
 * @param optInKeywords  comma-separated (OPT_IN_KEYWORDS): such a text opts its contact back in
 */
@Validated
@ConfigurationProperties(prefix = "consent")
public record ConsentSettings(
        @NotBlank(message = "comma-separated keywords, e.g. STOP, UNSUBSCRIBE")
        @DefaultValue("STOP, UNSUBSCRIBE, CANCEL, STOP ALL") String optOutKeywords,
        @NotBlank(message = "comma-separated keywords, e.g. START, SUBSCRIBE")
        @DefaultValue("START, SUBSCRIBE") String optInKeywords) {
}
