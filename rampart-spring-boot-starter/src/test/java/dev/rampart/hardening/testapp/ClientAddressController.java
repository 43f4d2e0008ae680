package dev.rampart.hardening.testapp;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Echoes the client address and scheme the request reports, so tests can check what forwarding headers change. */
@RestController
class ClientAddressController {

    @GetMapping(path = "/client-address", produces = MediaType.TEXT_PLAIN_VALUE)
    String clientAddress(HttpServletRequest request) {
        return "addr=" + request.getRemoteAddr() + " host=" + request.getRemoteHost() + " secure="
                + request.isSecure() + " scheme=" + request.getScheme() + " url=" + request.getRequestURL();
    }
}
