package dev.wagateway.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wagateway.api.ApiException;
import dev.wagateway.api.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumbersTest {

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
            "+91 98765 43210   | +919876543210",
            "919876543210      | +919876543210",
            "0091 98765 43210  | +919876543210",
            "+1 (415) 555-2671 | +14155552671"})
    void normalisesToE164(String input, String e164) {
        assertThat(PhoneNumbers.toE164(input)).isEqualTo(e164);
    }

    @ParameterizedTest(name = "[{0}] is not a valid number")
    @ValueSource(strings = {"12", "abc", "+999 123", "1234567890123456789012345678901234567890"})
    void rejectsInvalidNumbers(String input) {
        ApiException error = catchThrowableOfType(() -> PhoneNumbers.toE164(input), ApiException.class);

        assertThat(error).isNotNull();
        assertThat(error.code()).isEqualTo(ErrorCode.INVALID_PHONE_NUMBER);
    }

    @ParameterizedTest(name = "[{0}] is missing")
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t"})
    void rejectsMissingNumberAsValidationError(String input) {
        ApiException error = catchThrowableOfType(() -> PhoneNumbers.toE164(input), ApiException.class);

        assertThat(error).isNotNull();
        assertThat(error.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
    }

    @Test
    void masksIndianMobile() {
        assertThat(PhoneNumbers.mask("+919876543210")).isEqualTo("+91******3210");
    }

    @ParameterizedTest(name = "mask({0}) shows at most the first 3 and last 4 characters")
    @ValueSource(strings = {"+919876543210", "+14155552671", "+447911123456", "+5511987654321", "+4915123456789"})
    void maskShowsOnlyFirstThreeAndLastFour(String e164) {
        String masked = PhoneNumbers.mask(e164);

        assertThat(masked).hasSameSizeAs(e164)
                .startsWith(e164.substring(0, 3))
                .endsWith(e164.substring(e164.length() - 4));
        assertThat(masked.substring(3, masked.length() - 4)).isNotEmpty().matches("\\*+");
    }

    @ParameterizedTest(name = "mask({0}) of a short number hides at least half of it")
    @ValueSource(strings = {"+12345678", "+3524567890"})
    void maskOfShortNumberShowsOnlyTheLastTwoDigits(String e164) {
        String masked = PhoneNumbers.mask(e164);

        assertThat(masked).hasSameSizeAs(e164).startsWith(e164.substring(0, 3))
                .endsWith(e164.substring(e164.length() - 2));
        assertThat(masked.chars().filter(c -> c == '*').count()).isGreaterThanOrEqualTo(e164.length() / 2 - 1);
    }

    @ParameterizedTest(name = "mask([{0}]) reveals nothing")
    @NullAndEmptySource
    @ValueSource(strings = {"+1", "+123456"})
    void maskOfShortInputRevealsNothing(String input) {
        assertThat(PhoneNumbers.mask(input)).isEqualTo("****");
    }
}
