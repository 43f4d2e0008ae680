package dev.rampart.bench;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;

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
import org.openjdk.jmh.infra.Blackhole;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import dev.rampart.hardening.client.ClientAddressFilter;
import dev.rampart.hardening.client.ClientAddressResolver;
import dev.rampart.hardening.client.ProxyProperties;

/**
 * Cost of the client-address filter per request: without trusted proxies (the default, where headers are never
 * read) and behind one trusted proxy with a forged three-entry X-Forwarded-For. The chain reads the resolved
 * address, as the rate limiter does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ClientAddressFilterBenchmark {

    @Param({"none", "one-proxy"})
    public String proxies;

    private ClientAddressFilter filter;
    private MockHttpServletRequest request;
    private MockHttpServletResponse response;

    @Setup
    public void setUp() {
        boolean behindProxy = proxies.equals("one-proxy");
        List<String> trusted = behindProxy ? List.of("10.0.0.5") : List.of();
        filter = new ClientAddressFilter(new ClientAddressResolver(new ProxyProperties(trusted, false)));
        request = new MockHttpServletRequest("GET", "/");
        request.setRemoteAddr(behindProxy ? "10.0.0.5" : "203.0.113.7");
        request.addHeader("X-Forwarded-For", "198.51.100.1, 192.0.2.44, 203.0.113.7");
        response = new MockHttpServletResponse();
    }

    @Benchmark
    public void filterOneRequest(Blackhole blackhole) throws IOException, ServletException {
        FilterChain chain = (ServletRequest wrapped, jakarta.servlet.ServletResponse ignored) ->
                blackhole.consume(wrapped.getRemoteAddr());
        filter.doFilter(request, response, chain);
    }
}
