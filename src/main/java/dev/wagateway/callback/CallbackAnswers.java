package dev.wagateway.callback;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.net.ssl.SSLException;

import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.springframework.stereotype.Component;

/**
 * Turns what camel-http returned, or threw, into a {@link CallbackOutcome}: the one table of callback failures.
 * An answer's body is read up to 1 KB (so the connection can be reused) and dropped: only its status is kept.
 */
@Component("callbackAnswers")
public class CallbackAnswers {

    static final int MAX_ANSWER_BYTES = 1024;

    /** Exception class (or a superclass) -> the error recorded; the first match in this order wins. */
    private static final Map<Class<? extends Throwable>, String> FAILURES = new LinkedHashMap<>();

    static {
        FAILURES.put(CallbackAddressRefused.class, "CALLBACK_URL_NOT_ALLOWED: the endpoint's address is refused");
        FAILURES.put(UnknownHostException.class, "DNS: the endpoint's host does not resolve");
        FAILURES.put(SocketTimeoutException.class, "CALLBACK_TIMEOUT: no answer within CALLBACK_TIMEOUT");
        FAILURES.put(ConnectException.class, "CONNECTION_REFUSED: nothing accepts connections at the endpoint");
        FAILURES.put(NoRouteToHostException.class, "NO_ROUTE: the endpoint cannot be reached");
        FAILURES.put(SSLException.class, "TLS: the endpoint's TLS handshake failed");
        FAILURES.put(ConnectionClosedException.class, "CONNECTION_CLOSED: the endpoint closed before answering");
        FAILURES.put(NoHttpResponseException.class, "CONNECTION_CLOSED: the endpoint closed before answering");
        FAILURES.put(SocketException.class, "CONNECTION_RESET: the connection broke");
        FAILURES.put(IOException.class, "IO: the post failed on the way");
    }

    /** The endpoint answered {@code status}: 2xx delivered, anything else (a redirect too) a failed attempt. */
    public CallbackOutcome answered(Integer status, Object body, long startedNanos) {
        drain(body);
        boolean delivered = status != null && status >= 200 && status < 300;
        return new CallbackOutcome(delivered, status, elapsedMillis(startedNanos), delivered ? null : "HTTP " + status);
    }

    /** No answer: what went wrong, by the table. */
    public CallbackOutcome failed(Throwable failure, long startedNanos) {
        return new CallbackOutcome(false, null, elapsedMillis(startedNanos), describe(failure));
    }

    static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            for (Map.Entry<Class<? extends Throwable>, String> row : FAILURES.entrySet()) {
                if (row.getKey().isInstance(t)) {
                    return row.getValue();
                }
            }
        }
        return "ERROR: " + failure.getClass().getSimpleName();
    }

    private static void drain(Object body) {
        if (body instanceof InputStream in) {
            try (in) {
                in.readNBytes(MAX_ANSWER_BYTES);
            } catch (IOException ignored) {
                // the answer's body is never used; a broken one changes nothing
            }
        }
    }

    private static long elapsedMillis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
