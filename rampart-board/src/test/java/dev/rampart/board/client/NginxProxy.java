package dev.rampart.board.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Debian's nginx as a reverse proxy in front of the board, the way docs/OPERATIONS.md configures it: plain HTTP
 * and HTTPS (a fresh self-signed certificate for 127.0.0.1) on free loopback ports, forwarding to the board with
 * {@code X-Forwarded-For $proxy_add_x_forwarded_for} and {@code X-Forwarded-Proto $scheme}. It connects to the
 * board from {@link #PROXY_ADDRESS}, so that the proxy hop has an address of its own to trust.
 */
final class NginxProxy {

    static final Path NGINX = Path.of("/usr/sbin/nginx");

    /** The source address of nginx's connections to the board. */
    static final String PROXY_ADDRESS = "127.0.0.2";

    private final Process process;
    private final Path directory;
    private final int httpPort;
    private final int httpsPort;

    private NginxProxy(Process process, Path directory, int httpPort, int httpsPort) {
        this.process = process;
        this.directory = directory;
        this.httpPort = httpPort;
        this.httpsPort = httpsPort;
    }

    /** Starts nginx in the foreground (no daemon), proxying to the board on 127.0.0.1 and the given port. */
    static NginxProxy start(int boardPort) throws IOException {
        if (!Files.isExecutable(NGINX)) {
            throw new IllegalStateException(NGINX + " is missing. Install Debian's nginx with "
                    + "'apt-get install nginx-light' to run the reverse proxy tests.");
        }
        Path directory = Files.createTempDirectory("rampart-nginx-");
        int httpPort = freePort();
        int httpsPort = freePort();
        run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1",
                "-keyout", "private-key.pem", "-out", "certificate.pem"), directory);
        Path config = directory.resolve("nginx.conf");
        Files.writeString(config, config(directory, boardPort, httpPort, httpsPort));
        Process process = new ProcessBuilder(NGINX.toString(), "-p", directory.toString(), "-c", config.toString(),
                "-e", directory.resolve("error.log").toString(), "-g", "daemon off;")
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("nginx.out").toFile())
                .start();
        NginxProxy proxy = new NginxProxy(process, directory, httpPort, httpsPort);
        proxy.awaitListening();
        return proxy;
    }

    int httpPort() {
        return httpPort;
    }

    int httpsPort() {
        return httpsPort;
    }

    /** Returns a TLS context whose only trusted certificate is the proxy's. */
    SSLContext trustingContext() {
        try (InputStream in = Files.newInputStream(directory.resolve("certificate.pem"))) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("nginx", CertificateFactory.getInstance("X.509").generateCertificate(in));
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
            throw new IllegalStateException("Cannot trust the proxy's test certificate", ex);
        }
    }

    /** Stops the nginx process this object started, and only that one, and deletes its directory. */
    void stop() throws InterruptedException, IOException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static String config(Path directory, int boardPort, int httpPort, int httpsPort) {
        return """
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events {
                    worker_connections 64;
                }
                http {
                    access_log off;
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    server {
                        listen 127.0.0.1:%3$d;
                        listen 127.0.0.1:%4$d ssl;
                        ssl_certificate %1$s/certificate.pem;
                        ssl_certificate_key %1$s/private-key.pem;
                        location / {
                            proxy_pass http://127.0.0.1:%2$d;
                            proxy_bind %5$s;
                            proxy_set_header Host $host;
                            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                            proxy_set_header X-Forwarded-Proto $scheme;
                            proxy_max_temp_file_size 0;
                        }
                    }
                }
                """.formatted(directory, boardPort, httpPort, httpsPort, PROXY_ADDRESS);
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited with " + process.exitValue() + ": " + log());
            }
            if (accepts(httpPort) && accepts(httpsPort)) {
                return;
            }
            sleep();
        }
        process.destroyForcibly();
        throw new IllegalStateException("nginx did not listen within 15 seconds: " + log());
    }

    private String log() throws IOException {
        Path errors = directory.resolve("error.log");
        String output = Files.readString(directory.resolve("nginx.out"));
        return Files.exists(errors) ? output + Files.readString(errors) : output;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void run(List<String> command, Path directory) throws IOException {
        Path log = directory.resolve("openssl.log");
        Process process = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("openssl failed: " + Files.readString(log));
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
