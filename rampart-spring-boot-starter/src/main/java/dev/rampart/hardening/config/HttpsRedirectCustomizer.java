package dev.rampart.hardening.config;

import java.net.InetAddress;

import org.apache.catalina.Lifecycle;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.apache.tomcat.util.descriptor.web.SecurityCollection;
import org.apache.tomcat.util.descriptor.web.SecurityConstraint;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Opens a second, plain-HTTP connector that responds to every request with a redirect to the HTTPS port, so that
 * users who type the bare host name still reach the secure site. The connector listens on the same address as
 * the HTTPS connector ({@code server.address}), and it never serves content itself: Tomcat's
 * {@code CONFIDENTIAL} constraint redirects before any filter or servlet runs.
 */
public class HttpsRedirectCustomizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private final int httpPort;

    public HttpsRedirectCustomizer(int httpPort) {
        this.httpPort = httpPort;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        Connector redirect = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
        redirect.setScheme("http");
        redirect.setPort(httpPort);
        redirect.setSecure(false);
        redirect.setRedirectPort(factory.getPort());
        InetAddress address = factory.getAddress();
        if (address != null && redirect.getProtocolHandler() instanceof AbstractProtocol<?> protocol) {
            // Without an address Tomcat listens on every interface, even when the HTTPS side is loopback only.
            protocol.setAddress(address);
        }
        // With server.port=0 the HTTPS port is known only once its connector has started.
        factory.addConnectorCustomizers(https -> https.addLifecycleListener(event -> {
            if (Lifecycle.AFTER_START_EVENT.equals(event.getType())) {
                redirect.setRedirectPort(https.getLocalPort());
            }
        }));
        factory.addAdditionalConnectors(redirect);
        factory.addContextCustomizers(context -> context.addConstraint(confidentialEverywhere()));
    }

    private static SecurityConstraint confidentialEverywhere() {
        SecurityConstraint constraint = new SecurityConstraint();
        constraint.setUserConstraint("CONFIDENTIAL");
        SecurityCollection everything = new SecurityCollection();
        everything.addPattern("/*");
        constraint.addCollection(everything);
        return constraint;
    }
}
