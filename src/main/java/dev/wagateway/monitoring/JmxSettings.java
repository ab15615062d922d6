package dev.wagateway.monitoring;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Remote JMX, off unless {@code port} is set; its login is the operator's ({@code OperatorLogin}).
 *
 * @param port             the one TCP port of the RMI registry and connector (JConsole: {@code host:port}); null: no
 *                         remote JMX; 0: a free port (tests)
 * @param hostname         the host name remote clients use to reach this service (RMI stubs carry it); empty: the
 *                         bound {@code host}, or this machine's name when bound to every interface
 * @param host             the address the registry and the connector listen on; anything but a loopback address
 *                         wants the operator's password (and so TLS); {@code 0.0.0.0}: every interface
 * @param keystore         a PKCS12 keystore with the connector's private key and certificate: TLS, required with the
 *                         operator's password
 * @param keystorePassword the keystore's password (also its key's)
 */
@Validated
@ConfigurationProperties(prefix = "jmx")
public record JmxSettings(
        @Min(value = 0, message = "a TCP port from 0 to 65535, or empty") @Max(value = 65535,
                message = "a TCP port from 0 to 65535, or empty") Integer port,
        String hostname,
        @NotBlank(message = "an IP address or host name of this machine, e.g. 127.0.0.1")
        @DefaultValue("127.0.0.1") String host,
        String keystore,
        String keystorePassword) {
}
