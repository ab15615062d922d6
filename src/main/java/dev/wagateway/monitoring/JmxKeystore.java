package dev.wagateway.monitoring;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Collections;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import dev.wagateway.config.InvalidSetting;

/**
 * The connector's TLS from {@code JMX_KEYSTORE} (PKCS12) and {@code JMX_KEYSTORE_PASSWORD}; a keystore that is not
 * there, does not open or holds no private key stops start-up with one line ({@link InvalidSetting}).
 */
final class JmxKeystore {

    static final String KEYSTORE = "jmx.keystore";
    static final String PASSWORD = "jmx.keystore-password";

    private JmxKeystore() {
    }

    static SSLContext tls(JmxSettings settings) {
        String location = settings.keystore();
        if (location == null || location.isBlank()) {
            throw new InvalidSetting(KEYSTORE, null, "a PKCS12 keystore with the connector's TLS key and certificate"
                    + " whenever OPERATOR_PASSWORD and JMX_PORT are set, so the password never crosses the network in"
                    + " clear (docs/security.md, Remote JMX)");
        }
        Path path = Path.of(location);
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new InvalidSetting(KEYSTORE, location, "a readable PKCS12 keystore file");
        }
        char[] password = settings.keystorePassword() == null ? new char[0] : settings.keystorePassword().toCharArray();
        KeyStore store = load(path, location, settings.keystorePassword(), password);
        try {
            if (Collections.list(store.aliases()).stream().noneMatch(alias -> isKey(store, alias))) {
                throw new InvalidSetting(KEYSTORE, location,
                        "a keystore holding a private key and its certificate (keytool -genkeypair)");
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(keys.getKeyManagers(), null, null);
            return tls;
        } catch (UnrecoverableKeyException e) {
            throw new InvalidSetting(PASSWORD, settings.keystorePassword(),
                    "the password of JMX_KEYSTORE's private key (the same as the keystore's)", e);
        } catch (GeneralSecurityException e) {
            throw new InvalidSetting(KEYSTORE, location, "a PKCS12 keystore the JDK can use: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Path path, String location, String shownPassword, char[] password) {
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new InvalidSetting(PASSWORD, shownPassword, "the password of JMX_KEYSTORE", e);
            }
            throw new InvalidSetting(KEYSTORE, location, "a PKCS12 keystore file (" + e.getMessage() + ")", e);
        } catch (GeneralSecurityException e) {
            throw new InvalidSetting(KEYSTORE, location, "a PKCS12 keystore the JDK can read: " + e.getMessage(), e);
        }
    }

    private static boolean isKey(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
