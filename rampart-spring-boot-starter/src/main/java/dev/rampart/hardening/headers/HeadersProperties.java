package dev.rampart.hardening.headers;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Security headers written on every response, including error pages and static files.
 *
 * @param contentSecurityPolicy the {@code Content-Security-Policy}; the default allows no inline script or style,
 *     which stops injected markup from running script even when escaping fails
 * @param hstsMaxAge how long browsers keep to HTTPS after one secure visit (default two years); sent on HTTPS only
 * @param permissionsPolicy the {@code Permissions-Policy}; the default denies every powerful browser feature
 */
@ConfigurationProperties("rampart.headers")
public record HeadersProperties(
        @DefaultValue(DEFAULT_CSP) String contentSecurityPolicy,
        @DefaultValue("730d") Duration hstsMaxAge,
        @DefaultValue(DEFAULT_PERMISSIONS_POLICY) String permissionsPolicy) {

    public static final String DEFAULT_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    public static final String DEFAULT_PERMISSIONS_POLICY = "accelerometer=(), autoplay=(), camera=(), "
            + "display-capture=(), encrypted-media=(), fullscreen=(), geolocation=(), gyroscope=(), hid=(), "
            + "idle-detection=(), magnetometer=(), microphone=(), midi=(), payment=(), picture-in-picture=(), "
            + "publickey-credentials-get=(), screen-wake-lock=(), serial=(), usb=(), "
            + "xr-spatial-tracking=()";

    public HeadersProperties {
        if (contentSecurityPolicy.isBlank()) {
            throw new IllegalArgumentException("rampart.headers.content-security-policy must not be blank; "
                    + "remove it to use the default policy");
        }
        if (hstsMaxAge.isNegative()) {
            throw new IllegalArgumentException("rampart.headers.hsts-max-age must be zero or positive, was "
                    + hstsMaxAge);
        }
    }
}
