package dev.rampart.board.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import dev.rampart.board.support.BoardIntegrationTest;
import dev.rampart.board.support.TestBrowser;
import dev.rampart.board.support.TestResponse;
import dev.rampart.hardening.ratelimit.login.BoundedPasswordEncoder;
import dev.rampart.hardening.ratelimit.login.PasswordHashingProperties;

/**
 * The board with a one-thread hashing pool whose hashes the test can hold, to show what users see while the pool
 * is saturated: registrations and logins get 503 with {@code Retry-After} at once, and pages keep being served.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LoginHashingPoolIntegrationTest extends BoardIntegrationTest {

    @Autowired
    private HeldEncoder heldEncoder;

    @Autowired
    private BoundedPasswordEncoder pool;

    private final ExecutorService background = Executors.newFixedThreadPool(2);

    @BeforeEach
    void saturatePool() throws InterruptedException {
        heldEncoder.hold();
        background.submit(() -> pool.encode("occupies the only hashing thread"));
        heldEncoder.awaitRunning();
        background.submit(() -> pool.encode("occupies the only queue slot"));
        for (int poll = 0; poll < 1000 && pool.queueSize() < 1; poll++) {
            Thread.sleep(10);
        }
        assertThat(pool.queueSize()).isEqualTo(1);
    }

    @AfterEach
    void releasePool() throws InterruptedException {
        heldEncoder.release();
        background.shutdown();
        assertThat(background.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void registrationWhileSaturatedIsUnavailable() {
        String name = uniqueName("queued");

        TestResponse response = browser().register(name, PASSWORD);

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("Retry-After")).isEqualTo("1");
        assertThat(jdbc.sql("select count(*) from accounts where username = ?").param(name)
                .query(Long.class).single()).isZero();
    }

    @Test
    void loginWhileSaturatedIsUnavailableAndNotCounted() {
        String name = uniqueName("waiting");

        TestResponse response = browser().login(name, PASSWORD);

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("Retry-After")).isEqualTo("1");
        assertThat(jdbc.sql("select count(*) from security_events where type = 'LOGIN_FAILURE' and username = ?")
                .param(name).query(Long.class).single()).isZero();
    }

    @Test
    void pagesAreServedWhileSaturated() {
        TestBrowser visitor = browser();

        TestResponse home = visitor.get("/");
        TestResponse login = visitor.get("/login");
        TestResponse search = visitor.get("/search?q=kettle");

        assertThat(home.status()).isEqualTo(200);
        assertThat(login.status()).isEqualTo(200);
        assertThat(search.status()).isEqualTo(200);
    }

    @Test
    void loginSucceedsOnceReleased() {
        String name = uniqueName("released");
        heldEncoder.release();
        background.shutdown();
        awaitIdle();

        TestBrowser member = browser().signUp(name, PASSWORD);

        assertThat(member.get("/dashboard").body()).contains("Welcome, " + name);
    }

    private void awaitIdle() {
        try {
            assertThat(background.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** A one-thread pool over the real encoder, which the test can make hold every hash. */
    @TestConfiguration
    static class HeldPoolConfiguration {

        @Bean
        HeldEncoder heldEncoder() {
            return new HeldEncoder(new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2));
        }

        @Bean
        @Primary
        BoundedPasswordEncoder heldPasswordEncoder(HeldEncoder encoder) {
            return new BoundedPasswordEncoder(encoder, new PasswordHashingProperties(1, 1, Duration.ofSeconds(30)));
        }
    }

    /** Passes hashes to the real encoder, except while held, when each waits until released. */
    static final class HeldEncoder implements PasswordEncoder {

        private final PasswordEncoder delegate;
        private volatile CountDownLatch running = new CountDownLatch(1);
        private volatile CountDownLatch released = new CountDownLatch(0);

        HeldEncoder(PasswordEncoder delegate) {
            this.delegate = delegate;
        }

        void hold() {
            running = new CountDownLatch(1);
            released = new CountDownLatch(1);
        }

        void awaitRunning() throws InterruptedException {
            assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
        }

        void release() {
            released.countDown();
        }

        @Override
        public String encode(CharSequence rawPassword) {
            waitWhileHeld();
            return delegate.encode(rawPassword);
        }

        @Override
        public boolean matches(CharSequence rawPassword, String encodedPassword) {
            waitWhileHeld();
            return delegate.matches(rawPassword, encodedPassword);
        }

        private void waitWhileHeld() {
            running.countDown();
            try {
                released.await(60, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
