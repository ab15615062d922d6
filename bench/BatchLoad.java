import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The batch phase's load: CLIENTS threads POST /messages/batch back to back for SECONDS after WARMUP seconds, client
 * k always with BODY_FILE k (mod their number: each its own contacts, as separate senders would be), the X-API-Key
 * KEY. Prints one line: {@code msgs=… calls=… p50_ms=… p99_ms=… errors=…}: messages accepted per second (the
 * answers' {@code accepted}) and calls per second over the measured seconds, the calls' latency, non-201 answers.
 *
 *   java bench/BatchLoad.java URL KEY CLIENTS SECONDS WARMUP BODY_FILE...
 */
public class BatchLoad {

    private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        String key = args[1];
        int clients = Integer.parseInt(args[2]);
        long seconds = Long.parseLong(args[3]);
        long warmup = Long.parseLong(args[4]);
        List<String> bodies = new ArrayList<>();
        for (int i = 5; i < args.length; i++) {
            bodies.add(Files.readString(Path.of(args[i])));
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long measureFrom = System.nanoTime() + warmup * 1_000_000_000L;
        long end = measureFrom + seconds * 1_000_000_000L;
        AtomicLong accepted = new AtomicLong();
        AtomicLong calls = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<Long> latencies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            HttpRequest request = HttpRequest.newBuilder(url).header("Content-Type", "application/json")
                    .header("X-API-Key", key).timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(bodies.get(c % bodies.size()))).build();
            Thread thread = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long began = System.nanoTime();
                    try {
                        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                        long took = System.nanoTime() - began;
                        if (began < measureFrom || System.nanoTime() > end) {
                            continue;
                        }
                        Matcher m = ACCEPTED.matcher(answer.body());
                        if (answer.statusCode() == 201 && m.find()) {
                            accepted.addAndGet(Long.parseLong(m.group(1)));
                            calls.incrementAndGet();
                            synchronized (latencies) {
                                latencies.add(took);
                            }
                        } else {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        System.out.printf("msgs=%.0f calls=%.1f p50_ms=%.0f p99_ms=%.0f errors=%d%n", accepted.get() / (double) seconds,
                calls.get() / (double) seconds, percentile(sorted, 0.50), percentile(sorted, 0.99), errors.get());
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}
