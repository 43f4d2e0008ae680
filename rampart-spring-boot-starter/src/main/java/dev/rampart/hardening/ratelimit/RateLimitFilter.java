package dev.rampart.hardening.ratelimit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.util.WebUtils;

/**
 * Applies every {@link RateLimitPolicy} that matches a request and rejects the request with 429 when any of
 * their buckets is empty. It runs before Spring Security, multipart parsing and the application, so a rejected
 * request costs no password hash, no parsed body and no database call. It reads neither the body nor the
 * parameters.
 *
 * <p>Responses carry the {@code RateLimit-Policy} and {@code RateLimit} fields of the IETF HTTPAPI draft
 * "RateLimit header fields for HTTP" (draft-ietf-httpapi-ratelimit-headers-11, May 2026), one list member per
 * matched policy. {@code "login";q=10;w=60} states the quota and its window in seconds, and {@code "login";r=3;t=12}
 * the remaining quota and the effective window: the seconds in which the client can send no more than that.
 * A rejection also sends {@code Retry-After} in whole seconds, equal to that window, as the draft requires.
 */
public class RateLimitFilter extends OncePerRequestFilter {

    static final String POLICY_HEADER = "RateLimit-Policy";

    static final String STATE_HEADER = "RateLimit";

    private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);

    private final List<RateLimitPolicy> policies;
    private final BucketStore store;
    private final RateLimitEventRecorder recorder;

    public RateLimitFilter(List<RateLimitPolicy> policies, BucketStore store, RateLimitEventRecorder recorder) {
        this.policies = List.copyOf(policies);
        this.store = store;
        this.recorder = recorder;
        requireDistinctNames(this.policies);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        List<Applied> applied = apply(request);
        if (applied.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        writeHeaders(response, applied);

        Applied rejecting = longestWait(applied);
        if (rejecting == null) {
            chain.doFilter(request, response);
            return;
        }
        long retryAfter = seconds(rejecting.result().nanosToWait());
        log.debug("Rate limited {} {} by policy {} for {}s", request.getMethod(), request.getRequestURI(),
                rejecting.policy().name(), retryAfter);
        for (Applied each : applied) {
            if (!each.result().consumed()) {
                recorder.rejected(request, each.policy(), each.key());
            }
        }
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        skipMultipartParsingOnErrorDispatch(request);
        response.sendError(429);
    }

    /**
     * Keeps the error page from parsing the body of a rejected multipart request. Spring's dispatcher servlet
     * parses a multipart body again for the error dispatch unless the error exception attribute already contains
     * a {@link MultipartException}, and that parse is the work the rejection exists to avoid.
     */
    private static void skipMultipartParsingOnErrorDispatch(HttpServletRequest request) {
        String contentType = request.getContentType();
        if (contentType != null && contentType.regionMatches(true, 0, "multipart/", 0, "multipart/".length())) {
            request.setAttribute(WebUtils.ERROR_EXCEPTION_ATTRIBUTE,
                    new MultipartException("Multipart body not parsed because the request was rate limited"));
        }
    }

    private List<Applied> apply(HttpServletRequest request) {
        List<Applied> applied = new ArrayList<>(2);
        for (RateLimitPolicy policy : policies) {
            if (policy.matcher().matches(request)) {
                String key = RateLimitKeys.key(request, policy.keyKind());
                applied.add(new Applied(policy, key, store.tryConsume(key, policy)));
            }
        }
        return applied;
    }

    private static void writeHeaders(HttpServletResponse response, List<Applied> applied) {
        List<String> quotas = new ArrayList<>(applied.size());
        List<String> states = new ArrayList<>(applied.size());
        for (Applied each : applied) {
            RateLimitPolicy policy = each.policy();
            ConsumptionResult result = each.result();
            quotas.add("\"" + policy.name() + "\";q=" + policy.capacity() + ";w=" + policy.windowSeconds());
            states.add("\"" + policy.name() + "\";r=" + result.remainingTokens() + ";t="
                    + seconds(nanosToNextToken(policy, result)));
        }
        response.setHeader(POLICY_HEADER, String.join(", ", quotas));
        response.setHeader(STATE_HEADER, String.join(", ", states));
    }

    /**
     * Returns the time until the bucket gains its next whole token, the end of the draft's effective window. A
     * greedy bucket refills evenly, so the next token comes one token's refill time before the tokens still
     * missing after it. Doubles keep {@code capacity * period} from overflowing for very large capacities.
     */
    private static long nanosToNextToken(RateLimitPolicy policy, ConsumptionResult result) {
        if (!result.consumed()) {
            return result.nanosToWait();
        }
        double nanosPerToken = (double) policy.refillPeriod().toNanos() / policy.capacity();
        long missingAfterNext = policy.capacity() - result.remainingTokens() - 1;
        return Math.max(0, result.nanosToReset() - (long) (missingAfterNext * nanosPerToken));
    }

    /** Returns the rejecting policy the client must wait longest for, or null when every bucket had a token. */
    private static @Nullable Applied longestWait(List<Applied> applied) {
        @Nullable Applied longest = null;
        for (Applied each : applied) {
            boolean longer = longest == null || each.result().nanosToWait() > longest.result().nanosToWait();
            if (!each.result().consumed() && longer) {
                longest = each;
            }
        }
        return longest;
    }

    /** Rounds up, so that a client that waits the stated time finds a token. */
    private static long seconds(long nanos) {
        return (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
    }

    private static void requireDistinctNames(List<RateLimitPolicy> policies) {
        Set<String> names = new HashSet<>();
        for (RateLimitPolicy policy : policies) {
            if (!names.add(policy.name())) {
                throw new IllegalArgumentException("Two rate limit policies are named '" + policy.name()
                        + "'; give each policy bean a distinct name");
            }
        }
    }

    private record Applied(RateLimitPolicy policy, String key, ConsumptionResult result) {
    }
}
