package dev.wagateway.whatsapp;

/** No access token or phone number id is configured: nothing can be sent until there is. */
public class WhatsAppNotConfiguredException extends RuntimeException {

    public WhatsAppNotConfiguredException() {
        super("WhatsApp credentials are not configured (WHATSAPP_ACCESS_TOKEN, WHATSAPP_PHONE_NUMBER_ID)", null,
                false, false);
    }
}
