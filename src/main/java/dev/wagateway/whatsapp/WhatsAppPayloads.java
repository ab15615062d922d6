package dev.wagateway.whatsapp;

import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.wagateway.contact.Contact;
import dev.wagateway.contact.ContactRepository;
import dev.wagateway.contact.PhoneNumbers;
import dev.wagateway.message.Message;
import dev.wagateway.message.MessageRepository;
import dev.wagateway.message.SendRequests;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Maps a stored message to the Cloud API request body: a text, or a template with its parameters. */
@Component("whatsAppPayloads")
public class WhatsAppPayloads {

    /** Exchange property with the recipient's masked phone, for log lines. */
    public static final String MASKED_PHONE = "maskedPhone";
    /** Exchange property with the recipient's phone (E.164), for the pair pacing; never logged. */
    public static final String RECIPIENT = "recipient";

    private final MessageRepository messages;
    private final ContactRepository contacts;
    private final ObjectMapper json;

    public WhatsAppPayloads(MessageRepository messages, ContactRepository contacts, ObjectMapper json) {
        this.messages = messages;
        this.contacts = contacts;
        this.json = json;
    }

    @Transactional(readOnly = true)
    public Object forMessage(UUID messageId, Exchange exchange) throws JsonProcessingException {
        Message message = messages.findById(messageId).orElseThrow();
        Contact contact = contacts.findById(message.getContactId()).orElseThrow();
        exchange.setProperty(MASKED_PHONE, PhoneNumbers.mask(contact.getPhone()));
        exchange.setProperty(RECIPIENT, contact.getPhone());
        if (SendRequests.TEMPLATE.equals(message.getType())) {
            return TemplateMessagePayload.of(contact.getPhone(), json.readTree(message.getContent()));
        }
        return TextMessagePayload.of(contact.getPhone(), message.getContent());
    }
}
