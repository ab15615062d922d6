package dev.wagateway.monitoring;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Remote JMX, off unless {@code port} is set.
 *
 * @param port     the one TCP port of the RMI registry and connector (JConsole: {@code host:port}); null: no remote
 *                 JMX; 0: a free port (tests)
 * @param username the operator's user name
 * @param password the operator's password; empty: the connector listens on 127.0.0.1 only, without authentication
 * @param hostname the host name remote clients use to reach this service (RMI stubs carry it); empty: the default
 */
@Validated
@ConfigurationProperties(prefix = "jmx")
public record JmxSettings(
        @Min(value = 0, message = "a TCP port from 0 to 65535, or empty") @Max(value = 65535,
                message = "a TCP port from 0 to 65535, or empty") Integer port,
        @NotBlank(message = "a user name, e.g. operator") @DefaultValue("operator") String username,
        String password,
        String hostname) {

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
