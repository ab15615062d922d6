package dev.wagateway.monitoring;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.rmi.AlreadyBoundException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.RMIClientSocketFactory;
import java.rmi.server.UnicastRemoteObject;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import javax.management.remote.JMXAuthenticator;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXPrincipal;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import javax.management.remote.rmi.RMIJRMPServerImpl;
import javax.rmi.ssl.SslRMIClientSocketFactory;
import javax.security.auth.Subject;

import dev.wagateway.operator.OperatorLogin;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Remote JMX on one port ({@code JMX_PORT}) of one address ({@code JMX_HOST}, 127.0.0.1 by default), so JConsole or
 * VisualVM connect with {@code host:port}. Never open and unauthenticated by accident, never a password in clear:
 * with {@code OPERATOR_PASSWORD} the registry and the connector speak TLS only ({@code JMX_KEYSTORE}) and ask for the
 * operator's user name and password; without one they listen on a loopback address only (an SSH tunnel), without
 * login. Unsafe settings stop start-up ({@link JmxEndpoint}).
 *
 * <p>The connector's stub is put into the registry in process, as the JDK's own agent does: the service never
 * connects to itself, so it needs no trust store of its own.
 */
@Component
public class RemoteJmx {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteJmx.class);
    private static final String NAME = "jmxrmi";

    private final JmxSettings settings;
    private final JmxEndpoint endpoint;
    private final OperatorLogin login;
    private JMXConnectorServer server;
    private Registry registry;
    private JMXServiceURL url;

    public RemoteJmx(JmxSettings settings, OperatorLogin login) {
        this.settings = settings;
        this.login = login;
        this.endpoint = settings.port() == null ? null : JmxEndpoint.of(settings, login.configured());
    }

    @EventListener(ApplicationReadyEvent.class)
    public synchronized void start() throws IOException {
        if (endpoint == null || server != null) {
            return;
        }
        JmxSockets sockets = endpoint.sockets();
        RMIClientSocketFactory clientSockets = sockets.tls() ? new SslRMIClientSocketFactory() : null;
        System.setProperty("java.rmi.server.hostname", endpoint.hostname());
        int port = settings.port() == 0 ? freePort() : settings.port();
        registry = LocateRegistry.createRegistry(port, clientSockets, sockets);
        Map<String, Object> env = new HashMap<>();
        env.put(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, sockets);
        if (clientSockets != null) {
            env.put(RMIConnectorServer.RMI_CLIENT_SOCKET_FACTORY_ATTRIBUTE, clientSockets);
        }
        if (login.configured()) {
            env.put(JMXConnectorServer.AUTHENTICATOR, (JMXAuthenticator) this::authenticate);
        }
        String urlHost = endpoint.hostname().contains(":") ? "[" + endpoint.hostname() + "]" : endpoint.hostname();
        RMIJRMPServerImpl connector = new RMIJRMPServerImpl(port, clientSockets, sockets, env);
        server = new RMIConnectorServer(new JMXServiceURL("service:jmx:rmi://" + urlHost + ":" + port), env,
                connector, ManagementFactory.getPlatformMBeanServer());
        server.start();
        try {
            registry.bind(NAME, connector.toStub());
        } catch (AlreadyBoundException e) {
            throw new IllegalStateException(e);
        }
        url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://" + urlHost + ":" + port + "/" + NAME);
        if (login.configured()) {
            LOG.info("Remote JMX on {}:{} over TLS, for user {}", settings.host(), port, login.user());
        } else {
            LOG.warn("Remote JMX on {}:{} only, without authentication: set OPERATOR_PASSWORD and JMX_KEYSTORE to open"
                    + " it to the network", settings.host(), port);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    /** The URL JConsole's "Remote Process" accepts; null while remote JMX is off. */
    public JMXServiceURL url() {
        return url;
    }

    /** Whether the registry and the connector speak TLS (a password is set). */
    public boolean tls() {
        return endpoint != null && endpoint.sockets().tls();
    }

    @PreDestroy
    public synchronized void stop() throws IOException {
        if (server != null) {
            server.stop();
            UnicastRemoteObject.unexportObject(registry, true);
            server = null;
            url = null;
        }
    }

    private Subject authenticate(Object credentials) {
        if (credentials instanceof String[] pair && pair.length == 2 && login.matches(pair[0], pair[1])) {
            return new Subject(true, Set.of(new JMXPrincipal(pair[0])), Set.of(), Set.of());
        }
        throw new SecurityException("Wrong JMX user name or password");
    }
}
