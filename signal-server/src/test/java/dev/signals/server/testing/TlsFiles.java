package dev.signals.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway self-signed certificate for 127.0.0.1 and localhost (made with {@code openssl},
 * which {@code scripts/test.sh} installs), its key, and a PKCS12 trust store holding it, plus the
 * JVM options that make a child node trust it. Deleted on close.
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
