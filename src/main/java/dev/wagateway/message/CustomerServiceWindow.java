package dev.wagateway.message;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.wagateway.api.ApiException;
import dev.wagateway.api.ErrorCode;
import dev.wagateway.whatsapp.WhatsAppProperties;
import org.springframework.stereotype.Component;

/**
 * WhatsApp's customer-service window: a free-form message (every type but template: text, media, location,
 * interactive, reaction) may be sent only within 24 hours of the contact's last message to the business; outside it,
 * only a template. With {@code WHATSAPP_ENFORCE_WINDOW=true} such a send
 * outside the window is refused up front (422 OUTSIDE_CUSTOMER_SERVICE_WINDOW); off (the default, for a service
 * that does not receive inbound webhooks), Meta answers 131047 and the message fails as before.
 */
@Component("customerServiceWindow")
public class CustomerServiceWindow {

    public static final Duration LENGTH = Duration.ofHours(24);

    private final WhatsAppProperties whatsapp;
    private final Clock clock;

    public CustomerServiceWindow(WhatsAppProperties whatsapp, Clock clock) {
        this.whatsapp = whatsapp;
        this.clock = clock;
    }

    public boolean enforced() {
        return whatsapp.enforceWindow();
    }

    /** Whether a message of this type to a contact who last wrote at {@code lastInboundAt} must be refused. */
    public boolean refuses(String type, Instant lastInboundAt) {
        return whatsapp.enforceWindow() && !SendRequests.TEMPLATE.equals(type)
                && (lastInboundAt == null || lastInboundAt.isBefore(clock.instant().minus(LENGTH)));
    }

    public static ApiException outside(UUID contactId) {
        return new ApiException(ErrorCode.OUTSIDE_CUSTOMER_SERVICE_WINDOW, "Contact " + contactId
                + " has not written in the last 24 hours: only a template message can be sent");
    }
}
