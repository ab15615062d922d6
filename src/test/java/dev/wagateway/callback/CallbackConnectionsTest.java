package dev.wagateway.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The guard at connection time, against a real HTTP receiver on 127.0.0.1 that counts what reaches it: a name that
 * resolved to a public address when its URL was set and resolves to 127.0.0.1 afterwards (DNS rebinding), an IP
 * literal, and an address handed to HttpClient directly (no resolver) are all refused before any request is sent;
 * with private networks allowed the same requests arrive, so the refusals are the guard's, not a broken setup.
 */
class CallbackConnectionsTest {

    private final AtomicInteger received = new AtomicInteger();
    private final AtomicInteger lookups = new AtomicInteger();
    private HttpServer receiver;
    private int port;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", exchange -> {
            received.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        receiver.start();
        port = receiver.getAddress().getPort();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    /** rebind.test: 203.0.113.10 (public) at the first lookup, 127.0.0.1 at every later one; literals as they are. */
    private HostResolver rebinding() {
        return host -> {
            lookups.incrementAndGet();
            if (host.equals("rebind.test")) {
                String address = lookups.get() == 1 ? "203.0.113.10" : "127.0.0.1";
                return new InetAddress[] {InetAddress.getByName(address)};
            }
            if (host.contains(":") || host.matches("[0-9.]+")) {
                return InetAddress.getAllByName(host);
            }
            throw new UnknownHostException(host);
        };
    }

    /** POSTs to {@code url} through a new pool of {@code policy}'s; the answer's status. */
    private static int post(CallbackAddressPolicy policy, String url) throws IOException {
        PoolingHttpClientConnectionManager manager = new CallbackConnections().callbackConnectionManager(policy,
                CallbackAddressPolicyTest.settings(true, false));
        try (manager; CloseableHttpClient client = client(manager)) {
            return client.execute(new HttpPost(url), response -> response.getCode());
        }
    }

    private static CloseableHttpClient client(PoolingHttpClientConnectionManager manager) {
        return HttpClients.custom().setConnectionManager(manager).setConnectionManagerShared(true)
                .disableAutomaticRetries().build();
    }

    @Test
    void a_name_rebound_to_loopback_after_it_was_set_is_refused_at_connection() {
        CallbackAddressPolicy policy = new CallbackAddressPolicy(CallbackAddressPolicyTest.settings(true, false),
                rebinding());
        String url = "http://rebind.test:" + port + "/hook";
        assertThat(policy.checkUrl(url).getHost()).isEqualTo("rebind.test");

        assertThatThrownBy(() -> post(policy, url))
                .satisfies(e -> assertThat(refusal(e)).isNotNull().extracting(CallbackAddressRefused::addressClass)
                        .isEqualTo("loopback"));
        assertThat(lookups.get()).isEqualTo(2);
        assertThat(received.get()).isZero();
    }

    @Test
    void an_ip_literal_is_refused_at_connection() {
        CallbackAddressPolicy policy = new CallbackAddressPolicy(CallbackAddressPolicyTest.settings(true, false),
                rebinding());
        assertThatThrownBy(() -> post(policy, "http://127.0.0.1:" + port + "/hook"))
                .satisfies(e -> assertThat(refusal(e)).isNotNull());
        assertThat(received.get()).isZero();
    }

    @Test
    void an_address_given_to_httpclient_without_the_resolver_is_refused_by_the_socket() throws Exception {
        CallbackSettings settings = CallbackAddressPolicyTest.settings(true, false);
        CallbackAddressPolicy policy = new CallbackAddressPolicy(settings, rebinding());
        HttpHost target = new HttpHost("http", InetAddress.getLoopbackAddress(), "public.test", port);
        try (PoolingHttpClientConnectionManager manager = new CallbackConnections().callbackConnectionManager(policy,
                settings); CloseableHttpClient client = client(manager)) {
            assertThatThrownBy(() -> client.execute(target, new HttpPost("/hook"), response -> response.getCode()))
                    .satisfies(e -> assertThat(refusal(e)).isNotNull().extracting(CallbackAddressRefused::host)
                            .isEqualTo("127.0.0.1"));
        }
        assertThat(lookups.get()).as("HttpClient skips the resolver for an HttpHost with an address").isZero();
        assertThat(received.get()).isZero();
    }

    @Test
    void with_private_networks_allowed_the_same_requests_arrive() throws Exception {
        CallbackSettings settings = CallbackAddressPolicyTest.settings(true, true);
        CallbackAddressPolicy policy = new CallbackAddressPolicy(settings, rebinding());
        assertThat(post(policy, "http://127.0.0.1:" + port + "/hook")).isEqualTo(200);
        assertThat(received.get()).isEqualTo(1);

        HttpHost target = new HttpHost("http", InetAddress.getLoopbackAddress(), "public.test", port);
        try (PoolingHttpClientConnectionManager manager = new CallbackConnections().callbackConnectionManager(policy,
                settings); CloseableHttpClient client = client(manager)) {
            int status = client.execute(target, new HttpPost("/hook"), response -> response.getCode());
            assertThat(status).isEqualTo(200);
        }
        assertThat(received.get()).isEqualTo(2);
    }

    /** The {@link CallbackAddressRefused} in {@code thrown}'s cause chain, or null. */
    private static CallbackAddressRefused refusal(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof CallbackAddressRefused refused) {
                return refused;
            }
        }
        return null;
    }
}
