package dev.wagateway.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import dev.wagateway.api.ApiException;
import dev.wagateway.api.ErrorCode;
import dev.wagateway.message.SendRequests.SendCommand;
import dev.wagateway.message.SendRequests.SendMessageRequest;
import dev.wagateway.tenant.Caller;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SendRequestsTest {

    private static final String TENANT = "3f2b8c1e-7a4d-4e9b-9c2a-1d5e6f7a8b9c";
    private static final String CONTACT = "a1b2c3d4-e5f6-4789-8abc-def012345678";

    private static final Caller CALLER = new Caller(UUID.fromString(TENANT));

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    private final SendRequests requests = new SendRequests(new SendSettings(Duration.ofDays(30), 1000),
            Clock.fixed(NOW, ZoneOffset.UTC));

    private SendMessageRequest withExtras(String to, String clientReference, String sendAt) {
        return new SendMessageRequest(TENANT, to == null ? CONTACT : null, "Hello", null, null, to, clientReference,
                sendAt);
    }

    @Test
    void sendAtInThePastOrWithinASecondIsSentNow() {
        assertThat(requests.validate(CALLER, withExtras(null, null, "2026-11-30T12:00:00Z")).sendAt()).isNull();
        assertThat(requests.validate(CALLER, withExtras(null, null, "2026-11-30T13:00:01+01:00")).sendAt()).isNull();
        assertThat(requests.validate(CALLER, withExtras(null, null, "1999-01-01T00:00:00Z")).sendAt()).isNull();
    }

    @Test
    void sendAtAheadIsKeptUpToTheMaximum() {
        assertThat(requests.validate(CALLER, withExtras(null, null, "2026-11-30T13:00:02.5+01:00")).sendAt())
                .isEqualTo(NOW.plusMillis(2500));
        assertThat(requests.validate(CALLER, withExtras(null, null, "2026-12-30t12:00:00z")).sendAt())
                .isEqualTo(NOW.plus(Duration.ofDays(30)));
        assertError(withExtras(null, null, "2026-12-30T12:00:01Z"), ErrorCode.VALIDATION_ERROR);
    }

    @ParameterizedTest(name = "sendAt [{0}] is refused")
    @ValueSource(strings = {"2026-12-01T09:00:00", "2026-12-01T09:00+01:00", "2026-12-01", "", "1733040000",
        "2026-02-30T09:00:00Z", "2026-12-01T09:00:00+0100"})
    void sendAtWithoutAnOffsetOrMalformedIsValidationError(String sendAt) {
        assertError(withExtras(null, null, sendAt), ErrorCode.VALIDATION_ERROR);
    }

    @Test
    void clientReferenceIsUpTo128Characters() {
        String emoji128 = "😀".repeat(128); // 256 UTF-16 units, 128 characters
        assertThat(requests.validate(CALLER, withExtras(null, emoji128, null)).clientReference()).isEqualTo(emoji128);
        assertError(withExtras(null, emoji128 + "x", null), ErrorCode.VALIDATION_ERROR);
        assertError(withExtras(null, "", null), ErrorCode.VALIDATION_ERROR);
        assertError(withExtras(null, "a\u0000b", null), ErrorCode.VALIDATION_ERROR);
    }

    @Test
    void toIsNormalisedAndExclusiveWithContactId() {
        SendCommand command = requests.validate(CALLER, withExtras("0044 20 7946 0958", null, null));
        assertThat(command.phone()).isEqualTo("+442079460958");
        assertThat(command.contactId()).isNull();
        assertError(withExtras("+1 555", null, null), ErrorCode.INVALID_PHONE_NUMBER);
        assertError(new SendMessageRequest(TENANT, CONTACT, "Hello", null, null, "+442079460958", null, null),
                ErrorCode.VALIDATION_ERROR);
        assertError(new SendMessageRequest(TENANT, null, "Hello", null, null, null, null, null),
                ErrorCode.VALIDATION_ERROR);
    }

    @Test
    void validRequestBecomesTextCommandByDefault() {
        SendCommand command = requests.validate(CALLER, new SendMessageRequest(TENANT, CONTACT, "Hello", null));

        assertThat(command.tenantId()).isEqualTo(UUID.fromString(TENANT));
        assertThat(command.contactId()).isEqualTo(UUID.fromString(CONTACT));
        assertThat(command.type()).isEqualTo("text");
        assertThat(command.content()).isEqualTo("Hello");
    }

    @Test
    void explicitTextTypeIsAccepted() {
        assertThat(requests.validate(CALLER, new SendMessageRequest(TENANT, CONTACT, "Hello", "text")).type()).isEqualTo("text");
    }

    @Test
    void uppercaseUuidsAreAccepted() {
        SendCommand command = requests.validate(CALLER, 
                new SendMessageRequest(TENANT.toUpperCase(), CONTACT.toUpperCase(), "Hello", null));

        assertThat(command.tenantId()).isEqualTo(UUID.fromString(TENANT));
        assertThat(command.contactId()).isEqualTo(UUID.fromString(CONTACT));
    }

    @Test
    void nullBodyIsValidationError() {
        assertError(null, ErrorCode.VALIDATION_ERROR);
    }

    @ParameterizedTest(name = "tenantId [{0}] is the key's tenant")
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void absentTenantIdIsTheKeysTenant(String tenantId) {
        assertThat(requests.validate(CALLER, new SendMessageRequest(tenantId, CONTACT, "Hello", null)).tenantId())
                .isEqualTo(UUID.fromString(TENANT));
    }

    @ParameterizedTest(name = "tenantId [{0}] is refused")
    @ValueSource(strings = {"not-a-uuid", "1-1-1-1-1", "3f2b8c1e7a4d4e9b9c2a1d5e6f7a8b9c",
            "3f2b8c1e-7a4d-4e9b-9c2a-1d5e6f7a8b9c0"})
    void invalidTenantIdIsValidationError(String tenantId) {
        assertError(new SendMessageRequest(tenantId, CONTACT, "Hello", null), ErrorCode.VALIDATION_ERROR);
    }

    @Test
    void anotherTenantsIdIsForbidden() {
        assertError(new SendMessageRequest(UUID.randomUUID().toString(), CONTACT, "Hello", null), ErrorCode.FORBIDDEN);
    }

    @Test
    void operatorKeyCannotSend() {
        ApiException error = catchThrowableOfType(() -> requests.validate(Caller.OPERATOR,
                new SendMessageRequest(null, CONTACT, "Hello", null)), ApiException.class);

        assertThat(error.code()).isEqualTo(ErrorCode.FORBIDDEN);
    }

    @ParameterizedTest(name = "contactId [{0}] is refused")
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "not-a-uuid", "1-1-1-1-1", " " + CONTACT, CONTACT + "\n", CONTACT + "\u0000"})
    void invalidContactIdIsValidationError(String contactId) {
        assertError(new SendMessageRequest(TENANT, contactId, "Hello", null), ErrorCode.VALIDATION_ERROR);
    }

    @ParameterizedTest(name = "type [{0}] is refused")
    @ValueSource(strings = {"image", "TEXT", "template", ""})
    void unsupportedTypeIsValidationError(String type) {
        assertError(new SendMessageRequest(TENANT, CONTACT, "Hello", type), ErrorCode.VALIDATION_ERROR);
    }

    @Test
    void nullMessageIsValidationError() {
        assertError(new SendMessageRequest(TENANT, CONTACT, null, null), ErrorCode.VALIDATION_ERROR);
    }

    @ParameterizedTest(name = "message [{0}] is empty")
    @ValueSource(strings = {"", "   ", "\n\t "})
    void blankMessageIsEmptyMessage(String message) {
        assertError(new SendMessageRequest(TENANT, CONTACT, message, null), ErrorCode.EMPTY_MESSAGE);
    }

    @Test
    void messageWithNulIsValidationError() {
        assertError(new SendMessageRequest(TENANT, CONTACT, "Hello\u0000world", null), ErrorCode.VALIDATION_ERROR);
    }

    @Test
    void messageOfExactlyMaxLengthIsAccepted() {
        String message = "a".repeat(4096);

        assertThat(requests.validate(CALLER, new SendMessageRequest(TENANT, CONTACT, message, null)).content()).isEqualTo(message);
    }

    @Test
    void messageOneOverMaxLengthIsTooLong() {
        assertError(new SendMessageRequest(TENANT, CONTACT, "a".repeat(4097), null), ErrorCode.MESSAGE_TOO_LONG);
    }

    @Test
    void lengthCountsCodePointsNotUtf16Chars() {
        String emoji = "\uD83D\uDE00"; // U+1F600, two UTF-16 chars
        String message = emoji.repeat(4096);
        assertThat(message).hasSize(8192);

        assertThat(requests.validate(CALLER, new SendMessageRequest(TENANT, CONTACT, message, null)).content()).isEqualTo(message);
        assertError(new SendMessageRequest(TENANT, CONTACT, message + emoji, null), ErrorCode.MESSAGE_TOO_LONG);
    }

    private void assertError(SendMessageRequest request, ErrorCode expected) {
        ApiException error = catchThrowableOfType(() -> requests.validate(CALLER, request), ApiException.class);

        assertThat(error).as("ApiException for %s", request).isNotNull();
        assertThat(error.code()).isEqualTo(expected);
    }
}
