package dev.rampart.board.post;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

import dev.rampart.board.account.Account;
import dev.rampart.board.account.AccountRepository;
import dev.rampart.board.idempotency.CreatedResource;
import dev.rampart.board.idempotency.IdempotencyKey;
import dev.rampart.board.idempotency.IdempotentSubmissions;
import dev.rampart.board.idempotency.Submission;
import dev.rampart.board.web.NotFoundException;

/** Writes posts: who may create and delete them. */
@Service
class PostService {

    private static final Logger log = LoggerFactory.getLogger(PostService.class);

    /** The kind of resource recorded under the new-post form's idempotency key. */
    static final String SUBMISSION_KIND = "post";

    private final PostRepository posts;
    private final AccountRepository accounts;
    private final PostCache cache;
    private final IdempotentSubmissions submissions;
    private final LastGoodCopies copies;

    PostService(PostRepository posts, AccountRepository accounts, PostCache cache,
            IdempotentSubmissions submissions, LastGoodCopies copies) {
        this.posts = posts;
        this.accounts = accounts;
        this.cache = cache;
        this.submissions = submissions;
        this.copies = copies;
    }

    /**
     * Stores a validated post by the signed-in user, unless the user already submitted the form with this key,
     * and returns the path of the post that the key created.
     *
     * @throws NotFoundException when the user's account no longer exists
     */
    String create(String username, IdempotencyKey key, PostForm form) {
        Account author = accounts.findByUsername(username).orElseThrow(() -> new NotFoundException("Account"));
        Submission submission = submissions.submit(author.id(), key, SUBMISSION_KIND, jdbc -> {
            long id = posts.insert(jdbc, author.id(), form);
            return Optional.of(new CreatedResource(String.valueOf(id), "/posts/" + id));
        }).orElseThrow(() -> new IllegalStateException("A post submission created nothing"));
        if (!submission.replayed()) {
            cache.invalidate();
            log.debug("Post {} created by account {}", submission.resource().id(), author.id());
        }
        return submission.resource().location();
    }

    /**
     * Deletes a post if the viewer is its author or an administrator.
     *
     * @throws NotFoundException when no post has the id
     * @throws AccessDeniedException when the viewer may not delete it; Spring Security's handler then responds
     *         with 403 and records the denial as a security event
     */
    void delete(long id, Viewer viewer) {
        Post post = posts.findById(id).orElseThrow(() -> new NotFoundException("Post"));
        if (!post.mayBeDeletedBy(viewer)) {
            throw new AccessDeniedException("Only the author or an administrator may delete post " + id);
        }
        posts.delete(id);
        cache.invalidate();
        copies.forget(id);
        boolean byAuthor = post.authorUsername().equals(viewer.username());
        log.info("Post {} deleted by {}", id, byAuthor ? "its author" : "an administrator");
    }
}
