package dev.rampart.hardening.management;

import java.io.IOException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.support.WebApplicationContextUtils;

/**
 * The security filter chains that keep the actuator on its management port. Spring Boot runs the application's
 * security filter on the management server too, so without them the application's rules would decide over
 * probes: a health check would get the login redirect, and a session cookie with it.
 */
public final class ManagementSecurity {

    /** The server namespace Spring Boot gives the child context of a management server on its own port. */
    static final String MANAGEMENT_NAMESPACE = "management";

    private ManagementSecurity() {
    }

    /**
     * Builds the chain for every request to the management server: anyone may GET the health and Prometheus
     * endpoints, everything else is denied with 403, and no session is created or read. The server is bound to
     * loopback by default, so "anyone" means processes on the same host.
     */
    public static SecurityFilterChain managementServerChain(HttpSecurity http) {
        http.securityMatcher(ManagementSecurity::isOnManagementServer)
                .authorizeHttpRequests(requests -> requests
                        // The error page of a denied request is rendered on an error dispatch, which must pass.
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(EndpointRequest.to("health", "prometheus").withHttpMethod(HttpMethod.GET))
                        .permitAll()
                        .anyRequest().denyAll())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                // Only GET is ever allowed, and no request carries a session, so there is nothing to forge.
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    /**
     * Builds the chain that responds with 404 to every request under the actuator's base path on the application's
     * own port, signed in or not, so that port neither serves the actuator nor reveals where it is. An empty
     * base path, which puts the endpoints at the root of the management port, leaves nothing to hide here.
     */
    public static SecurityFilterChain applicationServerChain(HttpSecurity http, String basePath) {
        RequestMatcher actuatorPaths = basePath.isEmpty() ? request -> false
                : new AndRequestMatcher(new NegatedRequestMatcher(ManagementSecurity::isOnManagementServer),
                        PathPatternRequestMatcher.withDefaults().matcher(basePath + "/**"));
        http.securityMatcher(actuatorPaths)
                .authorizeHttpRequests(requests -> requests.anyRequest().denyAll())
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint((request, response, failure) -> sendNotFound(response))
                        .accessDeniedHandler((request, response, denied) -> sendNotFound(response)))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .csrf(csrf -> csrf.disable())
                // The starter's security headers filter already writes this port's headers, and Spring
                // Security's own header writers would repeat some of them.
                .headers(headers -> headers.disable());
        return http.build();
    }

    static boolean isOnManagementServer(HttpServletRequest request) {
        WebApplicationContext context = WebApplicationContextUtils.getWebApplicationContext(
                request.getServletContext());
        return WebServerApplicationContext.hasServerNamespace(context, MANAGEMENT_NAMESPACE);
    }

    /** Sends 404 through the container, so the application's usual error page renders it. */
    private static void sendNotFound(HttpServletResponse response) throws IOException {
        response.sendError(HttpServletResponse.SC_NOT_FOUND);
    }
}
