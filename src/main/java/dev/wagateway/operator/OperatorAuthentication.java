package dev.wagateway.operator;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * Checks a user name and password (HTTP Basic, the console's login form) against {@link OperatorLogin}, in constant
 * time; a match is the operator ({@code ROLE_OPERATOR}). Being the one {@link AuthenticationProvider}, it also keeps
 * Spring Boot from making a user with a generated password.
 */
@Component
public class OperatorAuthentication implements AuthenticationProvider {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorAuthentication.class);
    static final String ROLE = "OPERATOR";
    static final List<SimpleGrantedAuthority> AUTHORITIES = List.of(new SimpleGrantedAuthority("ROLE_" + ROLE));

    private final OperatorLogin login;

    public OperatorAuthentication(OperatorLogin login) {
        this.login = login;
    }

    @Override
    public Authentication authenticate(Authentication given) {
        String user = given.getName();
        Object password = given.getCredentials();
        if (password instanceof String secret && login.matches(user, secret)) {
            return UsernamePasswordAuthenticationToken.authenticated(user, null, AUTHORITIES);
        }
        throw new BadCredentialsException("Wrong user name or password");
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    @EventListener(ApplicationReadyEvent.class)
    void warnWhenNoPassword() {
        if (!login.configured()) {
            LOG.warn("OPERATOR_PASSWORD is not set: the web console (/actuator/hawtio) and HTTP Basic accept no login;"
                    + " the operator key still opens the actuator");
        }
    }
}
