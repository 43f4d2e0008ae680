package dev.rampart.hardening.ratelimit.login;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Runs a slow password encoder's {@code encode} and {@code matches} on a small fixed pool with a bounded queue,
 * so that a flood of logins or registrations waits for hashing threads instead of holding every request thread
 * of the server. A hash that finds the queue full, or does not finish within the configured wait, is rejected
 * with {@link PasswordHashingUnavailableException}. Pass this encoder to the authentication provider as well, so
 * that the dummy hash Spring Security computes for unknown usernames runs on the same pool.
 */
public class BoundedPasswordEncoder implements PasswordEncoder, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BoundedPasswordEncoder.class);

    private final PasswordEncoder delegate;
    private final ThreadPoolExecutor executor;
    private final Duration maxWait;

    public BoundedPasswordEncoder(PasswordEncoder delegate, PasswordHashingProperties properties) {
        this.delegate = delegate;
        this.maxWait = properties.maxWait();
        this.executor = new ThreadPoolExecutor(properties.threads(), properties.threads(), 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(properties.queueCapacity()), new HashingThreads(),
                new ThreadPoolExecutor.AbortPolicy());
    }

    @Override
    public String encode(CharSequence rawPassword) {
        return run(() -> delegate.encode(rawPassword));
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        return run(() -> delegate.matches(rawPassword, encodedPassword));
    }

    /** Reads only the stored hash's parameters, which is cheap, so it runs on the caller's thread. */
    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return delegate.upgradeEncoding(encodedPassword);
    }

    /** Returns the number of hashes waiting for a thread. */
    public int queueSize() {
        return executor.getQueue().size();
    }

    /** Stops the hashing threads; hashes already running finish, queued ones are dropped. */
    @Override
    public void close() {
        executor.shutdownNow();
    }

    private <T> T run(Callable<T> hash) {
        FutureTask<T> task = new FutureTask<>(hash);
        try {
            executor.execute(task);
        }
        catch (RejectedExecutionException ex) {
            log.debug("Password hash rejected: {} hashes already wait", queueSize());
            throw new PasswordHashingUnavailableException("Password hashing queue is full; retry in a second");
        }
        try {
            return task.get(maxWait.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (TimeoutException ex) {
            abandon(task);
            log.debug("Password hash abandoned after waiting {}", maxWait);
            throw new PasswordHashingUnavailableException("Password hash did not finish within " + maxWait
                    + "; retry in a second");
        }
        catch (InterruptedException ex) {
            abandon(task);
            Thread.currentThread().interrupt();
            throw new PasswordHashingUnavailableException("Interrupted while waiting for a password hash");
        }
        catch (ExecutionException ex) {
            throw rethrow(ex.getCause());
        }
    }

    /** Frees the queue slot of a hash whose caller has stopped waiting; a hash already running finishes. */
    private void abandon(FutureTask<?> task) {
        task.cancel(false);
        executor.remove(task);
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        throw new IllegalStateException("Password encoder failed", cause);
    }

    private static final class HashingThreads implements ThreadFactory {

        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "rampart-password-hashing-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
