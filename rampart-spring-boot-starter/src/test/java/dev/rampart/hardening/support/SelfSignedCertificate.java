package dev.rampart.hardening.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for 127.0.0.1 and localhost with its private key, written as PEM files by the
 * {@code openssl} command, and a TLS context that trusts exactly that certificate.
 */
public record SelfSignedCertificate(Path certificate, Path privateKey) {

    /** Generates a fresh key pair and certificate in a new directory under the temporary directory. */
    public static SelfSignedCertificate generate() {
        try {
            Path directory = Files.createTempDirectory("rampart-tls-");
            Path certificate = directory.resolve("certificate.pem");
            Path privateKey = directory.resolve("private-key.pem");
            Path log = directory.resolve("openssl.log");
            // The JVM deletes in reverse order of registration, so the files go before their directory.
            for (Path path : List.of(directory, certificate, privateKey, log)) {
                path.toFile().deleteOnExit();
            }
            run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                    "-keyout", privateKey.toString(), "-out", certificate.toString()), directory, log);
            return new SelfSignedCertificate(certificate, privateKey);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Returns a TLS context whose only trusted certificate is this one. */
    public SSLContext trustingContext() {
        try (InputStream in = Files.newInputStream(certificate)) {
            Certificate trusted = CertificateFactory.getInstance("X.509").generateCertificate(in);
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("rampart-test", trusted);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("Cannot trust the test certificate " + certificate, ex);
        }
    }

    private static void run(List<String> command, Path directory, Path log) throws IOException {
        Process process = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("openssl did not finish within 60 seconds: " + command);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("Interrupted while generating the test certificate", ex);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("openssl failed with exit code " + process.exitValue() + ": "
                    + Files.readString(log));
        }
    }
}
