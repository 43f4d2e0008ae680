package dev.rampart.hardening.testapp;

import java.io.IOException;
import java.security.Principal;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;

/** Pages, a redirect and endpoints that fail on purpose, each with a status the error pages must cover. */
@Controller
public class TestPagesController {

    public static final String SECRET_SQL = "select * from secret_table";

    public static final String SECRET_PASSWORD = "hunter2-Sesame-42";

    /** Text of every exception thrown here: SQL and a password that must never reach a response. */
    public static final String SECRET_MESSAGE = SECRET_SQL + " where password = '" + SECRET_PASSWORD + "'";

    private static final Logger log = LoggerFactory.getLogger(TestPagesController.class);

    @GetMapping(path = "/page", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    String page() {
        return "<!DOCTYPE html><html lang=\"en\"><head><title>Test page</title></head><body>Test page</body></html>";
    }

    @GetMapping("/redirect")
    String redirect() {
        return "redirect:/page";
    }

    @GetMapping(path = "/account", produces = MediaType.TEXT_PLAIN_VALUE)
    @ResponseBody
    String account(Principal principal) {
        return "Signed in as " + principal.getName();
    }

    @GetMapping(path = "/admin", produces = MediaType.TEXT_PLAIN_VALUE)
    @ResponseBody
    String admin() {
        return "Administration";
    }

    /** Sends the given status through the container's error page, as a filter or controller would. */
    @GetMapping("/status/{code}")
    void sendStatus(@PathVariable int code, HttpServletResponse response) throws IOException {
        response.sendError(code);
    }

    /** Throws an exception that Spring maps to the given status, with the secret text as its reason. */
    @GetMapping("/throw/{code}")
    void throwStatus(@PathVariable int code) {
        throw new ResponseStatusException(HttpStatus.valueOf(code), SECRET_MESSAGE);
    }

    /** Throws an exception that nothing maps, as a failing database query would. */
    @GetMapping("/throw/unhandled")
    void throwUnhandled() {
        throw new IllegalStateException(SECRET_MESSAGE);
    }

    /** Logs one line that carries the marker, so a test can find the line of its own request. */
    @GetMapping(path = "/log", produces = MediaType.TEXT_PLAIN_VALUE)
    @ResponseBody
    String log(@RequestParam String marker) {
        log.info("Test marker {}", marker);
        return "logged";
    }

    /** Includes the page and then logs, to show the request id survives a nested dispatch. */
    @GetMapping("/include")
    void include(@RequestParam String marker, HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        response.setContentType(MediaType.TEXT_HTML_VALUE);
        request.getRequestDispatcher("/page").include(request, response);
        log.info("After include {}", marker);
    }
}
