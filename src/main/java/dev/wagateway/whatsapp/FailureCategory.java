package dev.wagateway.whatsapp;

/** What a failed call to WhatsApp means for the message. */
public enum FailureCategory {
    /** Worth retrying: the message stays queued, the attempt counts, and the next one waits for the backoff. */
    TRANSIENT,
    /** Our set-up is wrong (credentials, account): the message stays queued and the attempt does not count. */
    CONFIGURATION,
    /** No retry can succeed: the message is failed. */
    PERMANENT,
    /** Ours: the message must not be sent (its contact opted out): failed, WhatsApp not called, no attempt counted. */
    REFUSED,
    /** Not sent yet by our own limiter (WhatsAppThrottle): queued again, due when its turn comes, no attempt counted. */
    DEFERRED
}
