package dev.rampart.hardening.support;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/** A response as received: status, headers and the raw body. */
public record TestResponse(int status, HttpHeaders headers, byte[] bytes) {

    public String body() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Returns the first value of a header, or the empty string when it is absent. */
    public String header(String name) {
        return headers.firstValue(name).orElse("");
    }

    public boolean hasHeader(String name) {
        return headers.firstValue(name).isPresent();
    }
}
