package dev.wagateway.whatsapp;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.springframework.stereotype.Component;

/**
 * The kill-switch: the {@code whatsapp-delivery} route's own status. An operator suspends (or stops) that route over
 * JMX to stop every call to WhatsApp without stopping the service; intake goes on, and messages stay queued — the
 * send route then makes no immediate attempt and the redelivery route claims nothing — until the route is resumed.
 */
@Component("deliverySwitch")
public class DeliverySwitch {

    public static final String DELIVERY_ROUTE = "whatsapp-delivery";

    private final CamelContext camel;

    public DeliverySwitch(CamelContext camel) {
        this.camel = camel;
    }

    public boolean isOn() {
        ServiceStatus status = camel.getRouteController().getRouteStatus(DELIVERY_ROUTE);
        return status != null && status.isStarted();
    }
}
