package dev.rampart.board.web;

import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.ModelAndView;

import dev.rampart.hardening.errors.ErrorPageRenderer;
import dev.rampart.hardening.errors.ErrorView;

/** Renders error pages in the board's layout (template {@code error.jte}). */
@Component
class BoardErrorPageRenderer implements ErrorPageRenderer {

    @Override
    public ModelAndView render(ErrorView error) {
        return new ModelAndView("error", Map.of("error", error));
    }
}
