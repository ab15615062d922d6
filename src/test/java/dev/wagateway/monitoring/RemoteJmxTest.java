package dev.wagateway.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import dev.wagateway.JmxClient;
import dev.wagateway.TcpProxy;
import dev.wagateway.TestKeystore;
import dev.wagateway.config.InvalidSetting;
import dev.wagateway.config.InvalidSettingAnalyzer;
import dev.wagateway.operator.OperatorLogin;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.BeanCreationException;

/**
 * Remote JMX as the network sees it, with {@link RemoteJmx} started on its own (no Spring context): with a password
 * the registry and the connector speak TLS only, so a relay recording every byte between JConsole's kind of client and
 * the service never sees the password; the same relay does see it when the connector speaks plain RMI (so the test
 * could fail). The service tells its clients to connect to 127.0.0.2 ({@code JMX_HOSTNAME}) while it listens on
 * 127.0.0.1 ({@code JMX_HOST}): the relay sits on 127.0.0.2, the same port, and every connection passes through it.
 * Settings that would leak stop start-up with one line.
 */
class RemoteJmxTest {

    private static final InetAddress SERVICE = address("127.0.0.1");
    private static final InetAddress RELAY = address("127.0.0.2");

    private final TestKeystore keystore = TestKeystore.shared();
    private final List<RemoteJmx> started = new ArrayList<>();
    private final String password = "pw-" + UUID.randomUUID();
    private String rmiHostname;

    @BeforeEach
    void rememberTheRmiHostname() {
        rmiHostname = System.getProperty("java.rmi.server.hostname");
    }

    /** RemoteJmx sets the JVM's RMI host name; the shared Spring context's connector wants its own back. */
    @AfterEach
    void stopAndRestore() throws IOException {
        for (RemoteJmx jmx : started) {
            jmx.stop();
        }
        if (rmiHostname == null) {
            System.clearProperty("java.rmi.server.hostname");
        } else {
            System.setProperty("java.rmi.server.hostname", rmiHostname);
        }
    }

    @Test
    void over_tls_the_password_never_crosses_the_wire_in_clear() throws Exception {
        RemoteJmx jmx = start(configured(password, "127.0.0.2"));
        assertThat(jmx.tls()).isTrue();
        try (TcpProxy relay = TcpProxy.recording(RELAY, SERVICE, port(jmx));
                JMXConnector connector = JmxClient.connect(jmx.url(), "operator", password)) {
            assertThat(connector.getMBeanServerConnection().getMBeanCount()).as("connected, through the relay")
                    .isPositive();
            assertThat(relay.connections()).isPositive();
            assertThat(relay.fromClients()).allSatisfy(sent -> {
                assertThat(sent).as("a TLS handshake record first").startsWith(0x16, 0x03);
                assertThat(contains(sent, password)).as("the password in clear").isFalse();
            });
            assertThat(relay.fromTarget()).allSatisfy(answer -> assertThat(contains(answer, password)).isFalse());
            assertThat(relay.fromClients().stream().mapToInt(sent -> sent.length).sum()).as("bytes were recorded")
                    .isGreaterThan(1_000);
        }
    }

    @Test
    void without_tls_the_relay_does_see_the_password() throws Exception {
        RemoteJmx jmx = start(configured(null, "127.0.0.2")); // no password: plain RMI on loopback, no login
        assertThat(jmx.tls()).isFalse();
        try (TcpProxy relay = TcpProxy.recording(RELAY, SERVICE, port(jmx));
                JMXConnector connector = JMXConnectorFactory.connect(jmx.url(),
                        Map.of(JMXConnector.CREDENTIALS, new String[] {"operator", password}))) {
            assertThat(connector.getMBeanServerConnection().getMBeanCount()).isPositive();
            assertThat(relay.fromClients()).as("the credentials the client sent, readable on the wire")
                    .anySatisfy(sent -> assertThat(contains(sent, password)).isTrue());
        }
    }

