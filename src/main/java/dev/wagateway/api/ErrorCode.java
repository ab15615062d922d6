package dev.wagateway.api;

/** The error codes of the REST contract, each with its HTTP status. Clients depend on these names. */
public enum ErrorCode {
    VALIDATION_ERROR(400),
    UNAUTHORIZED(401),
    FORBIDDEN(403),
    EMPTY_MESSAGE(400),
    MESSAGE_TOO_LONG(400),
    INVALID_PHONE_NUMBER(400),
    /** A callback URL that is not https, or that reaches an address the gateway must not call (SSRF). */
    CALLBACK_URL_NOT_ALLOWED(400),
    TENANT_NOT_FOUND(404),
    CONTACT_NOT_FOUND(404),
    MESSAGE_NOT_FOUND(404),
    BATCH_NOT_FOUND(404),
    API_KEY_NOT_FOUND(404),
    /** The tenant has no callback endpoint set. */
    CALLBACK_NOT_FOUND(404),
    /** No callback delivery of the caller's has this id. */
    DELIVERY_NOT_FOUND(404),
    /** No operation of the contract has this path. */
    NOT_FOUND(404),
    /** The path is the contract's, the method is not. */
    METHOD_NOT_ALLOWED(405),
    /** The Accept header refuses every media type the operation answers with. */
    NOT_ACCEPTABLE(406),
    CONTACT_EXISTS(409),
    /** The contact opted out (an inbound OPT_OUT_KEYWORDS text, or PUT /contacts/{id}/consent): nothing is sent to it. */
    CONTACT_OPTED_OUT(409),
    INVALID_STATE(409),
    PHONE_NUMBER_ID_IN_USE(409),
    /** A request with the same Idempotency-Key is being handled (its transaction is open): try again after Retry-After. */
    IDEMPOTENCY_KEY_IN_USE(409),
    PAYLOAD_TOO_LARGE(413),
    /** A body whose Content-Type the operation does not take. */
    UNSUPPORTED_MEDIA_TYPE(415),
    OUTSIDE_CUSTOMER_SERVICE_WINDOW(422),
    /** The Idempotency-Key was used for another request (another call, or another body). */
    IDEMPOTENCY_KEY_REUSED(422),
    RATE_LIMITED(429),
    INTERNAL_ERROR(500),
    /** WhatsApp refused a call the gateway made for the caller (an upload, a media download, a read receipt). */
    WHATSAPP_ERROR(502),
    NOT_CONFIGURED(503),
    /** The database cannot be reached (an outage): nothing was written; try again after Retry-After. */
    SERVICE_UNAVAILABLE(503),
    /** WhatsApp did not answer in time, answered 5xx or 429, or refused the credentials: try again after Retry-After. */
    WHATSAPP_UNAVAILABLE(503);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
