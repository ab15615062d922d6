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
 * {@code rps=… p50_ms=… p99_ms=… ok=… errors=… all_ok=… cpu_ms_per_req=…}: all_ok counts the 201s of the warm-up
 * too; cpu_ms_per_req is the process CPU time (user + system, /proc/PID/stat) of the service PID over the measured
 * seconds, in core-milliseconds per 201 (0 without PID).
 *
 *   java bench/Load.java URL KEY BODY CLIENTS SECONDS WARMUP [PID]
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
        AtomicLong allOk = new AtomicLong();
        long[] cpuTicks = new long[2];
        Thread cpuProbe = new Thread(() -> {
            if (args.length > 6) {
                sleepUntil(measureFrom);
                cpuTicks[0] = cpuTicks(args[6]);
                sleepUntil(end);
                cpuTicks[1] = cpuTicks(args[6]);
            }
        });
        cpuProbe.start();
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
                        if (status == 201) {
                            allOk.incrementAndGet();
                        }
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
        cpuProbe.join();
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
        double cpuMsPerRequest = (cpuTicks[1] - cpuTicks[0]) * 10.0 / Math.max(1, ok.get()); // USER_HZ = 100
        System.out.printf("rps=%.0f p50_ms=%.1f p99_ms=%.1f ok=%d errors=%d all_ok=%d cpu_ms_per_req=%.2f%n",
                ok.get() / (double) seconds, p50, p99, ok.get(), errors.get(), allOk.get(), cpuMsPerRequest);
        System.exit(0);
    }

    /** utime + stime of the process, in clock ticks. */
    static long cpuTicks(String pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", pid, "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // fields from the 3rd on
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void sleepUntil(long nanos) {
        long left;
        while ((left = nanos - System.nanoTime()) > 0) {
            try {
                Thread.sleep(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