    @Test
    void a_client_that_does_not_trust_the_certificate_fails_the_handshake() throws Exception {
        RemoteJmx jmx = start(configured(password, null));
        TrustManagerFactory authoritiesOnly = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        authoritiesOnly.init((KeyStore) null); // the JDK's certificate authorities, not the service's certificate
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, authoritiesOnly.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(SERVICE, port(jmx))) {
            assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLHandshakeException.class);
        }
        // nor does a client that does not speak TLS get the connector's stub from the registry
        assertThatThrownBy(() -> JMXConnectorFactory.connect(jmx.url(),
                Map.of(JMXConnector.CREDENTIALS, new String[] {"operator", password}))).isInstanceOf(IOException.class);
    }

    @Test
    void it_listens_on_jmx_host_only() throws Exception {
        RemoteJmx jmx = start(configured(password, null));
        assertThatThrownBy(() -> new Socket(RELAY, port(jmx)).close()).as("127.0.0.2: not JMX_HOST")
                .isInstanceOf(ConnectException.class);
        new Socket(SERVICE, port(jmx)).close();
    }

    @Test
    void an_ipv6_loopback_address_works_too() throws Exception {
        RemoteJmx jmx = start(remoteJmx(0, password, null, "::1", keystore.path().toString(),
                keystore.password()));
        assertThat(jmx.url().getURLPath()).startsWith("/jndi/rmi://[0:0:0:0:0:0:0:1]:");
        try (JMXConnector connector = JmxClient.connect(jmx.url(), "operator", password)) {
            assertThat(connector.getMBeanServerConnection().getMBeanCount()).isPositive();
        }
    }

    @Test
    void the_wrong_password_or_none_is_refused() throws Exception {
        RemoteJmx jmx = start(configured(password, null));
        assertThatThrownBy(() -> JmxClient.connect(jmx.url(), "operator", "guess"))
                .isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> JmxClient.connect(jmx.url(), "someone", password))
                .isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> JmxClient.connect(jmx.url(), null, null)).isInstanceOf(SecurityException.class);
        try (JMXConnector connector = JmxClient.connect(jmx.url(), "operator", password)) {
            assertThat(connector.getMBeanServerConnection().getMBeanCount()).isPositive();
        }
    }

    @Test
    void a_password_without_a_keystore_stops_start_up() {
        assertRefused(() -> remoteJmx(0, password, null, "127.0.0.1", null, null),
                "Invalid configuration: JMX_KEYSTORE (jmx.keystore) = (empty) — expected a PKCS12 keystore with the"
                        + " connector's TLS key and certificate whenever OPERATOR_PASSWORD and JMX_PORT are set, so the"
                        + " password never crosses the network in clear (docs/security.md, Remote JMX)");
    }

    @Test
    void a_keystore_that_does_not_open_stops_start_up(@TempDir Path directory) {
        String missing = directory.resolve("missing.p12").toString();
        assertRefused(() -> remoteJmx(0, password, null, "127.0.0.1", missing, keystore.password()),
                "Invalid configuration: JMX_KEYSTORE (jmx.keystore) = '" + missing
                        + "' — expected a readable PKCS12 keystore file");
        String wrong = "not-the-keystore-password";
        assertRefused(() -> remoteJmx(0, password, null, "127.0.0.1", keystore.path().toString(), wrong),
                "Invalid configuration: JMX_KEYSTORE_PASSWORD (jmx.keystore-password) = a secret of " + wrong.length()
                        + " characters (not shown) — expected the password of JMX_KEYSTORE");
        String certificateOnly = keystore.certificateOnly(directory).toString();
        assertRefused(() -> remoteJmx(0, password, null, "127.0.0.1", certificateOnly,
                keystore.password()), "Invalid configuration: JMX_KEYSTORE (jmx.keystore) = '" + certificateOnly
                        + "' — expected a keystore holding a private key and its certificate (keytool -genkeypair)");
    }

    @Test
    void a_network_address_without_a_password_stops_start_up() {
        assertRefused(() -> remoteJmx(0, null, null, "0.0.0.0", null, null),
                "Invalid configuration: JMX_HOST (jmx.host) = '0.0.0.0' — expected a loopback address (127.0.0.1)"
                        + " while OPERATOR_PASSWORD is empty: without a password remote JMX is never open to the network"
                        + " (set OPERATOR_PASSWORD and JMX_KEYSTORE to open it)");
    }

    @Test
    void without_jmx_port_nothing_is_checked_or_opened() {
        RemoteJmx off = remoteJmx(null, password, null, "0.0.0.0", null, null);
        assertThat(off.url()).isNull();
        assertThat(off.tls()).isFalse();
    }

    private void assertRefused(ThrowingCallable creating, String line) {
        assertThatThrownBy(creating).isInstanceOf(InvalidSetting.class).hasMessage(line)
                .satisfies(refusal -> {
                    assertThat(refusal.getMessage()).doesNotContain(password);
                    // as start-up reports it: Spring wraps the constructor's exception
                    assertThat(new InvalidSettingAnalyzer().analyze(new BeanCreationException("remoteJmx", refusal))
                            .getDescription()).isEqualTo(line);
                });
    }

    /** Remote JMX with these settings and the operator's password (user {@code operator}). */
    private static RemoteJmx remoteJmx(Integer port, String operatorPassword, String hostname, String host,
            String keystore, String keystorePassword) {
        return new RemoteJmx(new JmxSettings(port, hostname, host, keystore, keystorePassword),
                new OperatorLogin("operator", operatorPassword));
    }

    /** On a free port of 127.0.0.1, with the test keystore whenever a password is given. */
    private RemoteJmx configured(String operatorPassword, String hostname) {
        boolean tls = operatorPassword != null;
        return remoteJmx(0, operatorPassword, hostname, "127.0.0.1", tls ? keystore.path().toString() : null,
                tls ? keystore.password() : null);
    }

    private RemoteJmx start(RemoteJmx jmx) throws IOException {
        started.add(jmx);
        jmx.start();
        return jmx;
    }

    /** The port of {@code service:jmx:rmi:///jndi/rmi://host:port/jmxrmi}. */
    private static int port(RemoteJmx jmx) {
        JMXServiceURL url = jmx.url();
        return URI.create(url.getURLPath().substring("/jndi/".length())).getPort();
    }

    private static boolean contains(byte[] haystack, String text) {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
