package dev.wagateway.callback;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A tenant's endpoint, for real: an HTTP server on 127.0.0.1 that records every post it gets (each attempt), answers
 * as the test says (a status, or hanging), can be stopped (connection refused) and started again on its port, and
 * checks signatures with its own HMAC code, as a tenant's receiver would (not the gateway's).
 */
public final class Receiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One post as it arrived: its headers (lower-case names), raw body, parsed body, and what it was answered. */
    public record Post(Map<String, String> headers, String body, JsonNode json, Instant at, int answered) {

        public String eventId() {
            return headers.get("x-gateway-event-id");
        }

        public String type() {
            return json.path("type").asText();
        }
    }

    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private volatile Function<Post, Integer> answer = post -> 200;
    private volatile Duration hang = Duration.ZERO;
    private volatile Duration delay = Duration.ZERO;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private volatile HttpServer server;
    private final int port;
    /** Its own path: a post for an earlier test's receiver that had the same port is answered 404, not recorded. */
    private final String path = "/hooks/" + java.util.UUID.randomUUID();

    public Receiver() {
        this.server = start(0);
        this.port = server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port + path;
    }

    /** Every later post is answered with this status. */
    public Receiver answering(int status) {
        this.answer = post -> status;
        this.hang = Duration.ZERO;
        return this;
    }

    /**
     * Every later post waits this long before it is answered 200 (longer than the gateway waits: it times out), and
     * is recorded as not answered.
     */
    Receiver hanging(Duration duration) {
        this.hang = duration;
        return this;
    }

    /** Every later post is answered 200 after this delay (shorter than the gateway waits). */
    public Receiver delaying(Duration duration) {
        this.delay = duration;
        return this;
    }

    /** Nothing listens on the port: connection refused. */
    void stop() {
        server.stop(0);
    }

    /** Listening again, on the same port. */
    void restart() {
        this.server = start(port);
    }

    public List<Post> posts() {
        return List.copyOf(posts);
    }

    /** The posts answered 2xx: what the tenant has. */
    public List<Post> delivered() {
        return posts.stream().filter(p -> p.answered() >= 200 && p.answered() < 300).toList();
    }

    public List<Post> delivered(String type) {
        return delivered().stream().filter(p -> p.type().equals(type)).toList();
    }

    /** The most posts this receiver was handling at one moment. */
    public int mostInFlight() {
        return mostInFlight.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /**
     * Whether {@code header} ({@code t=…,v1=…[,v1=…]}) holds a signature of {@code body} by {@code secret}, with
     * {@code t} within five minutes of now: what a receiver checks before it trusts a post.
     */
    public static boolean signedBy(String header, String body, String secret) {
        return signatures(header, body, secret) > 0;
    }

    /** How many of the header's {@code v1=} are signatures of {@code body} by {@code secret} (0 if t is stale). */
    static int signatures(String header, String body, String secret) {
        long t = -1;
        List<String> v1 = new ArrayList<>();
        for (String part : header.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv[0].equals("t")) {
                t = Long.parseLong(kv[1]);
            } else if (kv[0].equals("v1")) {
                v1.add(kv[1]);
            }
        }
        if (Math.abs(Instant.now().getEpochSecond() - t) > 300) {
            return 0;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
            return (int) v1.stream().filter(s -> MessageDigest.isEqual(expected, HexFormat.of().parseHex(s))).count();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The number of v1 signatures a header carries. */
    static long signatureCount(String header) {
        return java.util.Arrays.stream(header.split(",")).filter(p -> p.startsWith("v1=")).count();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpServer start(int onPort) {
        try {
            HttpServer created = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 200);
            created.setExecutor(Executors.newCachedThreadPool(task -> {
                Thread thread = new Thread(task, "receiver-" + onPort);
                thread.setDaemon(true); // a hanging post never keeps the JVM up
                return thread;
            }));
            created.createContext("/", this::handle);
            created.start();
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestURI().getPath().equals(path)) {
            try (exchange) {
                exchange.sendResponseHeaders(404, -1);
            }
            return;
        }
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new ConcurrentHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) ->
                    headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            Duration wait = hang;
            if (!delay.isZero()) {
                pause(delay);
            }
            if (!wait.isZero()) {
                pause(wait);
            }
            JsonNode json = JSON.readTree(body);
            Post arrived = new Post(headers, body, json, Instant.now(), 0);
            int status = wait.isZero() ? answer.apply(arrived) : 200;
            // a hung post is recorded as not answered (0): the gateway gave up on it before the 200
            posts.add(new Post(headers, body, json, arrived.at(), wait.isZero() ? status : 0));
            byte[] reply = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            // as an endpoint behind a session-keeping proxy might: the gateway must neither keep nor send it back
            exchange.getResponseHeaders().add("Set-Cookie", "session=" + path.hashCode() + "; Path=/");
            exchange.sendResponseHeaders(status, status == 204 ? -1 : reply.length);
            if (status != 204) {
                exchange.getResponseBody().write(reply);
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }
}
