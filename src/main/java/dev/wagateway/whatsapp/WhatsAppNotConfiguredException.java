package dev.wagateway.whatsapp;

/** No usable access token or phone number id: nothing can be sent for the message until there is. */
public class WhatsAppNotConfiguredException extends RuntimeException {

    public WhatsAppNotConfiguredException() {
        this("WhatsApp credentials are not configured (WHATSAPP_ACCESS_TOKEN, WHATSAPP_PHONE_NUMBER_ID)");
    }

    public WhatsAppNotConfiguredException(String message) {
        super(message, null, false, false);
    }
}
