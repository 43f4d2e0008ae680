package dev.rampart.hardening.config;

/** Thrown at start-up when a production setting would leave the application exposed. */
public class InsecureConfigurationException extends RuntimeException {

    private final String property;
    private final String action;

    public InsecureConfigurationException(String property, String problem, String action) {
        super(property + ": " + problem);
        this.property = property;
        this.action = action;
    }

    public String property() {
        return property;
    }

    public String action() {
        return action;
    }
}
