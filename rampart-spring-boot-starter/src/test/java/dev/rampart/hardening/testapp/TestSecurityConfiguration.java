package dev.rampart.hardening.testapp;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import dev.rampart.hardening.audit.RecordingAccessDeniedHandler;

/**
 * Spring Security as an application of the starter configures it: the starter's filter writes the headers, so
 * Spring Security's header writers are off, and denials go through the starter's recording handler.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class TestSecurityConfiguration {

    /** Declares the one account of the test application, unhashed ({@code noop}) because no hash is under test. */
    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(User.withUsername(TestAccounts.USERNAME)
                .password("{noop}" + TestAccounts.PASSWORD)
                .roles("USER")
                .build());
    }

    @Bean
    SecurityFilterChain filterChain(HttpSecurity http, RecordingAccessDeniedHandler accessDenied) {
        http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/admin/**").hasRole("ADMIN")
                        .requestMatchers("/account").authenticated()
                        .anyRequest().permitAll())
                .formLogin(Customizer.withDefaults())
                .headers(headers -> headers.disable())
                .exceptionHandling(exceptions -> exceptions.accessDeniedHandler(accessDenied));
        return http.build();
    }
}
