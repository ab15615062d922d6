package dev.wagateway.whatsapp;

import java.util.UUID;

import dev.wagateway.contact.Contact;
import dev.wagateway.contact.ContactRepository;
import dev.wagateway.contact.PhoneNumbers;
import dev.wagateway.message.Message;
import dev.wagateway.message.MessageRepository;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Maps a stored message to the Cloud API request body. */
@Component("whatsAppPayloads")
public class WhatsAppPayloads {

    /** Exchange property with the recipient's masked phone, for log lines. */
    public static final String MASKED_PHONE = "maskedPhone";

    private final MessageRepository messages;
    private final ContactRepository contacts;

    public WhatsAppPayloads(MessageRepository messages, ContactRepository contacts) {
        this.messages = messages;
        this.contacts = contacts;
    }

    @Transactional(readOnly = true)
    public TextMessagePayload forMessage(UUID messageId, Exchange exchange) {
        Message message = messages.findById(messageId).orElseThrow();
        Contact contact = contacts.findById(message.getContactId()).orElseThrow();
        exchange.setProperty(MASKED_PHONE, PhoneNumbers.mask(contact.getPhone()));
        return TextMessagePayload.of(contact.getPhone(), message.getContent());
    }
}
