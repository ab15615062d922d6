package dev.wagateway.callback;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

/**
 * This instance's CALLBACK_CONCURRENCY posting workers: how many are free, so a claim takes no more than they can
 * post at once (a claimed delivery never waits in memory while its lease runs), and each worker hands its slot back
 * when its post is recorded.
 */
@Component("callbackWorkers")
public class CallbackWorkers {

    private final Semaphore free;
    private final int refillAt;

    public CallbackWorkers(CallbackSettings settings) {
        this.free = new Semaphore(settings.concurrency());
        this.refillAt = Math.max(1, settings.concurrency() / 4);
    }

    /**
     * Waits up to {@code maxWaitMillis} until a quarter of the workers are free (one claim fills many slots, rather
     * than one claim per finished post), and returns how many are free now.
     */
    public int awaitFree(long maxWaitMillis) throws InterruptedException {
        if (free.tryAcquire(refillAt, maxWaitMillis, TimeUnit.MILLISECONDS)) {
            free.release(refillAt);
        }
        return free.availablePermits();
    }

    /** {@code count} deliveries were claimed: as many workers are taken. */
    public void take(int count) {
        free.acquireUninterruptibly(count);
    }

    /** A worker's post is recorded (or gave up): its slot is free. */
    public void release() {
        free.release();
    }
}
