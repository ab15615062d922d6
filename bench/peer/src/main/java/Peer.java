import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.whatsapp.model.TextMessage;
import org.apache.camel.component.whatsapp.model.TextMessageRequest;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The peer of bench/run.sh: what a user would write instead of the gateway, Apache Camel's own camel-whatsapp
 * producer in a plain Camel program (no Spring, no database, no limiter). One route, {@code direct:send} to
 * {@code whatsapp:<phoneNumberId>} with the Graph API's base URI pointed at the stub; CALLERS threads send N text
 * messages through it (each caller waits for its answer, so CALLERS calls are in flight), after WARMUP messages not
 * counted. Prints one line:
 * {@code rate=… seconds=… cpu_ms_per_msg=… ok=… errors=… threads_started=…}, the CPU being this JVM's process CPU
 * time (all threads, core-milliseconds) over the measured messages.
 *
 *   java -cp … Peer BASE_URI PHONE_NUMBER_ID API_VERSION N CALLERS WARMUP
 */
public class Peer {

    public static void main(String[] args) throws Exception {
        String baseUri = args[0];
        String phoneNumberId = args[1];
        String apiVersion = args[2];
        int n = Integer.parseInt(args[3]);
        int callers = Integer.parseInt(args[4]);
        int warmup = Integer.parseInt(args[5]);

        CamelContext camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:send").routeId("send")
                        .to("whatsapp:" + phoneNumberId + "?authorizationToken=bench-token&baseUri=" + baseUri
                                + "&apiVersion=" + apiVersion);
            }
        });
        camel.start();
        ProducerTemplate template = camel.createProducerTemplate();
        ExecutorService pool = Executors.newFixedThreadPool(callers);

        send(template, pool, callers, warmup, 0);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long threads0 = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();
        long t0 = System.nanoTime();
        int[] result = send(template, pool, callers, n, warmup);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long cpu = os.getProcessCpuTime() - cpu0;
        long threads = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - threads0;

        System.out.printf("rate=%.0f seconds=%.1f cpu_ms_per_msg=%.3f ok=%d errors=%d threads_started=%d%n",
                result[0] / seconds, seconds, cpu / 1e6 / Math.max(1, result[0]), result[0], result[1], threads);
        pool.shutdownNow();
        camel.stop();
        System.exit(0);
    }

    /** Sends n messages from callers threads, each to its own recipient; returns {ok, errors}. */
    private static int[] send(ProducerTemplate template, ExecutorService pool, int callers, int n, int offset)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(callers);
        for (int c = 0; c < callers; c++) {
            pool.execute(() -> {
                try {
                    for (int i; (i = next.getAndIncrement()) < n; ) {
                        TextMessage text = new TextMessage();
                        text.setBody("Your appointment is confirmed for 10:30 tomorrow.");
                        TextMessageRequest request = new TextMessageRequest();
                        request.setTo(String.format("1555%07d", offset + i));
                        request.setText(text);
                        try {
                            template.requestBody("direct:send", request);
                            ok.incrementAndGet();
                        } catch (Exception e) {
                            if (errors.getAndIncrement() == 0) {
                                System.err.println("first error: " + e);
                            }
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        if (!done.await(30, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the callers did not finish");
        }
        return new int[] {ok.get(), errors.get()};
    }
}
