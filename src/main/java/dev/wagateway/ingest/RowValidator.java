package dev.wagateway.ingest;

import java.util.UUID;

import dev.wagateway.api.ApiException;
import dev.wagateway.api.Requests;
import dev.wagateway.contact.PhoneNumbers;
import dev.wagateway.message.SendRequests;
import dev.wagateway.tenant.Tenants;
import org.springframework.stereotype.Component;

/**
 * A row's fields, checked with the REST send's own rules and error codes (VALIDATION_ERROR, EMPTY_MESSAGE,
 * MESSAGE_TOO_LONG, INVALID_PHONE_NUMBER) in the same order, its content by type ({@link RowContents}); whether tenant and contact exist is checked when the
 * chunk is stored. An empty CSV cell is an absent field.
 */
@Component("rowValidator")
public class RowValidator {

    public Chunk validate(Chunk chunk) {
        for (RawRow raw : chunk.rows()) {
            if (raw.problem() != null) {
                chunk.rejected().add(Chunk.Rejected.of(raw.row(), raw.problem()));
                continue;
            }
            try {
                chunk.accepted().add(accept(raw.row(), raw.fields()));
            } catch (ApiException e) {
                chunk.rejected().add(Chunk.Rejected.of(raw.row(), e));
            }
        }
        return chunk;
    }

    static Chunk.Accepted accept(int row, RowFields fields) {
        // a file's cells may have spaces around them (a CSV written by hand): an id's are not part of it
        UUID tenantId = Requests.uuid(present(fields.tenantId()), "tenantId");
        if (fields.sendAt() != null && !fields.sendAt().isNull()) {
            throw ApiException.validation("sendAt is not supported in a file: its rows are sent at once; schedule"
                    + " with POST /messages/send");
        }
        String contactId = present(fields.contactId());
        String phone = present(fields.phone());
        if (contactId != null && phone != null) {
            throw ApiException.validation("give contactId or phone, not both");
        }
        if (contactId == null && phone == null) {
            throw ApiException.validation("contactId or phone is required");
        }
        UUID contact = null;
        String e164 = null;
        String name = null;
        if (phone != null) {
            e164 = PhoneNumbers.toE164(phone);
            String given = present(fields.name());
            name = given == null ? e164 : Requests.text(given, "name", Tenants.MAX_NAME_LENGTH);
        } else {
            contact = Requests.uuid(contactId, "contactId");
        }
        String type = SendRequests.type(present(fields.type()));
        String content = RowContents.content(type, fields);
        String reference = SendRequests.clientReference(present(fields.clientReference()));
        return new Chunk.Accepted(row, tenantId, contact, e164, name, type, content, reference);
    }

    /** The cell without the spaces around it; null when empty. */
    private static String present(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
