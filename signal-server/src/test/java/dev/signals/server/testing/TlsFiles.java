package dev.signals.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway self-signed certificate for 127.0.0.1 and localhost (made with {@code openssl},
 * which {@code scripts/test.sh} installs), its key, and a PKCS12 trust store holding it, plus the
 * JVM options that make a child node trust it, and {@link #redisServerArgs} for a
 * {@code redis-server} that serves with it ({@link RedisProcess#startTls}). Deleted on close.
 */
public final class TlsFiles implements AutoCloseable {
    private final Path dir;

    private TlsFiles(Path dir) {
        this.dir = dir;
    }

    public static TlsFiles create() throws IOException, InterruptedException {
        TlsFiles files = new TlsFiles(Files.createTempDirectory("redis-tls"));
        files.run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
                "-keyout", "key.pem", "-out", "cert.pem", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost");
        files.run("keytool", "-importcert", "-noprompt", "-alias", "redis", "-file", "cert.pem",
                "-keystore", "trust.p12", "-storetype", "PKCS12", "-storepass", "changeit");
        return files;
    }

    public Path cert() {
        return dir.resolve("cert.pem");
    }

    public Path key() {
        return dir.resolve("key.pem");
    }

    /**
     * The {@code redis-server} options that make it serve TLS with this certificate, also as the CA
     * it checks other servers by (a Cluster's bus, replication); clients need no certificate.
     */
    public List<String> redisServerArgs() {
        return List.of("--tls-cert-file", cert().toString(), "--tls-key-file", key().toString(),
                "--tls-ca-cert-file", cert().toString(), "--tls-auth-clients", "no");
    }

    /** Sockets for this test JVM that trust the certificate (and nothing else). */
    public SSLSocketFactory trustingSockets() throws IOException {
        try (InputStream in = Files.newInputStream(dir.resolve("trust.p12"))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, "changeit".toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** {@code -Djavax.net.ssl.trustStore…} options for a {@link ChildNode} that must trust the certificate. */
    public List<String> trustingJvm() {
        return List.of("-Djavax.net.ssl.trustStore=" + dir.resolve("trust.p12"),
                "-Djavax.net.ssl.trustStorePassword=changeit", "-Djavax.net.ssl.trustStoreType=PKCS12");
    }

    private void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("tool.log").toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + Files.readString(dir.resolve("tool.log")));
        }
    }

    @Override
    public void close() throws IOException {
        try (var files = Files.list(dir)) {
            files.forEach(f -> f.toFile().delete());
        }
        Files.deleteIfExists(dir);
    }
}
