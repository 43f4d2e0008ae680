package dev.rampart.board.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Sends a request exactly as written over a socket, for hostile inputs that HTTP client libraries refuse to
 * send: raw request targets ({@code //admin}, {@code /admin;x=1}, backslashes), forged Host headers and bare
 * control characters. The connection is closed after one response.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** Sends {@code METHOD target HTTP/1.1} with the given extra header lines and returns the raw response. */
    public static RawResponse send(int port, String method, String target, String... headerLines) {
        StringBuilder request = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
        boolean hasHost = false;
        for (String line : headerLines) {
            request.append(line).append("\r\n");
            hasHost |= line.regionMatches(true, 0, "Host:", 0, 5);
        }
        if (!hasHost) {
            request.append("Host: 127.0.0.1:").append(port).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return RawResponse.parse(readAll(socket.getInputStream()));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The status and the header block (lower-cased names) and body of a raw response. */
    public record RawResponse(int status, String head, String body) {

        static RawResponse parse(String raw) {
            int split = raw.indexOf("\r\n\r\n");
            String head = split < 0 ? raw : raw.substring(0, split);
            String body = split < 0 ? "" : raw.substring(split + 4);
            int status = Integer.parseInt(head.substring(9, 12));
            return new RawResponse(status, head, body);
        }

        /** Returns the first value of a header, or the empty string. */
        public String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).strip();
                }
            }
            return "";
        }
    }
}
