package dev.rampart.board.operations;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The status line and headers of one response, read up to the blank line. The body stays unread. */
record RawReply(int status, String head) {

    /**
     * Sends {@code GET target} to 127.0.0.1 on a new connection, closed after the response, and reads the
     * response head. Connecting and reading each give up after {@code timeout}.
     */
    static RawReply get(int port, String target, Duration timeout) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return read(socket.getInputStream());
        }
    }

    /** Reads a response head, failing with IOException when the connection closes before its end. */
    static RawReply read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        byte[] end = {'\r', '\n', '\r', '\n'};
        int matched = 0;
        while (matched < end.length) {
            int next = in.read();
            if (next < 0) {
                throw new IOException("Connection closed before a complete response head: " + head);
            }
            head.write(next);
            if (next == end[matched]) {
                matched++;
            }
            else {
                matched = next == '\r' ? 1 : 0;
            }
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return new RawReply(Integer.parseInt(text.substring(9, 12)), text);
    }

    /** Returns the first value of a header, or the empty string. */
    String header(String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                return line.substring(colon + 1).strip();
            }
        }
        return "";
    }
}
