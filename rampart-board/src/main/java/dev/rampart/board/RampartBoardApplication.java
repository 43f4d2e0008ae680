package dev.rampart.board;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import dev.rampart.board.account.AdminCommand;

/**
 * Starts the board, or runs a command: {@code admin create NAME} creates the first administrator with a
 * password read from the console.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RampartBoardApplication {

    public static void main(String[] args) {
        if (AdminCommand.matches(args)) {
            System.exit(AdminCommand.run(args));
        }
        SpringApplication.run(RampartBoardApplication.class, args);
    }
}
