import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The evidence run's traffic (ops/evidence/run.sh): for SECONDS, RATE sends a second (POST /messages/send, by phone)
 * from two tenants — most to numbers the stub accepts, some to numbers it refuses for good (131026: failed) or
 * answers "rate limit hit" (130429: retried later) —, Meta's status webhooks (delivered, then read) for what was
 * sent (answered sent, or answered queued and sent later: GET /messages/{id}) and a customer's message every second, and every minute a CSV file of 40 rows (4 of them invalid) dropped
 * in INBOX. Tenant one's callbacks go to an endpoint that answers 200, tenant two's to one that answers 500.
 *
 *   java ops/evidence/Drive.java BASE_URL ADMIN_KEY APP_SECRET PHONE_NUMBER_ID STUB_URL INBOX SECONDS RATE
 */
public class Drive {

    static final Pattern FIELD = Pattern.compile("\"(id|api_key|external_message_id|status)\"\\s*:\\s*\"([^\"]*)\"");
    static final HttpClient HTTP = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4))
            .connectTimeout(Duration.ofSeconds(5)).build();

    static String base;
    static String appSecret;
    static String phoneNumberId;
    static final AtomicLong sequence = new AtomicLong(ThreadLocalRandom.current().nextLong(1_000_000));
    static final ConcurrentLinkedQueue<String> sentIds = new ConcurrentLinkedQueue<>();
    static final ConcurrentLinkedQueue<String> deliveredIds = new ConcurrentLinkedQueue<>();
    /** Messages answered queued, with their tenant's key and when to look again: Meta's statuses follow once sent. */
    static final ConcurrentLinkedQueue<String[]> queuedIds = new ConcurrentLinkedQueue<>();
    static final Map<String, AtomicLong> answers = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        base = args[0];
        String adminKey = args[1];
        appSecret = args[2];
        phoneNumberId = args[3];
        String stub = args[4];
        Path inbox = Path.of(args[5]);
        long seconds = Long.parseLong(args[6]);
        double rate = Double.parseDouble(args[7]);

        Map<String, String> one = tenant(adminKey, "Evidence one", stub + "/hooks/ok");
        // on a host of its own: a failing endpoint pauses its own deliveries, not the other tenant's
        Map<String, String> two = tenant(adminKey, "Evidence two", stub.replace("127.0.0.1", "127.0.0.2") + "/hooks/broken");
        Semaphore inFlight = new Semaphore(32);
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long nextSecond = start;
        long nextFile = start + 20_000_000_000L;
        long nextReport = start + 30_000_000_000L;
        double owed = 0;
        int files = 0;
        while (System.nanoTime() < end) {
            owed += rate / 10;
            for (; owed >= 1; owed--) {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                Map<String, String> tenant = random.nextInt(100) < 80 ? one : two;
                int dice = random.nextInt(100);
                String phone = dice < 6 ? phone("9197") : dice < 10 ? phone("9196") : phone("9198");
                inFlight.acquire();
                post("/messages/send", "{\"to\":\"+" + phone + "\",\"message\":\"Your order " + sequence.incrementAndGet()
                        + " has shipped\"}", Map.of("X-API-Key", tenant.get("api_key")))
                        .whenComplete((response, error) -> {
                            inFlight.release();
                            count(error != null ? "send error" : "send " + response.statusCode());
                            if (error == null && response.statusCode() == 201) {
                                Map<String, String> fields = fields(response.body());
                                if ("sent".equals(fields.get("status")) && fields.get("external_message_id") != null) {
                                    sentIds.add(fields.get("external_message_id"));
                                } else if ("queued".equals(fields.get("status")) && queuedIds.size() < 5_000) {
                                    queuedIds.add(new String[] {fields.get("id"), tenant.get("api_key"), later()});
                                }
                            }
                        });
            }
            long now = System.nanoTime();
            if (now >= nextSecond) {
                nextSecond += 1_000_000_000L;
                webhooks();
            }
            if (now >= nextFile) {
                nextFile += 60_000_000_000L;
                dropFile(inbox, one.get("id"), ++files);
            }
            if (now >= nextReport) {
                nextReport += 30_000_000_000L;
                System.out.println("after " + (now - start) / 1_000_000_000L + " s: " + answers);
            }
            Thread.sleep(100);
        }
        inFlight.acquire(32);
        System.out.println("done: " + answers);
        System.exit(0);
    }

    /** A tenant with its API key, and its callback endpoint set. */
    static Map<String, String> tenant(String adminKey, String name, String callback) throws Exception {
        HttpResponse<String> created = post("/tenants", "{\"name\":\"" + name + "\"}", Map.of("X-API-Key", adminKey)).get();
        if (created.statusCode() != 201) {
            throw new IllegalStateException("POST /tenants: " + created.statusCode() + " " + created.body());
        }
        Map<String, String> tenant = fields(created.body());
        HttpResponse<String> hook = send("PUT", "/tenants/" + tenant.get("id") + "/callback",
                "{\"url\":\"" + callback + "\"}", Map.of("X-API-Key", adminKey)).get();
        if (hook.statusCode() != 200) {
            throw new IllegalStateException("PUT callback: " + hook.statusCode() + " " + hook.body());
        }
        return tenant;
    }

    static String later() {
        return Long.toString(System.currentTimeMillis() + 5_000);
    }

    /** Up to 20 messages that were queued, looked at again (GET /messages/{id}): sent ones get their statuses. */
    static void followQueued() {
        for (int i = 0; i < 20; i++) {
            String[] queued = queuedIds.peek();
            if (queued == null || Long.parseLong(queued[2]) > System.currentTimeMillis() || !queuedIds.remove(queued)) {
                return;
            }
            send("GET", "/messages/" + queued[0], "", Map.of("X-API-Key", queued[1])).whenComplete((response, error) -> {
                Map<String, String> fields = error == null ? fields(response.body()) : Map.of();
                if ("queued".equals(fields.get("status")) || "sending".equals(fields.get("status"))) {
                    queuedIds.add(new String[] {queued[0], queued[1], later()});
                } else if (fields.get("external_message_id") != null && !"failed".equals(fields.get("status"))) {
                    sentIds.add(fields.get("external_message_id"));
                }
            });
        }
    }

    /** Statuses for what was sent (delivered now, read a second later), and one customer's message. */
    static void webhooks() {
        followQueued();
        List<String> statuses = new ArrayList<>();
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        for (String id; statuses.size() < 50 && (id = deliveredIds.poll()) != null; ) {
            statuses.add(status(id, "read", timestamp));
        }
        List<String> delivered = new ArrayList<>();
        for (String id; delivered.size() < 50 && (id = sentIds.poll()) != null; ) {
            delivered.add(id);
            statuses.add(status(id, "delivered", timestamp));
        }
        if (!statuses.isEmpty()) {
            webhook("\"statuses\":[" + String.join(",", statuses) + "]");
            delivered.stream().filter(id -> ThreadLocalRandom.current().nextBoolean()).forEach(deliveredIds::add);
        }
        String from = phone("9198");
        webhook("\"contacts\":[{\"profile\":{\"name\":\"Customer\"},\"wa_id\":\"" + from + "\"}],\"messages\":[{\"from\":\""
                + from + "\",\"id\":\"wamid.IN" + sequence.incrementAndGet() + "\",\"timestamp\":\"" + timestamp
                + "\",\"type\":\"text\",\"text\":{\"body\":\"Thanks!\"}}]");
    }

    static String status(String id, String status, String timestamp) {
        return "{\"id\":\"" + id + "\",\"status\":\"" + status + "\",\"timestamp\":\"" + timestamp
                + "\",\"recipient_id\":\"919800000000\"}";
    }

    static void webhook(String value) {
        String body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":"
                + "\"messages\",\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"phone_number_id\":\""
                + phoneNumberId + "\"}," + value + "}}]}]}";
        post("/webhooks/whatsapp", body, Map.of("X-Hub-Signature-256", "sha256=" + hmac(body)))
                .whenComplete((response, error) -> count(error != null ? "webhook error" : "webhook " + response.statusCode()));
    }

    /** A CSV of 40 rows for tenant one, 4 of them with a phone number that is not one. */
    static void dropFile(Path inbox, String tenantId, int n) throws Exception {
        StringBuilder csv = new StringBuilder("tenantId,phone,message\n");
        for (int row = 1; row <= 40; row++) {
            csv.append(tenantId).append(',').append(row % 10 == 0 ? "+12" : "+" + phone("9198"))
                    .append(",Reminder ").append(row).append(" from file ").append(n).append('\n');
        }
        Path part = inbox.resolve("evidence-" + n + ".csv.part");
        Files.writeString(part, csv);
        Files.move(part, inbox.resolve("evidence-" + n + ".csv"));
        count("file");
    }

    static String phone(String prefix) {
        return prefix + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }

    static java.util.concurrent.CompletableFuture<HttpResponse<String>> post(String path, String body,
            Map<String, String> headers) {
        return send("POST", path, body, headers);
    }

    static java.util.concurrent.CompletableFuture<HttpResponse<String>> send(String method, String path, String body,
            Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        return HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, String> fields(String json) {
        Map<String, String> fields = new ConcurrentHashMap<>();
        Matcher field = FIELD.matcher(json);
        while (field.find()) {
            fields.putIfAbsent(field.group(1), field.group(2));
        }
        return fields;
    }

    static String hmac(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void count(String what) {
        answers.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
    }
}
