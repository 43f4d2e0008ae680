package dev.rampart.hardening.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Sends a request line exactly as written over a socket to 127.0.0.1, for request targets that HTTP client
 * libraries normalise or refuse ({@code //page}, {@code /page;x=1}, encoded slashes). One response per connection.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** Sends {@code GET target HTTP/1.1} and returns the raw response, headers and body as text. */
    public static String get(int port, String target) {
        String request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n";
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Returns the status code of a raw response. */
    public static int status(String response) {
        return Integer.parseInt(response.substring(9, 12));
    }
}
