package dev.rampart.hardening.config;

import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

import dev.rampart.hardening.errors.ContainerErrorReportValve;

/**
 * Makes the Tomcat host use {@link ContainerErrorReportValve} in place of every other error report valve. The
 * swap waits until the host starts, because Spring Boot adds its own error report valve from a context
 * customizer that may run after this one, and a host starting without one would add Tomcat's default.
 */
public class ContainerErrorReportCustomizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private final ContainerErrorReportValve valve;

    public ContainerErrorReportCustomizer(ContainerErrorReportValve valve) {
        this.valve = valve;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ContainerErrorReportValve.class.getName());
                host.addLifecycleListener(event -> {
                    if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                        replaceErrorReportValves(host);
                    }
                });
            }
        });
    }

    private void replaceErrorReportValves(StandardHost host) {
        for (Valve existing : host.getPipeline().getValves()) {
            if (existing instanceof ErrorReportValve && existing != valve) {
                host.getPipeline().removeValve(existing);
            }
        }
        host.getPipeline().addValve(valve);
    }
}
