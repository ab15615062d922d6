package dev.wagateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A PKCS12 keystore made at test time by the JDK's own {@code keytool}, as docs/security.md tells an operator to make
 * one: a private key and its self-signed certificate, for remote JMX over TLS. Nothing binary is committed.
 * {@link #shared()} is the test JVM's one, whose certificate this JVM's TLS clients trust.
 */
public final class TestKeystore {

    private static final String ALIAS = "jmx";
    private static TestKeystore shared;

    private final Path path;
    private final String password;
    private final X509Certificate certificate;

    private TestKeystore(Path path, String password, X509Certificate certificate) {
        this.path = path;
        this.password = password;
        this.certificate = certificate;
    }

    /**
     * The JVM's keystore (a temporary directory's {@code jmx.p12}, deleted when the JVM exits), made on the first
     * call; from then on the default {@link SSLContext} of this JVM trusts its certificate beside the JDK's
     * authorities, as JConsole does when started with {@code -J-Djavax.net.ssl.trustStore=…}:
     * {@code javax.rmi.ssl.SslRMIClientSocketFactory} uses that default.
     */
    public static synchronized TestKeystore shared() {
        if (shared == null) {
            try {
                Path directory = Files.createTempDirectory("test-keystore-"); // one per JVM: no race between JVMs
                directory.toFile().deleteOnExit();
                shared = generate(directory, "jmx", "test-keystore-password");
                shared.path().toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            shared.trustInThisJvm();
        }
        return shared;
    }

    /** A new keystore {@code <name>.p12} in {@code directory} (replacing one of that name). */
    public static TestKeystore generate(Path directory, String name, String password) {
        try {
            Files.createDirectories(directory);
            Path path = directory.resolve(name + ".p12");
            Files.deleteIfExists(path);
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-noprompt",
                    "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                    "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "30", "-storetype", "PKCS12",
                    "-keystore", path.toString(), "-storepass", password, "-keypass", password))
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            return new TestKeystore(path, password, (X509Certificate) load(path, password).getCertificate(ALIAS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Path path() {
        return path;
    }

    public String password() {
        return password;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** A keystore file with this certificate only, no private key (what a trust store holds). */
    public Path certificateOnly(Path directory) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry(ALIAS, certificate);
            Path file = directory.resolve("certificate-only.p12");
            try (var out = Files.newOutputStream(file)) {
                store.store(out, password.toCharArray());
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void trustInThisJvm() {
        try {
            TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            defaults.init((KeyStore) null);
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            int n = 0;
            for (X509Certificate authority : ((X509TrustManager) defaults.getTrustManagers()[0]).getAcceptedIssuers()) {
                trusted.setCertificateEntry("authority-" + n++, authority);
            }
            trusted.setCertificateEntry("test-jmx", certificate);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            SSLContext.setDefault(context);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyStore load(Path path, String password) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            return store;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
