package dev.rampart.hardening.session;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Session limits beyond the container's idle timeout ({@code server.servlet.session.timeout}, 30 minutes
 * by default under this starter).
 *
 * @param absoluteTimeout the longest a session lives however active it is (default 8 hours), which bounds how
 *     long a stolen session cookie stays useful
 */
@ConfigurationProperties("rampart.session")
public record SessionProperties(@DefaultValue("8h") Duration absoluteTimeout) {

    public SessionProperties {
        if (absoluteTimeout.isNegative() || absoluteTimeout.isZero()) {
            throw new IllegalArgumentException("rampart.session.absolute-timeout must be positive, was "
                    + absoluteTimeout + "; use for example 8h");
        }
    }
}
