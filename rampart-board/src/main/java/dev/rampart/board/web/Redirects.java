package dev.rampart.board.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;

/** Redirects after a successful form post: 303 See Other, so that reloading the next page never re-posts. */
public final class Redirects {

    private Redirects() {
    }

    public static ModelAndView seeOther(String localPath) {
        if (!LocalPaths.isLocal(localPath)) {
            throw new IllegalArgumentException("Redirect target must be a local path: " + localPath);
        }
        RedirectView view = new RedirectView(localPath, true);
        view.setStatusCode(HttpStatus.SEE_OTHER);
        view.setExposeModelAttributes(false);
        return new ModelAndView(view);
    }
}
