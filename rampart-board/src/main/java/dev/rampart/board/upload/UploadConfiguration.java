package dev.rampart.board.upload;

import jakarta.servlet.MultipartConfigElement;

import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.multipart.MultipartResolver;

import dev.rampart.hardening.audit.SecurityEvents;

/** Puts multipart parsing in front of Spring Security. */
@Configuration(proxyBeanMethods = false)
class UploadConfiguration {

    /**
     * Just before Spring Security, so that its CSRF filter finds the parsed parts, and after Spring's request
     * context filter (order -105), so that security events can name the request's path and client.
     */
    static final int MULTIPART_PARSING_ORDER = SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1;

    @Bean
    FilterRegistrationBean<MultipartParsingFilter> multipartParsingFilter(MultipartResolver resolver,
            MultipartConfigElement multipartConfig, SecurityEvents events) {
        var filter = new MultipartParsingFilter(resolver, new OrphanedPartFiles(multipartConfig), events);
        var registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(MULTIPART_PARSING_ORDER);
        return registration;
    }
}
