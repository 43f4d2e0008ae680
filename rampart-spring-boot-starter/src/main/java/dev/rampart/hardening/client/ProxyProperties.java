package dev.rampart.hardening.client;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Reverse proxies whose forwarding headers are believed.
 *
 * @param trustedProxies exact IPv4 or IPv6 addresses or CIDR ranges of the proxies in front of the application,
 *     validated at start-up; none by default, so {@code X-Forwarded-For} is ignored and no client can forge its
 *     address ({@code Forwarded} is never read)
 * @param unsafeTrustAllProxies believe forwarding headers from any address; lets every client choose its own
 *     address, so production start-up rejects it
 */
@ConfigurationProperties("rampart.proxy")
public record ProxyProperties(
        @DefaultValue List<String> trustedProxies,
        @DefaultValue("false") boolean unsafeTrustAllProxies) {
}
