package dev.wagateway.whatsapp;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.UnitOfWork;
import org.apache.camel.support.EventNotifierSupport;
import org.springframework.stereotype.Component;

/**
 * Times the routes' calls to the Graph API for {@link GraphCallMetrics}: Camel tells every exchange sent to an
 * endpoint (only that kind of event is asked for); a call is one sent to an http(s) endpoint from one of the routes
 * below, each of which has exactly one (their {@code call-whatsapp}, {@code call-meta-read}, {@code call-meta-media},
 * {@code call-meta-media-lookup} steps). Picked up by Camel as a bean.
 */
@Component
public class GraphCallTimer extends EventNotifierSupport {

    /** Route id: the operation its http call is. */
    static final Map<String, String> OPERATIONS = Map.of("whatsapp-delivery", "send", "mark-message-read",
            "read_receipt", "upload-media", "media_upload", "get-message-media", "media_lookup");

    private final GraphCallMetrics metrics;

    public GraphCallTimer(GraphCallMetrics metrics) {
        this.metrics = metrics;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
    }

    /** Sending too: Camel times a send (and then tells it sent) only when someone took its sending event. */
    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeSentEvent || event instanceof CamelEvent.ExchangeSendingEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        if (!(event instanceof CamelEvent.ExchangeSentEvent sent)
                || !sent.getEndpoint().getEndpointUri().startsWith("http")) {
            return;
        }
        Exchange exchange = sent.getExchange();
        UnitOfWork unitOfWork = exchange.getUnitOfWork();
        Route route = unitOfWork == null ? null : unitOfWork.getRoute();
        String operation = route == null ? null : OPERATIONS.get(route.getRouteId());
        if (operation != null) {
            Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
            metrics.record(operation, GraphCallMetrics.outcome(status, exchange.getException()),
                    sent.getTimeTaken() * 1_000_000L);
        }
    }
}
