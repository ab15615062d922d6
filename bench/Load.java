import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop HTTP load generator for the benchmark: CLIENTS threads POST BODY to URL back to back for SECONDS
 * (after a warm-up of WARMUP seconds), with the X-API-Key KEY. Prints one line:
 * {@code rps=… p50_ms=… p99_ms=… ok=… errors=…}.
 *
 *   java bench/Load.java URL KEY BODY CLIENTS SECONDS WARMUP
 */
public class Load {

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        String key = args[1];
        String body = args[2];
        int clients = Integer.parseInt(args[3]);
        long seconds = Long.parseLong(args[4]);
        long warmup = Long.parseLong(args[5]);
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4))
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(url).header("Content-Type", "application/json")
                .header("X-API-Key", key).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();

        long startNanos = System.nanoTime();
        long measureFrom = startNanos + warmup * 1_000_000_000L;
        long end = measureFrom + seconds * 1_000_000_000L;
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<long[]> perClient = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            long[] latencies = new long[1 << 16];
            perClient.add(latencies);
            int[] count = {0};
            pool.submit(() -> {
                try {
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        int status;
                        try {
                            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        } catch (Exception e) {
                            status = -1;
                        }
                        long t1 = System.nanoTime();
                        if (t0 >= measureFrom && t1 <= end) {
                            if (status == 201) {
                                ok.incrementAndGet();
                                if (count[0] < latencies.length) {
                                    latencies[count[0]++] = t1 - t0;
                                }
                            } else {
                                errors.incrementAndGet();
                            }
                        }
                    }
                    latencies[latencies.length - 1] = count[0];
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        pool.shutdownNow();
        long total = 0;
        for (long[] l : perClient) {
            total += l[l.length - 1];
        }
        long[] all = new long[(int) total];
        int i = 0;
        for (long[] l : perClient) {
            int n = (int) l[l.length - 1];
            System.arraycopy(l, 0, all, i, n);
            i += n;
        }
        Arrays.sort(all);
        double p50 = all.length == 0 ? 0 : all[all.length / 2] / 1e6;
        double p99 = all.length == 0 ? 0 : all[Math.min(all.length - 1, (int) (all.length * 0.99))] / 1e6;
        System.out.printf("rps=%.0f p50_ms=%.1f p99_ms=%.1f ok=%d errors=%d%n", ok.get() / (double) seconds, p50,
                p99, ok.get(), errors.get());
        System.exit(0);
    }
}
