package dev.wagateway.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The {@code local} profile ({@code ./mvnw spring-boot:run}, application-local.yml) runs with fixed keys that the
 * README publishes: one WARN line at start-up says they are for local use only. It names the settings, never their
 * values.
 */
@Component
@Profile("local")
public class LocalProfileWarning {

    static final String WARNING = "Profile local: ADMIN_API_KEY, SECRETS_KEY, OPERATOR_PASSWORD, WHATSAPP_VERIFY_TOKEN and"
            + " WHATSAPP_APP_SECRET are application-local.yml's published values unless set: for local use only, never"
            + " on a host others can reach";

    private static final Logger LOG = LoggerFactory.getLogger(LocalProfileWarning.class);

    public LocalProfileWarning() {
        LOG.warn(WARNING);
    }
}
