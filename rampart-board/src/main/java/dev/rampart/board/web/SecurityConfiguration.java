package dev.rampart.board.web;

import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.session.SessionRegistryImpl;
import org.springframework.security.core.userdetails.UserDetailsChecker;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.authentication.AccountStatusUserDetailsChecker;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.session.HttpSessionEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.RequestMatcherEntry;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

import dev.rampart.board.account.UsernameKey;
import dev.rampart.hardening.audit.RecordingAccessDeniedHandler;
import dev.rampart.hardening.ratelimit.login.BoundedPasswordEncoder;
import dev.rampart.hardening.ratelimit.login.LoginThrottle;
import dev.rampart.hardening.ratelimit.login.LoginThrottleFilter;
import dev.rampart.hardening.ratelimit.login.LoginUsernameKey;
import dev.rampart.hardening.ratelimit.login.PasswordHashingProperties;

/**
 * Access rules, login and logout, and session handling. Security headers come from the hardening starter's
 * filter, so Spring Security's own header writers are switched off.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfiguration {

    /**
     * Argon2id at 19 MiB, 2 passes, 1 lane: the OWASP minimum, about 50 ms per check on a 2-core server. Hashes
     * run on a bounded pool, so that a login flood queues for hashing threads instead of taking every request
     * thread, and page views keep being served.
     */
    @Bean
    PasswordEncoder passwordEncoder(PasswordHashingProperties hashing) {
        return new BoundedPasswordEncoder(new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2), hashing);
    }

    /** Counts login failures under the same key that makes usernames unique, so no spelling gets fresh tries. */
    @Bean
    LoginUsernameKey loginUsernameKey() {
        return UsernameKey::of;
    }

    @Bean
    SessionRegistry sessionRegistry() {
        return new SessionRegistryImpl();
    }

    /** Lets the session registry forget sessions that ended, so it does not grow without bound. */
    @Bean
    HttpSessionEventPublisher httpSessionEventPublisher() {
        return new HttpSessionEventPublisher();
    }

    /**
     * Checks the password before the account's status, so that a disabled account gets the same response
     * as a wrong password (same work, same message) and its existence is not revealed. Spring checks the
     * status first by default.
     */
    @Bean
    DaoAuthenticationProvider authenticationProvider(UserDetailsService users, UserDetailsPasswordService rehash,
            PasswordEncoder passwordEncoder) {
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
        provider.setPasswordEncoder(passwordEncoder);
        provider.setUserDetailsPasswordService(rehash);
        UserDetailsChecker noCheckBeforePassword = user -> { };
        provider.setPreAuthenticationChecks(noCheckBeforePassword);
        provider.setPostAuthenticationChecks(new AccountStatusUserDetailsChecker());
        return provider;
    }

    /**
     * The login throttle runs after the CSRF check and before the password check, and only on {@code POST /login},
     * so a signed-in session is never slowed by attacks on its account.
     */
    @Bean
    SecurityFilterChain filterChain(HttpSecurity http, RecordingAccessDeniedHandler accessDenied,
            SessionRegistry sessions, LoginThrottle loginThrottle) throws Exception {
        var requestCache = new HttpSessionRequestCache();
        requestCache.setMatchingRequestParameterName(null);
        var loginRequests = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/login");
        http
                .addFilterBefore(new LoginThrottleFilter(loginThrottle, loginRequests, "username"),
                        UsernamePasswordAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/admin/**").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, "/", "/posts/{id}", "/search", "/login", "/register",
                                "/css/**", "/favicon.ico").permitAll()
                        .requestMatchers(HttpMethod.HEAD, "/", "/posts/{id}", "/search", "/login", "/register",
                                "/css/**", "/favicon.ico").permitAll()
                        .requestMatchers(HttpMethod.POST, "/register").permitAll()
                        .requestMatchers("/error").permitAll()
                        .anyRequest().authenticated())
                .formLogin(login -> login
                        .loginPage("/login")
                        .successHandler(new LocalRedirectSuccessHandler(requestCache))
                        .failureHandler(new LoginFailureHandler())
                        .permitAll())
                .logout(logout -> logout
                        .logoutUrl("/logout")
                        .addLogoutHandler((request, response, authentication) ->
                                response.setHeader("Clear-Site-Data", "\"cache\", \"cookies\", \"storage\""))
                        .logoutSuccessHandler((request, response, authentication) -> {
                            response.setStatus(HttpStatus.SEE_OTHER.value());
                            response.setHeader("Location", "/");
                        }))
                .csrf(csrf -> csrf.csrfTokenRequestHandler(new BodyOnlyCsrfTokenHandler()))
                .requestCache(cache -> cache.requestCache(requestCache))
                .headers(headers -> headers.disable())
                .exceptionHandling(exceptions -> exceptions
                        .accessDeniedHandler(accessDenied)
                        .authenticationEntryPoint(new DelegatingAuthenticationEntryPoint(
                                new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED),
                                new RequestMatcherEntry<>(htmlRequests(), loginPageEntryPoint()))))
                .sessionManagement(session -> session
                        .sessionFixation(fixation -> fixation.changeSessionId())
                        .maximumSessions(-1)
                        .sessionRegistry(sessions)
                        .expiredUrl("/login?expired"));
        return http.build();
    }

    /** Sends browsers to the login page with a relative Location, so the Host header never shapes it. */
    private static LoginUrlAuthenticationEntryPoint loginPageEntryPoint() {
        var entryPoint = new LoginUrlAuthenticationEntryPoint("/login");
        entryPoint.setFavorRelativeUris(true);
        return entryPoint;
    }

    /** Browsers and form clients; API clients that ask for JSON get 401 problem details instead. */
    private static RequestMatcher htmlRequests() {
        var html = new MediaTypeRequestMatcher(MediaType.TEXT_HTML, MediaType.APPLICATION_XHTML_XML);
        html.setIgnoredMediaTypes(Set.of(MediaType.ALL));
        var noPreference = new MediaTypeRequestMatcher(MediaType.ALL);
        noPreference.setUseEquals(true);
        return new OrRequestMatcher(html, noPreference, request -> request.getHeader("Accept") == null);
    }
}
