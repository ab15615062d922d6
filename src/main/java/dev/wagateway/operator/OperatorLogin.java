package dev.wagateway.operator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The operator's login ({@code OPERATOR_USER} / {@code OPERATOR_PASSWORD}): HTTP Basic and the console's login form
 * on the operator's surfaces ({@link OperatorSecurity}), and remote JMX. Without a password nobody logs in this way
 * (the operator key still opens the actuator).
 *
 * @param user     the operator's user name
 * @param password the operator's password; empty: no login accepted
 */
@Validated
@ConfigurationProperties(prefix = "operator")
public record OperatorLogin(
        @NotBlank(message = "a user name, e.g. operator") @DefaultValue("operator") String user,
        String password) {

    /** Whether a password is set: without one, no login is accepted. */
    public boolean configured() {
        return password != null && !password.isBlank();
    }

    /** Whether these are the operator's user name and password (compared in constant time); never without a password. */
    public boolean matches(String givenUser, String givenPassword) {
        return configured() && givenUser != null && givenPassword != null
                & MessageDigest.isEqual(utf8(givenUser), utf8(user == null ? "" : user))
                & MessageDigest.isEqual(utf8(givenPassword), utf8(password));
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
