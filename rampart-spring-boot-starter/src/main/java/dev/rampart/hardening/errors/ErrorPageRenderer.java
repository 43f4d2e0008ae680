package dev.rampart.hardening.errors;

import org.springframework.web.servlet.ModelAndView;

/**
 * Turns an {@link ErrorView} into the HTML error page. An application replaces the default bean to render
 * errors in its own layout.
 */
@FunctionalInterface
public interface ErrorPageRenderer {

    ModelAndView render(ErrorView error);
}
