package dev.rampart.hardening.config;

import org.apache.catalina.connector.Connector;
import org.apache.tomcat.util.descriptor.web.SecurityCollection;
import org.apache.tomcat.util.descriptor.web.SecurityConstraint;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Opens a second, plain-HTTP connector that answers every request with a redirect to the HTTPS port, so that
 * users who type the bare host name still reach the secure site.
 */
public class HttpsRedirectCustomizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private final int httpPort;

    public HttpsRedirectCustomizer(int httpPort) {
        this.httpPort = httpPort;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
        connector.setScheme("http");
        connector.setPort(httpPort);
        connector.setSecure(false);
        connector.setRedirectPort(factory.getPort());
        factory.addAdditionalConnectors(connector);
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
