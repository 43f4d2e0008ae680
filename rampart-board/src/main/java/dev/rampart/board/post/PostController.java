package dev.rampart.board.post;

import java.security.Principal;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
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

/** The front page of latest posts, the new-post form, a post's own page and its deletion. */
@Controller
class PostController {

    /** Up to 18 ASCII digits always fit in a long, and anything else cannot be a post id. */
    private static final Pattern POST_ID = Pattern.compile("[0-9]{1,18}");

    private final PostRepository posts;
    private final PostService service;
    private final PostCache cache;

    PostController(PostRepository posts, PostService service, PostCache cache) {
        this.posts = posts;
        this.service = service;
        this.cache = cache;
    }

    @GetMapping("/")
    ModelAndView latest(@RequestParam(required = false) String page) {
        PageNumber number = PageNumber.parse(page);
        PostPage latest = cache.latest(number, () -> posts.latest(number));
        return new ModelAndView("post/latest", Map.of("latest", latest));
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
    ModelAndView view(@PathVariable String id, @Nullable Authentication authentication) {
        Post post = posts.findById(postId(id)).orElseThrow(() -> new NotFoundException("Post"));
        boolean mayDelete = post.mayBeDeletedBy(Viewer.of(authentication));
        return new ModelAndView("post/view", Map.of("post", post, "mayDelete", mayDelete));
    }

    @PostMapping("/posts/{id}/delete")
    ModelAndView delete(@PathVariable String id, Authentication authentication) {
        service.delete(postId(id), Viewer.of(authentication));
        return Redirects.seeOther("/");
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
