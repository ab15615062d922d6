package dev.wagateway.callback;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

/**
 * This instance's CALLBACK_CONCURRENCY posting workers, as the claim loop sees them: how many are free (a claim takes
 * no more, so a claimed delivery never waits in memory while its lease runs), how many are busy, and when to claim
 * again: at once after a claim that got all it asked for (more may be due), else once some outcomes have been
 * recorded (a delivery holds its tenant's share, CALLBACK_CONCURRENCY_PER_TENANT, until its outcome is recorded, not
 * merely until its worker is free: claiming on workers' releases found those shares still taken, and in the
 * callbacks benchmark the tenants' shares, not the workers or the CPU, bounded the rate), or after the poll interval.
 */
@Component("callbackWorkers")
public class CallbackWorkers {

    private final int workers;
    private int free;
    private long released;
    private long recorded;
    private long recordedSeen;
    private boolean moreDue;

    public CallbackWorkers(CallbackSettings settings) {
        this.workers = settings.concurrency();
        this.free = workers;
    }

    /**
     * Waits, up to {@code maxWaitMillis}, until claiming again is worth it: a worker is free, and the outcomes of a
     * quarter of the posts not yet recorded (at least one) have been recorded since the last claim, so claims come in
     * batches under load and at once in a tail; at once when no post is under way or unrecorded (nothing to wait
     * for). Returns how many workers are free.
     */
    public synchronized int awaitFree(long maxWaitMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
        // posts whose outcomes are not recorded: under way, or ended and on their way to callback-record (an outcome
        // whose recording failed stays counted: then claims wait up to the poll interval, as they did)
        long unrecorded = (workers - free) + Math.max(0, released - recorded);
        long enough = Math.max(1, unrecorded / 4);
        while (free == 0 || (!moreDue && unrecorded > 0 && recorded - recordedSeen < enough)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        recordedSeen = recorded;
        return free;
    }

    /** The {@code claimed} deliveries, of the {@code asked}: as many workers are taken. */
    public synchronized void take(List<?> claimed, int asked) {
        free -= claimed.size();
        moreDue = !claimed.isEmpty() && claimed.size() == asked;
    }

    /**
     * Whether the claim loop goes on: something was {@code claimed}, or posts are under way (when one ends, its
     * tenant's next may go); else nothing is due and the next poll looks again.
     */
    public synchronized boolean keepClaiming(List<?> claimed) {
        return !claimed.isEmpty() || busy();
    }

    /** Whether any worker is taken: a claimed delivery handed to it, or its post under way. */
    public synchronized boolean busy() {
        return free < workers;
    }

    /** A worker's post is done (its outcome handed to callback-record): its slot is free. */
    public synchronized void release() {
        free++;
        released++;
        notifyAll();
    }

    /** These outcomes are recorded (callback-record): their tenants' shares are free for the next claim. */
    public synchronized void recorded(List<?> outcomes) {
        if (!outcomes.isEmpty()) {
            recorded += outcomes.size();
            notifyAll();
        }
    }
}
