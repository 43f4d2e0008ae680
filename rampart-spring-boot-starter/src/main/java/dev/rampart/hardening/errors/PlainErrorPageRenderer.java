package dev.rampart.hardening.errors;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.View;
import org.springframework.web.util.HtmlUtils;

/** A self-contained HTML error page for applications that have no template of their own. */
public class PlainErrorPageRenderer implements ErrorPageRenderer {

    @Override
    public ModelAndView render(ErrorView error) {
        return new ModelAndView(new PlainErrorPage(error));
    }

    private record PlainErrorPage(ErrorView error) implements View {

        @Override
        public String getContentType() {
            return MediaType.TEXT_HTML_VALUE;
        }

        @Override
        public void render(Map<String, ?> model, HttpServletRequest request, HttpServletResponse response)
                throws Exception {
            response.setContentType("text/html;charset=UTF-8");
            String html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
                    + HtmlUtils.htmlEscape(error.title()) + "</title></head><body><h1>"
                    + HtmlUtils.htmlEscape(error.title()) + "</h1><p>" + HtmlUtils.htmlEscape(error.advice())
                    + "</p><p>Request id: <code>" + HtmlUtils.htmlEscape(error.requestId())
                    + "</code></p></body></html>";
            response.getWriter().write(html);
        }
    }
}
