package dev.wagateway.faults;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.wagateway.Api;

/**
 * Clients sending {@code POST /messages/send} in a loop until stopped, each message with its own text
 * ({@code rest-<client>-<n>}), recording every answer: the ids and texts acknowledged (201), the other answers with
 * their texts, the requests that got no answer at all (the service killed or stopping), and how long each answer
 * took.
 */
final class Senders {

    /** An answer other than 201, to the send of {@code text}. */
    record Refusal(int status, String code, boolean retryAfter, String raw, String text) {
    }

    final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    /** The texts of the sends answered 201. */
    final Set<String> acknowledgedTexts = ConcurrentHashMap.newKeySet();
    final ConcurrentLinkedQueue<Refusal> refused = new ConcurrentLinkedQueue<>();
    final AtomicInteger unanswered = new AtomicInteger();
    final ConcurrentLinkedQueue<Long> latenciesMillis = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean(true);
    private final ExecutorService pool;

    private Senders(int clients) {
        this.pool = Executors.newFixedThreadPool(clients);
    }

    /** {@code clients} loops, each pausing {@code pauseMillis} between two sends (0: none). */
    static Senders start(int clients, Api api, String tenantId, List<String> contacts, long pauseMillis) {
        Senders senders = new Senders(clients);
        for (int c = 0; c < clients; c++) {
            int client = c;
            senders.pool.submit(() -> senders.loop(client, api, tenantId, contacts, pauseMillis));
        }
        return senders;
    }

    private void loop(int client, Api api, String tenantId, List<String> contacts, long pauseMillis) {
        for (int i = 0; sending.get(); i++) {
            long started = System.nanoTime();
            String text = "rest-" + client + "-" + i;
            try {
                Api.Response r = api.send(tenantId, contacts.get((client + i) % contacts.size()), text);
                latenciesMillis.add((System.nanoTime() - started) / 1_000_000);
                if (r.status() == 201) {
                    acknowledged.add(r.data().path("id").asText());
                    acknowledgedTexts.add(text);
                } else {
                    refused.add(new Refusal(r.status(), r.errorCode(), r.headers().firstValue("Retry-After").isPresent(),
                            r.raw(), text));
                }
            } catch (RuntimeException noAnswer) { // connection reset or refused: the service was killed or stops
                unanswered.incrementAndGet();
                ServiceProcess.sleep(100);
            }
            if (pauseMillis > 0) {
                ServiceProcess.sleep(pauseMillis);
            }
        }
    }

    /** Stops every loop and waits for the requests under way. */
    void stop() throws InterruptedException {
        sending.set(false);
        pool.shutdown();
        if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("senders did not stop");
        }
    }
}
