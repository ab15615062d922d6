package dev.wagateway.contact;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import dev.wagateway.api.ApiException;
import dev.wagateway.api.ErrorCode;

/** Phone numbers through libphonenumber: validation, E.164 normalisation, and masking for logs. */
public final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final int MAX_INPUT_LENGTH = 32;

    private PhoneNumbers() {
    }

    /**
     * The number in E.164 ({@code +919876543210}). Numbers are international: with a leading {@code +} or
     * {@code 00}, or as digits starting with the country code, as WhatsApp writes them ({@code 919876543210}).
     */
    public static String toE164(String input) {
        if (input == null || input.isBlank()) {
            throw ApiException.validation("phone is required");
        }
        String raw = input.trim();
        if (raw.length() > MAX_INPUT_LENGTH) {
            throw invalid();
        }
        if (raw.startsWith("00")) {
            raw = "+" + raw.substring(2);
        } else if (!raw.startsWith("+")) {
            raw = "+" + raw;
        }
        try {
            PhoneNumber number = UTIL.parse(raw, null);
            if (!UTIL.isValidNumber(number)) {
                throw invalid();
            }
            return UTIL.format(number, PhoneNumberFormat.E164);
        } catch (NumberParseException e) {
            throw invalid();
        }
    }

    /**
     * {@code +919876543210} → {@code +91******3210}: enough to tell numbers apart in a log, not to dial one. Short
     * numbers keep only their last two digits, so at least half of every number is hidden.
     */
    public static String mask(String e164) {
        if (e164 == null || e164.length() < 8) {
            return "****";
        }
        int shown = e164.length() >= 11 ? 4 : 2;
        return e164.substring(0, 3) + "*".repeat(e164.length() - 3 - shown) + e164.substring(e164.length() - shown);
    }

    private static ApiException invalid() {
        return new ApiException(ErrorCode.INVALID_PHONE_NUMBER, "phone is not a valid international phone number");
    }
}
