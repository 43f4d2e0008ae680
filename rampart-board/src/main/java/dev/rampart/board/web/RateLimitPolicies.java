package dev.rampart.board.web;

import static org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher.pathPattern;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import dev.rampart.hardening.ratelimit.RateLimitPolicy;
import dev.rampart.hardening.ratelimit.RateLimitPolicy.KeyKind;
import dev.rampart.hardening.ratelimit.RateLimitProperties;

/**
 * The board's rate limits. The numbers are in application.yml under {@code rampart.rate-limit.policies}; the
 * starter's filter applies every policy that matches a request before Spring Security runs.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitPolicies {

    /**
     * Every request of a client except static files. Generous enough that browsing never meets it, it stops one
     * client from taking the whole server. Static files are exempt because a page load fetches them beside the
     * page and browsers cache them, and because serving one needs no session, template or database.
     */
    @Bean
    RateLimitPolicy generalRateLimit(RateLimitProperties properties) {
        RequestMatcher staticFiles = new OrRequestMatcher(pathPattern(HttpMethod.GET, "/css/**"),
                pathPattern(HttpMethod.HEAD, "/css/**"), pathPattern(HttpMethod.GET, "/favicon.ico"),
                pathPattern(HttpMethod.HEAD, "/favicon.ico"));
        return RateLimitPolicy.of("general", new NegatedRequestMatcher(staticFiles), KeyKind.CLIENT, properties);
    }

    /**
     * Sign-in and registration per client. Each attempt costs an Argon2id hash (19 MiB, two passes), so a client
     * that could send them freely would keep a core busy and guess passwords unchecked.
     */
    @Bean
    RateLimitPolicy loginRateLimit(RateLimitProperties properties) {
        RequestMatcher attempts = new OrRequestMatcher(pathPattern(HttpMethod.POST, "/login"),
                pathPattern(HttpMethod.POST, "/register"));
        return RateLimitPolicy.of("login", attempts, KeyKind.CLIENT, properties);
    }

    /** Uploads per signed-in user, because each one writes up to 5 MB into the database. */
    @Bean
    RateLimitPolicy uploadUserRateLimit(RateLimitProperties properties) {
        return RateLimitPolicy.of("upload-user", pathPattern(HttpMethod.POST, "/uploads"), KeyKind.USER, properties);
    }

    /** Uploads per client, so that many accounts from one address cannot multiply the per-user limit. */
    @Bean
    RateLimitPolicy uploadClientRateLimit(RateLimitProperties properties) {
        return RateLimitPolicy.of("upload-client", pathPattern(HttpMethod.POST, "/uploads"), KeyKind.CLIENT,
                properties);
    }
}
