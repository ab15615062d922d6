import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The tenants' callback endpoints for the benchmark: answers every POST under /hooks/ with 200 {} after a fixed
 * delay, without holding a thread while it waits (the answer is sent from a scheduler), on HTTP/1.1 keep-alive
 * connections. The JDK's own HTTP server: a few threads and little CPU per post, so that on a small machine the
 * receiver takes as little as it can from the service it measures. GET /count answers "posts first_ms last_ms"
 * (the number of posts received, and when the first and the last arrived, epoch milliseconds).
 *
 *   java bench/Receiver.java port delay_ms
 */
public class Receiver {

    public static void main(String[] args) throws IOException {
        // as many idle keep-alive connections as the service keeps (the JDK closes those above 200, and a post the
        // service then sends on one it still holds finds it closed), and no Nagle delay on the answers
        System.setProperty("sun.net.httpserver.maxIdleConnections", "10000");
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int port = Integer.parseInt(args[0]);
        long delayMs = Long.parseLong(args[1]);
        AtomicLong posts = new AtomicLong();
        AtomicLong first = new AtomicLong();
        AtomicLong last = new AtomicLong();
        ScheduledExecutorService answers = Executors.newScheduledThreadPool(2);
        HttpServer server = HttpServer.create(new InetSocketAddress("0.0.0.0", port), 1024);
        server.createContext("/hooks/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                body.transferTo(OutputStream.nullOutputStream());
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                answer(exchange, 405, "");
                return;
            }
            long now = System.currentTimeMillis();
            first.compareAndSet(0, now);
            last.accumulateAndGet(now, Math::max);
            posts.incrementAndGet();
            answers.schedule(() -> answer(exchange, 200, "{}"), delayMs, TimeUnit.MILLISECONDS);
        });
        server.createContext("/count", exchange -> {
            exchange.getRequestBody().close();
            answer(exchange, 200, posts.get() + " " + first.get() + " " + last.get() + "\n");
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        System.out.println("receiving on port " + port + ", answering after " + delayMs + " ms");
    }

    private static void answer(HttpExchange exchange, int status, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (IOException e) {
            // the caller went away: nothing to answer
        } finally {
            exchange.close();
        }
    }
}
