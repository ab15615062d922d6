package dev.wagateway.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import dev.wagateway.JmxClient;
import dev.wagateway.TestKeystore;
import org.junit.jupiter.api.Test;

/**
 * The packaged service with remote JMX and the operator's password, as production runs it: with a keystore it
 * answers JConsole's kind of client over TLS (registry and connector) and nothing else; without one it does not start,
 * and says why in one line, the password nowhere in its output.
 */
class RemoteJmxIT extends FaultTest {

    private static final String PASSWORD = "remote-jmx-it-operator-password";

    @Test
    void with_a_keystore_the_operator_connects_over_tls_only() throws Exception {
        TestKeystore keystore = TestKeystore.shared();
        int port = freePort();
        Map<String, String> env = withOperator(FaultsEnvironment.quietService("faults-remote-jmx"), port);
        env.put("JMX_KEYSTORE", keystore.path().toString());
        env.put("JMX_KEYSTORE_PASSWORD", keystore.password());
        try (ServiceProcess service = ServiceProcess.start("remote-jmx", env)) {
            assertThat(service.output()).contains("Remote JMX on 127.0.0.1:" + port + " over TLS, for user operator");
            JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
            try (JMXConnector connector = JmxClient.connect(url, "operator", PASSWORD)) {
                ObjectName delivery = new ObjectName("org.apache.camel:context=whatsapp-gateway,type=routes,name="
                        + ObjectName.quote("whatsapp-delivery"));
                assertThat(connector.getMBeanServerConnection().getAttribute(delivery, "State")).isEqualTo("Started");
            }
            assertThatThrownBy(() -> JmxClient.connect(url, "operator", "guess")).isInstanceOf(SecurityException.class);
            assertThatThrownBy(() -> JMXConnectorFactory.connect(url, Map.of(JMXConnector.CREDENTIALS,
                    new String[] {"operator", PASSWORD}))).as("a client that does not speak TLS")
                    .isInstanceOf(IOException.class);
            assertThat(service.output()).doesNotContain(PASSWORD, keystore.password());
        }
    }

    @Test
    void a_password_without_a_keystore_stops_start_up_with_one_line() throws Exception {
        Map<String, String> env = withOperator(FaultsEnvironment.quietService("faults-remote-jmx-refused"), freePort());
        assertThatThrownBy(() -> ServiceProcess.start("remote-jmx-refused", env).close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited with")
                .hasMessageContaining("Invalid configuration: JMX_KEYSTORE (jmx.keystore) = (empty) — expected a"
                        + " PKCS12 keystore with the connector's TLS key and certificate whenever OPERATOR_PASSWORD and"
                        + " JMX_PORT are set")
                .satisfies(refused -> assertThat(refused.getMessage()).doesNotContain(PASSWORD));
    }

    /** Remote JMX on {@code port} with the operator's password. */
    private static Map<String, String> withOperator(Map<String, String> env, int port) {
        env.put("JMX_PORT", String.valueOf(port));
        env.put("OPERATOR_PASSWORD", PASSWORD);
        return env;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
