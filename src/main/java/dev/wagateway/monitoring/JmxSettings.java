package dev.wagateway.monitoring;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Remote JMX, off unless {@code port} is set; its login is the operator's ({@code OperatorLogin}).
 *
 * @param port     the one TCP port of the RMI registry and connector (JConsole: {@code host:port}); null: no remote
 *                 JMX; 0: a free port (tests)
 * @param hostname the host name remote clients use to reach this service (RMI stubs carry it); empty: the default
 */
@Validated
@ConfigurationProperties(prefix = "jmx")
public record JmxSettings(
        @Min(value = 0, message = "a TCP port from 0 to 65535, or empty") @Max(value = 65535,
                message = "a TCP port from 0 to 65535, or empty") Integer port,
        String hostname) {
}
