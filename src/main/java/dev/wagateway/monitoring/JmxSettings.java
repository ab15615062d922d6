package dev.wagateway.monitoring;

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
}
