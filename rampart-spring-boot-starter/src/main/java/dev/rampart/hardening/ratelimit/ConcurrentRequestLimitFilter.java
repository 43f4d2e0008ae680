package dev.rampart.hardening.ratelimit;

import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps the requests one client has in progress at once. Token buckets count requests as they start, but a
 * client that sends its body one byte every few seconds occupies a request thread for each request while the
 * CSRF check waits for the form. A request over the cap gets 429 with {@code Retry-After: 1} before anything
 * reads its body. The map holds only clients with a request in progress, so it is bounded by the thread pool.
 */
public class ConcurrentRequestLimitFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ConcurrentRequestLimitFilter.class);

    private final int maxPerClient;
    private final ConcurrentMap<String, Integer> inProgress = new ConcurrentHashMap<>();

    public ConcurrentRequestLimitFilter(int maxPerClient) {
        if (maxPerClient < 1) {
            throw new IllegalArgumentException("maxPerClient must be at least 1, was " + maxPerClient);
        }
        this.maxPerClient = maxPerClient;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String client = RateLimitKeys.key(request, RateLimitPolicy.KeyKind.CLIENT);
        if (!tryEnter(client)) {
            log.debug("Rejected a request beyond {} in progress for one client", maxPerClient);
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            response.sendError(429);
            return;
        }
        try {
            chain.doFilter(request, response);
        }
        finally {
            leave(client);
        }
    }

    /** Returns the number of clients with a request in progress. */
    int trackedClients() {
        return inProgress.size();
    }

    private boolean tryEnter(String client) {
        boolean[] entered = {false};
        inProgress.compute(client, (key, count) -> {
            int current = count == null ? 0 : count;
            if (current >= maxPerClient) {
                return count;
            }
            entered[0] = true;
            return current + 1;
        });
        return entered[0];
    }

    private void leave(String client) {
        inProgress.computeIfPresent(client, (key, count) -> count <= 1 ? null : count - 1);
    }
}
