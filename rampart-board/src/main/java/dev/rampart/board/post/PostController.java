package dev.rampart.board.post;

import java.security.Principal;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

import dev.rampart.board.idempotency.IdempotencyKey;
import dev.rampart.board.web.FormErrors;
import dev.rampart.board.web.NotFoundException;
import dev.rampart.board.web.Redirects;

/**
 * The front page of latest posts, the new-post form, a post's own page and its deletion. While the database is
 * unavailable the front page and post pages show their last good copy with a notice.
 */
@Controller
class PostController {

    /** Up to 18 ASCII digits always fit in a long, and anything else cannot be a post id. */
    private static final Pattern POST_ID = Pattern.compile("[0-9]{1,18}");

    private final PostRepository posts;
    private final PostService service;
    private final PostCache cache;
    private final LastGoodCopies copies;

    PostController(PostRepository posts, PostService service, PostCache cache, LastGoodCopies copies) {
        this.posts = posts;
        this.service = service;
        this.cache = cache;
        this.copies = copies;
    }

    @GetMapping("/")
    ModelAndView latest(@RequestParam(required = false) String page, HttpServletResponse response) {
        PageNumber number = PageNumber.parse(page);
        PostContent<PostPage> latest = copies.latest(number, () -> cache.latest(number, () -> posts.latest(number)));
        preventCachingOfCopy(latest.freshness(), response);
        return new ModelAndView("post/latest", Map.of("latest", latest.value(), "freshness", latest.freshness()));
    }

    @GetMapping("/posts")
    ModelAndView newPostForm() {
        return form(PostForm.EMPTY, new FormErrors(), IdempotencyKey.generate(), HttpStatus.OK);
    }

    /**
     * Creates a post, or redirects to the one that an earlier submission of the same rendered form created. A
     * rejected form is shown again with the key it was sent with: it created nothing, so the key stays usable.
     */
    @PostMapping("/posts")
    ModelAndView create(@RequestParam(name = IdempotencyKey.PARAMETER, required = false) @Nullable String key,
            @RequestParam(defaultValue = "") String title, @RequestParam(defaultValue = "") String body,
            Principal principal) {
        IdempotencyKey idempotencyKey = IdempotencyKey.parse(key);
        PostForm form = PostForm.of(title, body);
        FormErrors errors = form.validate();
        if (!errors.isEmpty()) {
            return form(form.forRedisplay(), errors, idempotencyKey, HttpStatus.UNPROCESSABLE_CONTENT);
        }

        String location = service.create(principal.getName(), idempotencyKey, form);
        return Redirects.seeOther(location);
    }

    @GetMapping("/posts/{id}")
    ModelAndView view(@PathVariable String id, @Nullable Authentication authentication,
            HttpServletResponse response) {
        long postId = postId(id);
        PostContent<Post> post = copies.post(postId, () -> posts.findById(postId))
                .orElseThrow(() -> new NotFoundException("Post"));
        preventCachingOfCopy(post.freshness(), response);
        // A copy offers no delete button, because deleting needs the database.
        boolean mayDelete = !post.freshness().isCopy() && post.value().mayBeDeletedBy(Viewer.of(authentication));
        return new ModelAndView("post/view", Map.of("post", post.value(), "freshness", post.freshness(),
                "mayDelete", mayDelete));
    }

    @PostMapping("/posts/{id}/delete")
    ModelAndView delete(@PathVariable String id, Authentication authentication) {
        service.delete(postId(id), Viewer.of(authentication));
        return Redirects.seeOther("/");
    }

    /**
     * Forbids every cache to keep a page shown from a copy, so that no browser or proxy shows it after the
     * database is back. The security headers already send no-store for every page; this keeps copies safe if
     * that default is ever relaxed for public pages.
     */
    private static void preventCachingOfCopy(Freshness freshness, HttpServletResponse response) {
        if (freshness.isCopy()) {
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        }
    }

    /** Parses a post id from the path. Text that cannot be an id means a missing post, never a server error. */
    private static long postId(String text) {
        if (!POST_ID.matcher(text).matches()) {
            throw new NotFoundException("Post");
        }
        return Long.parseLong(text);
    }

    private static ModelAndView form(PostForm form, FormErrors errors, IdempotencyKey key, HttpStatus status) {
        ModelAndView page = new ModelAndView("post/form", Map.of("form", form, "errors", errors,
                "idempotencyKey", key));
        page.setStatus(status);
        return page;
    }
}
