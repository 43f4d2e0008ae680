package dev.rampart.board.post;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

import dev.rampart.board.web.FormErrors;
import dev.rampart.board.web.Text;

/** Full-text search over posts. A blank query shows the empty form; a query over the cap is rejected with 400. */
@Controller
class SearchController {

    private final PostSearch search;
    private final PostCache cache;

    SearchController(PostSearch search, PostCache cache) {
        this.search = search;
        this.cache = cache;
    }

    @GetMapping("/search")
    ModelAndView search(@RequestParam(required = false) String q, @RequestParam(required = false) String page) {
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

        SearchResults results = cache.search(query, number, () -> search.search(query, number));
        return render(query, results, new FormErrors(), HttpStatus.OK);
    }

    private static ModelAndView render(SearchQuery query, SearchResults results, FormErrors errors,
            HttpStatus status) {
        ModelAndView page = new ModelAndView("post/search", Map.of("query", query, "results", results,
                "errors", errors));
        page.setStatus(status);
        return page;
    }
}
