package dev.rampart.hardening.audit;

import java.time.Clock;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import dev.rampart.hardening.errors.RequestIdFilter;
import dev.rampart.hardening.resilience.DatabaseUnavailableException;

/**
 * Records security events: one line on the {@code rampart.security} logger, with the values as structured
 * key-value pairs, and then every {@link SecurityEventStore}. User-supplied values are escaped for the log
 * with {@link LogSanitizer}. Passwords, tokens and session ids are never part of an event.
 */
public class SecurityEvents {

    private static final Logger log = LoggerFactory.getLogger("rampart.security");

    private final Clock clock;
    private final List<SecurityEventStore> stores;

    public SecurityEvents(Clock clock, List<SecurityEventStore> stores) {
        this.clock = clock;
        this.stores = List.copyOf(stores);
    }

    /** Records an event about the current request, if there is one. */
    public void record(SecurityEventType type, @Nullable String username, @Nullable String detail) {
        HttpServletRequest request = currentRequest();
        if (request == null) {
            record(new SecurityEvent(clock.instant(), type, username, null, null, detail, null));
            return;
        }
        record(new SecurityEvent(clock.instant(), type, username, request.getRemoteAddr(),
                request.getRequestURI(), detail, RequestIdFilter.requestId(request)));
    }

    public void record(SecurityEvent event) {
        log.atInfo()
                .addKeyValue("event.action", event.type().name())
                .addKeyValue("user.name", LogSanitizer.escape(event.username()))
                .addKeyValue("client.address", LogSanitizer.escape(event.clientAddress()))
                .addKeyValue("url.path", LogSanitizer.escape(event.path()))
                .log("security event {} user={} client={} path={} detail={}", event.type(),
                        LogSanitizer.escape(event.username()), LogSanitizer.escape(event.clientAddress()),
                        LogSanitizer.escape(event.path()), LogSanitizer.escape(event.detail()));
        for (SecurityEventStore store : stores) {
            storeQuietly(store, event);
        }
    }

    private static void storeQuietly(SecurityEventStore store, SecurityEvent event) {
        try {
            store.store(event);
        }
        catch (DatabaseUnavailableException ex) {
            // The log line above already holds the event; losing the stored copy must not fail the request.
            // The guard logged the database failure once, so a stack trace here would only repeat it.
            log.warn("Failed to store security event {}: {}", event.type(), ex.getMessage());
        }
        catch (RuntimeException ex) {
            log.error("Failed to store security event {}", event.type(), ex);
        }
    }

    private static @Nullable HttpServletRequest currentRequest() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            return attributes.getRequest();
        }
        return null;
    }
}
