package dev.rampart.board.post;

import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

import dev.rampart.board.web.FormErrors;
import dev.rampart.board.web.Text;
import dev.rampart.hardening.resilience.DatabaseUnavailableException;
import dev.rampart.hardening.resilience.DatabaseUnavailableResolver;

/**
 * Full-text search over posts. A blank query shows the empty form; a query over the cap is rejected with 400.
 * While the database is unavailable a search gets 503 and a sentence stating so beside the form, never an empty
 * result list. Results are not kept for outages: queries are countless and chosen by
 * visitors, so copies of them would crowd out the front page and post copies of {@link LastGoodCopies}. A result
 * page still in the post cache is shown as usual, because it is as fresh as on any other day.
 */
@Controller
class SearchController {

    private final PostSearch search;
    private final PostCache cache;

    SearchController(PostSearch search, PostCache cache) {
        this.search = search;
        this.cache = cache;
    }

    @GetMapping("/search")
    ModelAndView search(@RequestParam(required = false) String q, @RequestParam(required = false) String page,
            HttpServletResponse response) {
        SearchQuery query = SearchQuery.of(q);
        PageNumber number = PageNumber.parse(page);
        if (query.isTooLong()) {
            FormErrors errors = new FormErrors().reject("q", "The search text is " + Text.length(query.text())
                    + " characters long. Shorten it to at most " + SearchQuery.MAX_LENGTH + ".");
            return render(query, SearchResults.none(number), errors, HttpStatus.BAD_REQUEST);
        }
        if (query.isBlank()) {
            return render(query, SearchResults.none(number), new FormErrors(), HttpStatus.OK);
        }

        try {
            SearchResults results = cache.search(query, number, () -> search.search(query, number));
            return render(query, results, new FormErrors(), HttpStatus.OK);
        }
        catch (DatabaseUnavailableException unavailable) {
            return unavailable(query, number, unavailable, response);
        }
    }

    private static ModelAndView unavailable(SearchQuery query, PageNumber number,
            DatabaseUnavailableException unavailable, HttpServletResponse response) {
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(unavailable.retryAfterSeconds()));
        String sentence = "Search is temporarily unavailable because the database cannot be reached. Try again in "
                + DatabaseUnavailableResolver.retryAfterText(unavailable) + ".";
        return render(query, SearchResults.none(number), new FormErrors(), sentence, HttpStatus.SERVICE_UNAVAILABLE);
    }

    private static ModelAndView render(SearchQuery query, SearchResults results, FormErrors errors,
            HttpStatus status) {
        return render(query, results, errors, "", status);
    }

    /** Renders the page; a non-empty {@code unavailable} sentence replaces the results. */
    private static ModelAndView render(SearchQuery query, SearchResults results, FormErrors errors,
            String unavailable, HttpStatus status) {
        ModelAndView page = new ModelAndView("post/search", Map.of("query", query, "results", results,
                "errors", errors, "unavailable", unavailable));
        page.setStatus(status);
        return page;
    }
}
