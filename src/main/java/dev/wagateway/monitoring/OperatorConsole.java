package dev.wagateway.monitoring;

import java.util.Map;

import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;
import javax.security.auth.login.Configuration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console's login: hawtio authenticates through JAAS realm {@code hawtio}, answered here by
 * {@link OperatorLoginModule} with the operator of remote JMX. Without {@code JMX_PASSWORD} nobody can log in.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class OperatorConsole {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorConsole.class);
    static final String REALM = "hawtio";

    public OperatorConsole(JmxSettings settings) {
        if (!settings.authenticated()) {
            LOG.warn("JMX_PASSWORD is not set: the web console (/actuator/hawtio) accepts no login");
        }
        Configuration previous = previous();
        AppConfigurationEntry[] operator = {new AppConfigurationEntry(OperatorLoginModule.class.getName(),
                LoginModuleControlFlag.REQUIRED, Map.of(OperatorLoginModule.SETTINGS, settings))};
        Configuration.setConfiguration(new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return REALM.equals(name) ? operator : previous == null ? null : previous.getAppConfigurationEntry(name);
            }
        });
    }

    private static Configuration previous() {
        try {
            return Configuration.getConfiguration();
        } catch (SecurityException noDefault) {
            return null;
        }
    }
}
