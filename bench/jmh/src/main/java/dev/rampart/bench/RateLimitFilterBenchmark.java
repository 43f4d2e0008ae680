package dev.rampart.bench;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

import dev.rampart.hardening.audit.SecurityEvents;
import dev.rampart.hardening.ratelimit.InMemoryBucketStore;
import dev.rampart.hardening.ratelimit.RateLimitEventRecorder;
import dev.rampart.hardening.ratelimit.RateLimitFilter;
import dev.rampart.hardening.ratelimit.RateLimitPolicy;

/**
 * Cost of the rate-limit filter per allowed request at steady state, with the board's shape of policies: a
 * general policy that matches every request and a login policy that does not match a page view. The clients
 * are a fixed set of addresses, so their buckets stay in the cache as they do for returning visitors.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RateLimitFilterBenchmark {

    @Param({"1", "1000"})
    public int clients;

    private RateLimitFilter filter;
    private MockHttpServletRequest[] requests;
    private MockHttpServletResponse response;
    private final FilterChain chain = (request, ignored) -> { };
    private int next;

    @Setup
    public void setUp() {
        Clock clock = Clock.systemUTC();
        var general = new RateLimitPolicy("general", AnyRequestMatcher.INSTANCE, RateLimitPolicy.KeyKind.CLIENT,
                1_000_000_000L, Duration.ofMinutes(1));
        var login = new RateLimitPolicy("login", PathPatternRequestMatcher.withDefaults()
                .matcher(org.springframework.http.HttpMethod.POST, "/login"), RateLimitPolicy.KeyKind.CLIENT,
                10, Duration.ofMinutes(1));
        var store = new InMemoryBucketStore(clock, 100_000, Duration.ofMinutes(10));
        var recorder = new RateLimitEventRecorder(clock, new SecurityEvents(clock, List.of()));
        filter = new RateLimitFilter(List.of(general, login), store, recorder);
        requests = new MockHttpServletRequest[clients];
        for (int i = 0; i < clients; i++) {
            requests[i] = new MockHttpServletRequest("GET", "/");
            requests[i].setRemoteAddr("198.51." + (i / 256) + "." + (i % 256));
        }
        response = new MockHttpServletResponse();
    }

    @Benchmark
    public void filterOneRequest() throws IOException, ServletException {
        MockHttpServletRequest request = requests[next];
        next = next + 1 == requests.length ? 0 : next + 1;
        // OncePerRequestFilter marks the request as filtered; the mark is removed so the next round filters again.
        request.clearAttributes();
        response.reset();
        filter.doFilter(request, response, chain);
    }
}
