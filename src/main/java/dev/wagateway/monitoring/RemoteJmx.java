package dev.wagateway.monitoring;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.RMIServerSocketFactory;
import java.rmi.server.UnicastRemoteObject;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import javax.management.remote.JMXAuthenticator;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXPrincipal;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import javax.security.auth.Subject;

import dev.wagateway.operator.OperatorLogin;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Remote JMX on one port ({@code JMX_PORT}), so JConsole or VisualVM connect with {@code host:port}. Never open
 * and unauthenticated by accident: with {@code OPERATOR_PASSWORD} it listens on every interface and asks for the
 * operator's user name and password; without one it listens on 127.0.0.1 only (reach it through an SSH tunnel).
 */
@Component
public class RemoteJmx {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteJmx.class);

    private final JmxSettings settings;
    private final OperatorLogin login;
    private JMXConnectorServer server;
    private Registry registry;
    private JMXServiceURL url;

    public RemoteJmx(JmxSettings settings, OperatorLogin login) {
        this.settings = settings;
        this.login = login;
    }

    @EventListener(ApplicationReadyEvent.class)
    public synchronized void start() throws IOException {
        if (settings.port() == null || server != null) {
            return;
        }
        boolean authenticated = login.configured();
        RMIServerSocketFactory sockets = authenticated ? null : new LoopbackSockets();
        String host = settings.hostname() != null && !settings.hostname().isBlank() ? settings.hostname()
                : authenticated ? InetAddress.getLocalHost().getHostName() : "127.0.0.1";
        System.setProperty("java.rmi.server.hostname", host);
        int port = settings.port() == 0 ? freePort() : settings.port();
        registry = LocateRegistry.createRegistry(port, null, sockets);
        Map<String, Object> env = new HashMap<>();
        if (sockets != null) {
            env.put(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, sockets);
        }
        if (authenticated) {
            env.put(JMXConnectorServer.AUTHENTICATOR, (JMXAuthenticator) this::authenticate);
        }
        url = new JMXServiceURL("service:jmx:rmi://" + host + ":" + port + "/jndi/rmi://" + host + ":" + port
                + "/jmxrmi");
        server = JMXConnectorServerFactory.newJMXConnectorServer(url, env, ManagementFactory.getPlatformMBeanServer());
        server.start();
        if (authenticated) {
            LOG.info("Remote JMX on port {} (all interfaces), for user {}", port, login.user());
        } else {
            LOG.warn("Remote JMX on 127.0.0.1:{} only, without authentication: set OPERATOR_PASSWORD to open it to the"
                    + " network", port);
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

    @PreDestroy
    public synchronized void stop() throws IOException {
        if (server != null) {
            server.stop();
            UnicastRemoteObject.unexportObject(registry, true);
            server = null;
        }
    }

    private Subject authenticate(Object credentials) {
        if (credentials instanceof String[] pair && pair.length == 2 && login.matches(pair[0], pair[1])) {
            return new Subject(true, Set.of(new JMXPrincipal(pair[0])), Set.of(), Set.of());
        }
        throw new SecurityException("Wrong JMX user name or password");
    }

    /** Server sockets bound to the loopback address only; equal to each other, so registry and connector share a port. */
    private static final class LoopbackSockets implements RMIServerSocketFactory {
        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            return new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof LoopbackSockets;
        }

        @Override
        public int hashCode() {
            return LoopbackSockets.class.hashCode();
        }
    }
}
