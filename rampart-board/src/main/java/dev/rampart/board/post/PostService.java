package dev.rampart.board.post;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

import dev.rampart.board.account.Account;
import dev.rampart.board.account.AccountRepository;
import dev.rampart.board.web.NotFoundException;

/** Writes posts: who may create and delete them. */
@Service
class PostService {

    private static final Logger log = LoggerFactory.getLogger(PostService.class);

    private final PostRepository posts;
    private final AccountRepository accounts;
    private final PostCache cache;
    private final LastGoodCopies copies;

    PostService(PostRepository posts, AccountRepository accounts, PostCache cache, LastGoodCopies copies) {
        this.posts = posts;
        this.accounts = accounts;
        this.cache = cache;
        this.copies = copies;
    }

    /**
     * Stores a validated post by the signed-in user and returns its id.
     *
     * @throws NotFoundException when the user's account no longer exists
     */
    long create(String username, PostForm form) {
        Account author = accounts.findByUsername(username).orElseThrow(() -> new NotFoundException("Account"));
        long id = posts.insert(author.id(), form);
        cache.invalidate();
        log.debug("Post {} created by account {}", id, author.id());
        return id;
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
