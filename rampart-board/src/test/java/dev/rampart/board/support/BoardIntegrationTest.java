package dev.rampart.board.support;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.rampart.board.account.AccountService;
import dev.rampart.board.account.Registration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Base of the integration tests: the whole board on a random port over real HTTP, with the actuator on a
 * second random port in place of the fixed 8081, on the database chosen by {@link TestDatabase}. All test
 * classes share one application context and one database, so each test creates its own accounts with
 * {@link #uniqueName}. Log output is captured for assertions.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// The suite registers and signs in hundreds of users from 127.0.0.1, far beyond the production limits. These
// properties are inherited even by subclasses that declare @SpringBootTest again; the rate-limit tests set
// their own low limits, which take precedence.
@TestPropertySource(properties = {"management.server.port=0",
    "rampart.rate-limit.policies.general.capacity=1000000", "rampart.rate-limit.policies.login.capacity=1000000",
    "rampart.rate-limit.policies.upload-user.capacity=1000000",
    "rampart.rate-limit.policies.upload-client.capacity=1000000"})
@ExtendWith(OutputCaptureExtension.class)
@Import(DatabaseFaults.Installer.class)
public abstract class BoardIntegrationTest {

    public static final String PASSWORD = "grey kettle on a tin roof";

    private static final AtomicInteger COUNTER = new AtomicInteger();

    @LocalServerPort
    protected int port;

    @LocalManagementPort
    protected int managementPort;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected DatabaseFaults databaseFaults;

    @Autowired
    private AccountService accounts;

    /** Heals the database after a test that injected a fault, even when the test failed. */
    @AfterEach
    void clearDatabaseFaults() {
        databaseFaults.clear();
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
    }

    protected TestBrowser browser() {
        return new TestBrowser(port);
    }

    /** Returns a username no other test uses, starting with the given prefix. */
    protected static String uniqueName(String prefix) {
        return prefix + "_" + COUNTER.incrementAndGet();
    }

    /** Creates an administrator the way the command line does, and signs in as it. */
    protected TestBrowser signedInAdmin(String prefix) {
        String name = uniqueName(prefix);
        accounts.createAdmin(Registration.of(name, PASSWORD, PASSWORD));
        TestBrowser admin = browser();
        TestResponse login = admin.login(name, PASSWORD);
        if (!"/dashboard".equals(login.header("Location"))) {
            throw new AssertionError("Admin login failed: " + login.status() + " " + login.header("Location"));
        }
        return admin;
    }

    /** Registers and signs in a fresh user. */
    protected TestBrowser signedInUser(String prefix) {
        return browser().signUp(uniqueName(prefix), PASSWORD);
    }
}
