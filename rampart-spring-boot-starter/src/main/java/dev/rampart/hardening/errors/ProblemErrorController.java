package dev.rampart.hardening.errors;

import java.net.URI;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Renders every error the container forwards to {@code /error}: RFC 9457 problem details for clients that
 * accept JSON, an HTML page for everyone else. Only the status, a fixed title and advice, the path and the
 * request id are shown; exception messages, stack traces and SQL text never reach the response. The advice is
 * the standard text for the status unless the code that sent the error left advice of its own in
 * {@link ErrorView#ADVICE_ATTRIBUTE}.
 */
@Controller
@RequestMapping("${server.error.path:/error}")
public class ProblemErrorController implements ErrorController {

    private final ErrorPageRenderer renderer;

    public ProblemErrorController(ErrorPageRenderer renderer) {
        this.renderer = renderer;
    }

    @RequestMapping(produces = {MediaType.APPLICATION_PROBLEM_JSON_VALUE, MediaType.APPLICATION_JSON_VALUE})
    public ResponseEntity<ProblemDetail> problem(HttpServletRequest request) {
        ErrorView error = errorView(request);
        ProblemDetail problem = ProblemDetail.forStatus(error.status());
        problem.setTitle(error.title());
        problem.setDetail(error.advice());
        problem.setInstance(URI.create(originalPath(request)));
        problem.setProperty("requestId", error.requestId());
        return ResponseEntity.status(error.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @RequestMapping
    public ModelAndView page(HttpServletRequest request, HttpServletResponse response) {
        ErrorView error = errorView(request);
        response.setStatus(error.status());
        ModelAndView page = renderer.render(error);
        page.setStatus(HttpStatus.valueOf(error.status()));
        return page;
    }

    private static ErrorView errorView(HttpServletRequest request) {
        ErrorView error = ErrorView.of(status(request), RequestIdFilter.requestId(request));
        // Only code that sent the error sets the attribute, with fixed text of its own, never a message taken
        // from an exception.
        if (request.getAttribute(ErrorView.ADVICE_ATTRIBUTE) instanceof String advice) {
            return error.withAdvice(advice);
        }
        return error;
    }

    private static int status(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (status == null) {
            // Only the container's error dispatch sets the attribute. Without it a client asked for the error
            // path itself, which is no page, and a 500 would tell scanners and monitors that the server failed.
            return HttpStatus.NOT_FOUND.value();
        }
        if (status instanceof Integer code && code >= 400 && code <= 599) {
            return code;
        }
        return HttpStatus.INTERNAL_SERVER_ERROR.value();
    }

    private static String originalPath(HttpServletRequest request) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri instanceof String text ? text : request.getRequestURI();
        // The instance member is informative only; a path that is not a valid URI must not cause a second error.
        return path.matches("[A-Za-z0-9/._~\\-]*") ? path : "/";
    }
}
