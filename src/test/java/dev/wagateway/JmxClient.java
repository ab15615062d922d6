package dev.wagateway;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import javax.rmi.ssl.SslRMIClientSocketFactory;

/**
 * Connects to remote JMX as JConsole does to a TLS connector: the registry looked up over TLS
 * ({@code com.sun.jndi.rmi.factory.socket}), the connector's own stub speaking TLS, the operator's user name and
 * password sent inside it; this JVM trusts {@link TestKeystore#shared()}'s certificate.
 */
public final class JmxClient {

    /** The JNDI property that gives the RMI registry lookup its sockets (what JConsole sets for an SSL registry). */
    public static final String REGISTRY_SOCKETS = "com.sun.jndi.rmi.factory.socket";

    private JmxClient() {
    }

    public static JMXConnector connect(JMXServiceURL url, String user, String password) throws IOException {
        TestKeystore.shared();
        Map<String, Object> env = new HashMap<>();
        env.put(REGISTRY_SOCKETS, new SslRMIClientSocketFactory());
        if (user != null) {
            env.put(JMXConnector.CREDENTIALS, new String[] {user, password});
        }
        return JMXConnectorFactory.connect(url, env);
    }
}
