package dev.rampart.hardening.testapp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small Spring MVC application that uses the starter the way any application would: a few pages, endpoints
 * that fail in each way the error pages cover, a static file and a form login.
 */
@SpringBootApplication
public class HardeningTestApplication {

    public static void main(String[] args) {
        SpringApplication.run(HardeningTestApplication.class, args);
    }
}
