package dev.rampart.hardening.config;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.rampart.hardening.audit.AuthenticationEventRecorder;
import dev.rampart.hardening.audit.SecurityEventStore;
import dev.rampart.hardening.audit.SecurityEvents;

/**
 * The clock and the security-event stream. They need no web server, so command-line tasks of the
 * application (such as creating an administrator) record their events too.
 */
@AutoConfiguration
public class RampartAuditAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    SecurityEvents rampartSecurityEvents(Clock clock, ObjectProvider<SecurityEventStore> stores) {
        return new SecurityEvents(clock, stores.orderedStream().toList());
    }

    @Bean
    AuthenticationEventRecorder rampartAuthenticationEventRecorder(SecurityEvents events) {
        return new AuthenticationEventRecorder(events);
    }
}
