package dev.wagateway.message;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores {@link MessageStatus} as its lower-case value, as the API shows it. */
@Converter(autoApply = true)
public class MessageStatusConverter implements AttributeConverter<MessageStatus, String> {

    @Override
    public String convertToDatabaseColumn(MessageStatus status) {
        return status == null ? null : status.value();
    }

    @Override
    public MessageStatus convertToEntityAttribute(String value) {
        return value == null ? null : MessageStatus.parse(value);
    }
}
