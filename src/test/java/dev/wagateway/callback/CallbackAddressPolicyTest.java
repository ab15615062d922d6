package dev.wagateway.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import dev.wagateway.api.ApiException;
import dev.wagateway.api.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SSRF table of {@link CallbackAddressPolicy}, without DNS: names resolve through a map ({@link #resolver}),
 * IP literals through the JDK's parser only. Every refused address class, the public ones accepted, http only when
 * allowed, everything accepted when private networks are, malformed URLs a validation error.
 */
class CallbackAddressPolicyTest {

    private static final String[] REFUSED_HOSTS = {"127.0.0.1", "127.1.2.3", "localhost", "[::1]", "10.0.0.1",
        "172.16.5.4", "192.168.1.1", "100.64.0.1", "[fc00::1]", "[fd12::1]", "169.254.169.254", "[fe80::1]",
        "224.0.0.1", "[ff02::1]", "0.0.0.0", "[::]", "[::ffff:127.0.0.1]", "[::ffff:10.0.0.1]", "255.255.255.255",
        "2130706433", "[64:ff9b::a9fe:a9fe]", "[::127.0.0.1]", "[2002:7f00:1::1]", "240.0.0.1", "split.test"};

    static Stream<String> refusedHosts() {
        return Stream.of(REFUSED_HOSTS);
    }

    private final CallbackAddressPolicy strict = new CallbackAddressPolicy(settings(false, false), resolver());

    /** Callback settings with the two switches given, the rest as in production. */
    static CallbackSettings settings(boolean allowHttp, boolean allowPrivateNetworks) {
        return new CallbackSettings(allowHttp, allowPrivateNetworks, Duration.ofSeconds(5), Duration.ofSeconds(2),
                Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofHours(24), Duration.ofHours(24), 8, 32, 5,
                Duration.ofSeconds(60), Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    /** Test names from a map; IP literals (digits and dots, or IPv6) read by the JDK, which never asks DNS for them. */
    static HostResolver resolver() {
        Map<String, String[]> names = Map.of("localhost", new String[] {"127.0.0.1"},
                "public.test", new String[] {"8.8.8.8"},
                "split.test", new String[] {"93.184.216.34", "127.0.0.1"});
        return host -> {
            if (names.containsKey(host)) {
                String[] literals = names.get(host);
                InetAddress[] addresses = new InetAddress[literals.length];
                for (int i = 0; i < literals.length; i++) {
                    addresses[i] = InetAddress.getByName(literals[i]);
                }
                return addresses;
            }
            if (host.contains(":") || host.matches("[0-9.]+")) {
                return InetAddress.getAllByName(host);
            }
            throw new UnknownHostException(host);
        };
    }

    @ParameterizedTest
    @MethodSource("refusedHosts")
    void a_url_reaching_a_non_public_address_is_refused(String host) {
        assertThatThrownBy(() -> strict.checkUrl("https://" + host + "/hook?token=s3cret"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CALLBACK_URL_NOT_ALLOWED);
                    assertThat(e.getMessage()).contains("resolves to a").doesNotContain("s3cret");
                });
    }

    @Test
    void the_refusal_names_the_address_class() {
        assertThatThrownBy(() -> strict.checkUrl("https://localhost/hook")).hasMessageContaining("loopback");
        assertThatThrownBy(() -> strict.checkUrl("https://169.254.169.254/latest/meta-data/"))
                .hasMessageContaining("link-local");
        assertThatThrownBy(() -> strict.checkUrl("https://100.64.0.1/")).hasMessageContaining("carrier-grade NAT");
        assertThatThrownBy(() -> strict.checkUrl("https://[fd12::1]/")).hasMessageContaining("unique-local");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://93.184.216.34/hook", "https://[2606:2800:220:1:248:1893:25c8:1946]/hook",
        "https://public.test/hook?event=all", "https://PUBLIC.test:8443/a/../hook"})
    void a_url_reaching_public_addresses_is_accepted(String url) {
        assertThat(strict.checkUrl(url).getScheme()).isEqualTo("https");
    }

    @Test
    void the_accepted_url_is_normalised() {
        assertThat(strict.checkUrl("HTTPS://Public.Test:8443/a/../hook?b=1")).isEqualTo(
                URI.create("https://public.test:8443/hook?b=1"));
        assertThat(strict.checkUrl("https://public.test")).isEqualTo(URI.create("https://public.test/"));
    }

    @Test
    void http_is_refused_unless_allowed() {
        assertThatThrownBy(() -> strict.checkUrl("http://public.test/hook")).isInstanceOfSatisfying(
                ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CALLBACK_URL_NOT_ALLOWED));
        assertThatThrownBy(() -> strict.checkUrl("ftp://public.test/hook")).isInstanceOfSatisfying(
                ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CALLBACK_URL_NOT_ALLOWED));
        CallbackAddressPolicy withHttp = new CallbackAddressPolicy(settings(true, false), resolver());
        assertThat(withHttp.checkUrl("http://public.test/hook")).hasToString("http://public.test/hook");
        assertThatThrownBy(() -> withHttp.checkUrl("http://127.0.0.1/hook")).isInstanceOfSatisfying(
                ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CALLBACK_URL_NOT_ALLOWED));
    }

    @Test
    void with_private_networks_allowed_every_address_of_the_table_is_accepted() {
        CallbackAddressPolicy open = new CallbackAddressPolicy(settings(false, true), resolver());
        for (String host : REFUSED_HOSTS) {
            assertThat(open.checkUrl("https://" + host + "/hook").getPath()).as(host).isEqualTo("/hook");
        }
    }

    @Test
    void a_host_that_does_not_resolve_is_refused() {
        for (String url : new String[] {"https://nowhere.test/hook", "https://0x7f.1/"}) {
            assertThatThrownBy(() -> strict.checkUrl(url)).isInstanceOfSatisfying(ApiException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.CALLBACK_URL_NOT_ALLOWED);
                assertThat(e.getMessage()).contains("does not resolve");
            });
        }
    }

    @Test
    void an_ambiguous_numeric_host_is_refused() {
        // Java reads 0177.0.0.1 as 177.0.0.1 (public), other parsers as 127.0.0.1 (octal): refused either way
        assertThatThrownBy(() -> strict.checkUrl("https://0177.0.0.1/")).isInstanceOfSatisfying(
                ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CALLBACK_URL_NOT_ALLOWED));
        assertThatThrownBy(() -> strict.checkUrl("https://127.1/")).isInstanceOfSatisfying(
                ApiException.class, e -> assertThat(e.getMessage()).contains("loopback"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "not a url", "/relative/hook", "public.test/hook", "https:opaque",
        "https://user:pass@public.test/hook", "https://public.test/hook#part", "https:///hook",
        "https://public.test:0/hook", "https://public.test:99999/hook", "mailto:someone@public.test"})
    void a_malformed_url_is_a_validation_error(String url) {
        assertThatThrownBy(() -> strict.checkUrl(url)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
            assertThat(e.getMessage()).startsWith("url").doesNotContain(":pass@");
        });
    }

    @Test
    void a_missing_or_too_long_url_is_a_validation_error() {
        for (String url : new String[] {null, "https://public.test/" + "a".repeat(2048)}) {
            assertThatThrownBy(() -> strict.checkUrl(url)).isInstanceOfSatisfying(
                    ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR));
        }
        assertThat(strict.checkUrl("https://public.test/" + "a".repeat(2048 - 20))).isNotNull();
    }

    @Test
    void allowed_addresses_refuses_a_name_with_any_refused_address() throws Exception {
        assertThat(strict.allowedAddresses("public.test")).containsExactly(InetAddress.getByName("8.8.8.8"));
        assertThatThrownBy(() -> strict.allowedAddresses("split.test")).isInstanceOfSatisfying(
                CallbackAddressRefused.class, e -> {
                    assertThat(e.host()).isEqualTo("split.test");
                    assertThat(e.addressClass()).isEqualTo("loopback");
                    assertThat(e).isInstanceOf(UnknownHostException.class);
                });
        CallbackAddressPolicy open = new CallbackAddressPolicy(settings(false, true), resolver());
        assertThat(open.allowedAddresses("split.test")).hasSize(2);
    }

    @Test
    void refused_class_names_each_class() throws Exception {
        Map<String, String> classes = Map.ofEntries(Map.entry("127.0.0.1", "loopback"),
                Map.entry("10.1.2.3", "private"), Map.entry("172.31.255.255", "private"),
                Map.entry("192.168.0.1", "private"), Map.entry("100.127.255.255", "carrier-grade NAT"),
                Map.entry("169.254.169.254", "link-local"), Map.entry("fe80::1", "link-local"),
                Map.entry("239.255.255.250", "multicast"), Map.entry("ff02::1", "multicast"),
                Map.entry("0.1.2.3", "unspecified"), Map.entry("::", "unspecified"),
                Map.entry("255.255.255.255", "broadcast"), Map.entry("fc00::1", "unique-local"),
                Map.entry("::1", "loopback"), Map.entry("64:ff9b::7f00:1", "loopback"),
                Map.entry("64:ff9b:1::1", "NAT64 local-use"), Map.entry("fec0::1", "site-local"));
        for (Map.Entry<String, String> entry : classes.entrySet()) {
            assertThat(CallbackAddressPolicy.refusedClass(InetAddress.getByName(entry.getKey())))
                    .as(entry.getKey()).contains(entry.getValue());
        }
        for (String address : new String[] {"8.8.8.8", "172.32.0.1", "100.128.0.1", "203.0.113.10",
            "2606:4700:4700::1111", "64:ff9b::808:808", "2002:808:808::1"}) {
            assertThat(CallbackAddressPolicy.refusedClass(InetAddress.getByName(address))).as(address).isEmpty();
        }
    }
}
