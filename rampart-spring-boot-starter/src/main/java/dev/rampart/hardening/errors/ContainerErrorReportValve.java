package dev.rampart.hardening.errors;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.web.util.HtmlUtils;

import dev.rampart.hardening.headers.SecurityHeaders;

/**
 * Replaces Tomcat's error report, which responds to requests that the container rejects before any filter or servlet
 * runs (an encoded slash or NUL in the path, a request line or header over the size limit). Tomcat's own page
 * carries none of the security headers and an inline style that the CSP forbids. This one sends the headers and
 * the same fixed title and advice as {@link ProblemErrorController}, as HTML or, for JSON clients, RFC 9457
 * problem details. It has no request id to show, because the request never reached {@link RequestIdFilter}.
 */
public class ContainerErrorReportValve extends ErrorReportValve {

    private final SecurityHeaders headers;

    public ContainerErrorReportValve(SecurityHeaders headers) {
        this.headers = headers;
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // A response with a body was rendered by the application, which already sent the headers.
        if (status < 400 || response.getContentWritten() > 0 || response.isCommitted()) {
            return;
        }
        headers.writeTo(request, response);
        ErrorView error = ErrorView.of(status, "none");
        boolean json = acceptsJson(request.getHeader("Accept"));
        response.setContentType(json ? "application/problem+json" : "text/html");
        response.setCharacterEncoding("UTF-8");
        try {
            PrintWriter writer = response.getReporter();
            if (writer == null) {
                return;
            }
            writer.write(json ? problem(error) : page(error));
            response.finishResponse();
        }
        catch (IOException ex) {
            // The client closed the connection while the error was written, so no one can receive it.
            container.getLogger().debug("Failed to write the error report for status " + status, ex);
        }
    }

    private static boolean acceptsJson(String accept) {
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("json");
    }

    private static String page(ErrorView error) {
        String title = HtmlUtils.htmlEscape(error.title());
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title
                + "</title></head><body><h1>" + title + "</h1><p>" + HtmlUtils.htmlEscape(error.advice())
                + "</p><p>Status " + error.status() + "</p></body></html>";
    }

    private static String problem(ErrorView error) {
        return "{\"status\":" + error.status() + ",\"title\":\"" + jsonEscape(error.title()) + "\",\"detail\":\""
                + jsonEscape(error.advice()) + "\"}";
    }

    private static String jsonEscape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
