package dev.wagateway.monitoring;

import java.net.InetAddress;
import java.net.UnknownHostException;

import dev.wagateway.config.InvalidSetting;

/**
 * Where and how remote JMX listens, from {@link JmxSettings}, refusing what would leak: with a password, TLS from the
 * keystore (the password never crosses the network in clear); without one, a loopback address only and no login.
 *
 * @param sockets  the server sockets: bound to {@code JMX_HOST}, TLS with a password
 * @param hostname the name the RMI stubs carry, which clients connect to
 */
record JmxEndpoint(JmxSockets sockets, String hostname) {

    static final String HOST = "jmx.host";

    /** {@code authenticated}: the operator's password is set ({@code OperatorLogin}). */
    static JmxEndpoint of(JmxSettings settings, boolean authenticated) {
        InetAddress address = address(settings.host());
        if (!authenticated && !address.isLoopbackAddress()) {
            throw new InvalidSetting(HOST, settings.host(), "a loopback address (127.0.0.1) while OPERATOR_PASSWORD is"
                    + " empty: without a password remote JMX is never open to the network (set OPERATOR_PASSWORD and"
                    + " JMX_KEYSTORE to open it)");
        }
        JmxSockets sockets = new JmxSockets(address, authenticated ? JmxKeystore.tls(settings) : null);
        return new JmxEndpoint(sockets, hostname(settings, address));
    }

    private static InetAddress address(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new InvalidSetting(HOST, host, "an IP address or host name of this machine, e.g. 127.0.0.1", e);
        }
    }

    private static String hostname(JmxSettings settings, InetAddress address) {
        if (settings.hostname() != null && !settings.hostname().isBlank()) {
            return settings.hostname();
        }
        if (!address.isAnyLocalAddress()) {
            return address.getHostAddress();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
