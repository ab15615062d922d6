package dev.wagateway.monitoring;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Remote JMX, off unless {@code port} is set.
 *
 * @param port     the one TCP port of the RMI registry and connector (JConsole: {@code host:port}); null: no remote
 *                 JMX; 0: a free port (tests)
 * @param username the operator's user name
 * @param password the operator's password; empty: the connector listens on 127.0.0.1 only, without authentication
 * @param hostname the host name remote clients use to reach this service (RMI stubs carry it); empty: the default
 */
@ConfigurationProperties(prefix = "jmx")
public record JmxSettings(Integer port, String username, String password, String hostname) {

    public boolean authenticated() {
        return password != null && !password.isBlank();
    }

    /** Whether these are the operator's user name and password (compared in constant time); never without a password. */
    public boolean isOperator(String givenUsername, String givenPassword) {
        return authenticated() && givenUsername != null && givenPassword != null
                & MessageDigest.isEqual(utf8(givenUsername), utf8(username == null ? "" : username))
                & MessageDigest.isEqual(utf8(givenPassword), utf8(password));
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
