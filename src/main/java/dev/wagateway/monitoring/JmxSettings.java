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
 * @param port             the one TCP port of the RMI registry and connector (JConsole: {@code host:port}); null: no
 *                         remote JMX; 0: a free port (tests)
 * @param username         the operator's user name ({@code OPERATOR_USER})
 * @param password         the operator's password ({@code OPERATOR_PASSWORD}); empty: the connector listens on a
 *                         loopback address only, without authentication or TLS
 * @param hostname         the host name remote clients use to reach this service (RMI stubs carry it); empty: the
 *                         bound {@code host}, or this machine's name when bound to every interface
 * @param host             the address the registry and the connector listen on; anything but a loopback address
 *                         wants a password (and so TLS); {@code 0.0.0.0}: every interface
 * @param keystore         a PKCS12 keystore with the connector's private key and certificate: TLS, required with a
 *                         password
 * @param keystorePassword the keystore's password (also its key's)
 */
@Validated
@ConfigurationProperties(prefix = "jmx")
public record JmxSettings(
        @Min(value = 0, message = "a TCP port from 0 to 65535, or empty") @Max(value = 65535,
                message = "a TCP port from 0 to 65535, or empty") Integer port,
        @NotBlank(message = "a user name, e.g. operator") @DefaultValue("operator") String username,
        String password,
        String hostname,
        @NotBlank(message = "an IP address or host name of this machine, e.g. 127.0.0.1")
        @DefaultValue("127.0.0.1") String host,
        String keystore,
        String keystorePassword) {

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
