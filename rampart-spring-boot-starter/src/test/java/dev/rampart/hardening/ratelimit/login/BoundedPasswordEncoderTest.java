package dev.rampart.hardening.ratelimit.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The hashing pool with a fake encoder that blocks until the test releases it, so no test depends on timing. */
class BoundedPasswordEncoderTest {

    private final BlockingEncoder fake = new BlockingEncoder();
    private final ExecutorService callers = Executors.newFixedThreadPool(4);
    private BoundedPasswordEncoder encoder;

    @AfterEach
    void stop() throws InterruptedException {
        fake.release.countDown();
        callers.shutdownNow();
        callers.awaitTermination(10, TimeUnit.SECONDS);
        if (encoder != null) {
            encoder.close();
        }
    }

    @Test
    void hashesRunOnPoolThreads() {
        fake.release.countDown();
        encoder = pool(1, 1, Duration.ofSeconds(30));

        String hash = encoder.encode("secret");
        boolean matches = encoder.matches("secret", hash);

        assertThat(hash).isEqualTo("hash:secret");
        assertThat(matches).isTrue();
        assertThat(fake.threads).hasSize(2).allMatch(name -> name.startsWith("rampart-password-hashing-"));
    }

    @Test
    void fullQueueRejectsAtOnce() throws Exception {
        encoder = pool(1, 1, Duration.ofMinutes(5));
        Future<String> running = callers.submit(() -> encoder.encode("first"));
        fake.started.await(10, TimeUnit.SECONDS);
        Future<String> queued = callers.submit(() -> encoder.encode("second"));
        awaitQueued(1);

        assertThatExceptionOfType(PasswordHashingUnavailableException.class)
                .isThrownBy(() -> encoder.matches("third", "hash:third"))
                .withMessageContaining("queue is full");

        fake.release.countDown();
        assertThat(running.get(10, TimeUnit.SECONDS)).isEqualTo("hash:first");
        assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo("hash:second");
        assertThat(fake.threads).hasSize(2);
    }

    @Test
    void waitOverBoundRejectsAndFreesQueueSlot() throws Exception {
        encoder = pool(1, 1, Duration.ofMillis(1));
        Future<String> running = callers.submit(() -> encoder.encode("first"));
        fake.started.await(10, TimeUnit.SECONDS);

        assertThatExceptionOfType(PasswordHashingUnavailableException.class)
                .isThrownBy(() -> encoder.encode("second"))
                .withMessageContaining("did not finish within PT0.001S");

        assertThat(queueSize()).isZero();
        fake.release.countDown();
        assertThatExceptionOfType(Exception.class).isThrownBy(() -> running.get(10, TimeUnit.SECONDS))
                .as("the first caller also waited longer than the bound");
        encoder.close();
        assertThat(fake.calls).containsExactly("encode");
    }

    @Test
    void unknownUsernameDummyHashRunsOnPool() {
        fake.release.countDown();
        encoder = pool(1, 1, Duration.ofSeconds(30));
        var provider = new DaoAuthenticationProvider(username -> {
            throw new UsernameNotFoundException("none");
        });
        provider.setPasswordEncoder(encoder);

        assertThatExceptionOfType(BadCredentialsException.class).isThrownBy(() ->
                provider.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("ghost", "guess")));

        assertThat(fake.calls).contains("encode", "matches");
        assertThat(fake.threads).isNotEmpty().allMatch(name -> name.startsWith("rampart-password-hashing-"));
    }

    @Test
    void encoderExceptionReachesCaller() {
        fake.release.countDown();
        fake.failure = new IllegalArgumentException("malformed hash");
        encoder = pool(1, 1, Duration.ofSeconds(30));

        assertThatIllegalArgumentException().isThrownBy(() -> encoder.matches("x", "garbage"))
                .withMessage("malformed hash");
    }

    @Test
    void invalidPropertiesAreRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> new PasswordHashingProperties(0, 64,
                Duration.ofSeconds(2))).withMessageContaining("rampart.password-hashing.threads");
        assertThatIllegalArgumentException().isThrownBy(() -> new PasswordHashingProperties(2, 0,
                Duration.ofSeconds(2))).withMessageContaining("rampart.password-hashing.queue-capacity");
        assertThatIllegalArgumentException().isThrownBy(() -> new PasswordHashingProperties(2, 64,
                Duration.ZERO)).withMessageContaining("rampart.password-hashing.max-wait");
        assertThat(new PasswordHashingProperties(null, 64, Duration.ofSeconds(2)).threads())
                .isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    }

    private BoundedPasswordEncoder pool(int threads, int queue, Duration maxWait) {
        return new BoundedPasswordEncoder(fake, new PasswordHashingProperties(threads, queue, maxWait));
    }

    private void awaitQueued(int size) throws InterruptedException {
        for (int poll = 0; poll < 1000 && queueSize() < size; poll++) {
            Thread.sleep(10);
        }
        assertThat(queueSize()).isEqualTo(size);
    }

    private int queueSize() {
        return encoder.queueSize();
    }

    /** Records each call and its thread, and blocks every hash until {@link #release} opens. */
    private static final class BlockingEncoder implements PasswordEncoder {

        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> threads = new CopyOnWriteArrayList<>();
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile RuntimeException failure;

        @Override
        public String encode(CharSequence rawPassword) {
            await("encode");
            return "hash:" + rawPassword;
        }

        @Override
        public boolean matches(CharSequence rawPassword, String encodedPassword) {
            await("matches");
            if (failure != null) {
                throw failure;
            }
            return ("hash:" + rawPassword).equals(encodedPassword);
        }

        private void await(String call) {
            calls.add(call);
            threads.add(Thread.currentThread().getName());
            started.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
