package dev.wagateway.whatsapp;

import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.springframework.stereotype.Component;

/**
 * How long this instance's calls to Meta's Graph API took: {@code whatsapp_graph_request_seconds{operation, outcome}},
 * with percentile histogram buckets (p50/p99 across instances: {@code histogram_quantile} over the summed buckets).
 * operation: {@code send}, {@code read_receipt}, {@code media_upload}, {@code media_lookup}, {@code media_download};
 * outcome: {@code success} (2xx), {@code client_error} (4xx), {@code server_error} (5xx), {@code timeout},
 * {@code io_error} (no answer). Fed by {@link GraphCallTimer} (the routes' calls) and the media download.
 */
@Component
public class GraphCallMetrics {

    private final MeterRegistry meters;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public GraphCallMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    public void record(String operation, String outcome, long nanos) {
        timers.computeIfAbsent(operation + " " + outcome, key -> Timer.builder("whatsapp.graph.request")
                .description("Calls to Meta's Graph API, by operation and outcome").tag("operation", operation)
                .tag("outcome", outcome).publishPercentileHistogram().register(meters))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The outcome of a call that answered {@code status} (null: none) or threw {@code error} (null: none). */
    public static String outcome(Integer status, Throwable error) {
        Integer code = error instanceof HttpOperationFailedException failed ? failed.getStatusCode() : status;
        if (code != null && code > 0 && (error == null || error instanceof HttpOperationFailedException)) {
            return code < 400 ? "success" : code < 500 ? "client_error" : "server_error";
        }
        if (error == null) {
            return "success";
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException || cause.getClass().getSimpleName().contains("Timeout")) {
                return "timeout";
            }
        }
        return "io_error";
    }
}
