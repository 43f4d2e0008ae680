package dev.rampart.board.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

import dev.rampart.board.support.BoardIntegrationTest;

/** The {@code admin create NAME} command, run against the application context's own beans. */
class AdminCommandIntegrationTest extends BoardIntegrationTest {

    @Autowired
    private AccountService accounts;

    @Autowired
    private PasswordPolicy passwordPolicy;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void createStoresAdministratorAndEvent() {
        String name = uniqueName("Chief");

        int exitCode = create(name, PASSWORD, PASSWORD);

        assertThat(exitCode).isZero();
        assertThat(text(out)).isEqualTo("Created administrator '" + name + "'.\n");
        assertThat(text(err)).isEmpty();
        String role = jdbc.sql("select role from accounts where username = ?").param(name)
                .query(String.class).single();
        assertThat(role).isEqualTo("ADMIN");
        String detail = jdbc.sql("select detail from security_events where type = 'ADMIN_CREATED' and username = ?")
                .param(name).query(String.class).single();
        assertThat(detail).isEqualTo("created from the command line");
    }

    @Test
    void createdAdministratorCanOpenConsole() {
        String name = uniqueName("Opener");
        create(name, PASSWORD, PASSWORD);
        var admin = browser();

        admin.login(name, PASSWORD);

        assertThat(admin.get("/admin").status()).isEqualTo(200);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "grey kettle on a tin roof | grey kettle on a tin ROOF | confirmation: The two passwords do not match.",
            "password123 | password123 | password: This password is too common.",
            "Password2024! | Password2024! | password: This password is too common.",
            "short | short | password: Password must be at least 10 characters long."})
    void weakOrMismatchedPasswordIsRejected(String password, String confirmation, String message) {
        String name = uniqueName("refused");

        int exitCode = create(name, password, confirmation);

        assertThat(exitCode).isEqualTo(1);
        assertThat(text(err)).contains(message);
        assertThat(text(out)).isEmpty();
        assertThat(jdbc.sql("select count(*) from accounts where username = ?").param(name)
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from security_events where type = 'ADMIN_CREATED' and username = ?")
                .param(name).query(Long.class).single()).isZero();
    }

    @Test
    void takenNameIsRejected() {
        String name = uniqueName("taken");
        browser().register(name, PASSWORD);

        int exitCode = create(name.toUpperCase(), PASSWORD, PASSWORD);

        assertThat(exitCode).isEqualTo(1);
        assertThat(text(err)).contains("already exists. Choose another name.");
        assertThat(jdbc.sql("select role from accounts where username = ?").param(name)
                .query(String.class).single()).isEqualTo("USER");
    }

    private int create(String name, String password, String confirmation) {
        return AdminCommand.create(accounts, passwordPolicy, Registration.of(name, password, confirmation),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
