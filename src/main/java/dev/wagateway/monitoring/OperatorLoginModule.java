package dev.wagateway.monitoring;

import java.io.IOException;
import java.security.Principal;
import java.util.Map;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

import io.hawt.web.auth.RolePrincipal;

/**
 * The JAAS login of the web console (hawtio's realm {@code hawtio}): the operator's user name and password, as for
 * remote JMX, given to it as options by {@link OperatorConsole}. A successful login carries the role hawtio asks for.
 */
public class OperatorLoginModule implements LoginModule {

    static final String ROLE = "operator";
    /** The option that carries the operator's {@link JmxSettings}. */
    static final String SETTINGS = "settings";

    private record Operator(String name) implements Principal {
        @Override
        public String getName() {
            return name;
        }
    }

    private Subject subject;
    private CallbackHandler callbacks;
    private JmxSettings settings;
    private String authenticated;

    @Override
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState,
            Map<String, ?> options) {
        this.subject = subject;
        this.callbacks = callbackHandler;
        this.settings = (JmxSettings) options.get(SETTINGS);
    }

    @Override
    public boolean login() throws LoginException {
        NameCallback name = new NameCallback("user");
        PasswordCallback secret = new PasswordCallback("password", false);
        try {
            callbacks.handle(new Callback[] {name, secret});
        } catch (IOException | UnsupportedCallbackException e) {
            throw new LoginException("cannot read the credentials: " + e.getMessage());
        }
        char[] given = secret.getPassword();
        boolean ok = given != null && settings.isOperator(name.getName(), new String(given));
        secret.clearPassword();
        if (!ok) {
            throw new FailedLoginException("wrong user name or password");
        }
        authenticated = name.getName();
        return true;
    }

    @Override
    public boolean commit() {
        if (authenticated == null) {
            return false;
        }
        subject.getPrincipals().add(new Operator(authenticated));
        subject.getPrincipals().add(new RolePrincipal(ROLE));
        return true;
    }

    @Override
    public boolean abort() {
        authenticated = null;
        return true;
    }

    @Override
    public boolean logout() {
        subject.getPrincipals().removeIf(p -> p instanceof Operator || p instanceof RolePrincipal);
        authenticated = null;
        return true;
    }
}
