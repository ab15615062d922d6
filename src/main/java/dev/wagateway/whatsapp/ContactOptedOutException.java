package dev.wagateway.whatsapp;

/**
 * The message's contact opted out after it was queued: the delivery route throws it before WhatsApp is called, and the
 * whatsapp-failure route records the message {@code failed} with {@code CONTACT_OPTED_OUT} (classified
 * {@link FailureCategory#REFUSED}).
 */
public class ContactOptedOutException extends RuntimeException {

    public ContactOptedOutException(String message) {
        super(message);
    }
}
