package dev.wagateway.monitoring;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.rmi.server.RMIServerSocketFactory;
import java.util.Objects;

import javax.net.ssl.SSLContext;

/**
 * The server sockets of remote JMX: bound to {@code JMX_HOST}'s address only, and TLS when there is a keystore. Two
 * equal factories share one port, so the RMI registry and the connector listen on {@code JMX_PORT} together.
 */
final class JmxSockets implements RMIServerSocketFactory {

    private static final int BACKLOG = 50;

    private final InetAddress address;
    private final SSLContext tls;

    /** @param tls the connector's key and certificate; null: plain TCP (loopback only, without a password) */
    JmxSockets(InetAddress address, SSLContext tls) {
        this.address = address;
        this.tls = tls;
    }

    boolean tls() {
        return tls != null;
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        return tls == null ? new ServerSocket(port, BACKLOG, address)
                : tls.getServerSocketFactory().createServerSocket(port, BACKLOG, address);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JmxSockets sockets && sockets.address.equals(address) && sockets.tls == tls;
    }

    @Override
    public int hashCode() {
        return Objects.hash(address, tls == null ? 0 : System.identityHashCode(tls));
    }
}
