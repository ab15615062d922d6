package dev.wagateway.whatsapp;

import dev.wagateway.api.ApiException;
import dev.wagateway.api.ErrorCode;
import org.springframework.stereotype.Component;

/**
 * A call the gateway made to WhatsApp for the caller, and now must answer (an upload, a media lookup or download, a
 * read receipt), that failed: classified by the one table ({@link GraphErrorClassifier}), then told as the contract
 * says. Transient (no answer in time, 5xx, 429, Meta's temporary codes) and configuration (401/403, 190, 368...):
 * 503 WHATSAPP_UNAVAILABLE with Retry-After; permanent (Meta refused this request: an unknown or expired media id, a
 * file Meta would not take): 502 WHATSAPP_ERROR with Meta's code. Nothing is retried here: the caller decides.
 */
@Component("whatsAppCallFailures")
public class WhatsAppCallFailures {

    static final long RETRY_AFTER_SECONDS = 5;

    private final GraphErrorClassifier classifier;

    public WhatsAppCallFailures(GraphErrorClassifier classifier) {
        this.classifier = classifier;
    }

    /**
     * Throws the caller's answer that a route's doCatch kept ({@link #answer}), after its doTry: an exception thrown
     * inside doTry/doCatch never reaches the route's error handler (api-errors), one thrown after it does.
     */
    public void raise(ApiException answer) {
        throw answer;
    }

    /** The caller's answer to this failure. */
    public ApiException answer(Exception failure) {
        DeliveryFailure failed = classifier.classify(failure);
        return switch (failed.category()) {
            case PERMANENT -> new ApiException(ErrorCode.WHATSAPP_ERROR,
                    "WhatsApp refused the call (" + failed.code() + "): " + failed.message());
            case CONFIGURATION -> new ApiException(ErrorCode.WHATSAPP_UNAVAILABLE,
                    "WhatsApp refused the gateway's credentials (" + failed.code() + ")", RETRY_AFTER_SECONDS);
            default -> new ApiException(ErrorCode.WHATSAPP_UNAVAILABLE,
                    "WhatsApp is unavailable (" + failed.code() + "): try again shortly", RETRY_AFTER_SECONDS);
        };
    }
}
