package dev.wagateway.contact;

import java.time.Clock;
import java.util.UUID;

import dev.wagateway.api.ApiException;
import dev.wagateway.api.ErrorCode;
import dev.wagateway.api.Requests;
import dev.wagateway.tenant.Caller;
import dev.wagateway.tenant.Tenants;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Validates contact requests and looks contacts up; the routes persist them. */
@Component("contacts")
public class Contacts {

    /** {@code POST /contacts} body. */
    public record CreateContactRequest(String tenantId, String name, String phone) {
    }

    private final ContactRepository repository;
    private final Clock clock;

    public Contacts(ContactRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** A new, not yet persisted contact of the caller's tenant: fields valid, phone in E.164 and new to the tenant. */
    @Transactional(readOnly = true)
    public Contact newContact(Caller caller, CreateContactRequest request) {
        Requests.body(request);
        UUID tenantId = caller.tenantFor(request.tenantId());
        String name = Requests.text(request.name(), "name", Tenants.MAX_NAME_LENGTH);
        String phone = PhoneNumbers.toE164(request.phone());
        if (repository.existsByTenantIdAndPhone(tenantId, phone)) {
            throw new ApiException(ErrorCode.CONTACT_EXISTS, "A contact with this phone already exists for the tenant");
        }
        return new Contact(tenantId, name, phone, clock.instant());
    }

    /** {@code GET /contacts/{id}}: the caller's contact, or CONTACT_NOT_FOUND (also for another tenant's). */
    @Transactional(readOnly = true)
    public ContactView get(Caller caller, String id) {
        UUID tenantId = caller.tenant();
        UUID contactId = Requests.uuid(id, "id");
        return repository.findByIdAndTenantId(contactId, tenantId).map(ContactView::of)
                .orElseThrow(() -> notFound(contactId));
    }

    /** The tenant's contact; a contact of another tenant is not found, as if it did not exist. */
    @Transactional(readOnly = true)
    public Contact requireInTenant(UUID tenantId, UUID contactId) {
        return repository.findByIdAndTenantId(contactId, tenantId).orElseThrow(() -> notFound(contactId));
    }

    public ContactView view(Contact contact) {
        return ContactView.of(contact);
    }

    public static ApiException notFound(UUID id) {
        return new ApiException(ErrorCode.CONTACT_NOT_FOUND, "Contact " + id + " not found");
    }

    /** A send to a contact who opted out: refused, nothing stored. */
    public static ApiException optedOut(UUID id) {
        return new ApiException(ErrorCode.CONTACT_OPTED_OUT, "Contact " + id + " opted out: nothing is sent to it");
    }
}
