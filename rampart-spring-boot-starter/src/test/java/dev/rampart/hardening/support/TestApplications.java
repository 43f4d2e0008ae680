package dev.rampart.hardening.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.rampart.hardening.testapp.HardeningTestApplication;

/**
 * Starts the test application outside Spring's test context cache, for tests that need settings the
 * environment post-processor must see or that expect start-up to fail.
 */
public final class TestApplications {

    private TestApplications() {
    }

    /**
     * Starts the test application on a random port, with its management server on another random port.
     * Properties ({@code name=value}) are passed as command-line arguments, the way an operator overrides a
     * setting, and come after the random ports, so a test can replace either.
     */
    public static ConfigurableApplicationContext start(List<String> profiles, String... properties) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--management.server.port=0"));
        for (String property : properties) {
            args.add("--" + property);
        }
        return new SpringApplicationBuilder(HardeningTestApplication.class)
                .profiles(profiles.toArray(String[]::new))
                .run(args.toArray(String[]::new));
    }

    /** Returns the port the main connector of a started application listens on. */
    public static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** Returns a loopback port that was free a moment ago, for a second connector the test must know in advance. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
