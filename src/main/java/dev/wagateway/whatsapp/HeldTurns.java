package dev.wagateway.whatsapp;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;

/**
 * One number's turns taken from its shared bucket a block at a time: a few milliseconds' worth
 * ({@code WHATSAPP_RATE_BLOCK}), held by this instance and handed out to its calls without going back to the
 * database. A held turn not used within that time is dropped, so an instance can run ahead of the bucket by at most one
 * block: the limit still holds across instances, within a block per instance. A block of one turn is today's bucket,
 * one take per call.
 * <p>
 * Calls that wait for their turn fetch the next block one at a time (a fair lock), so one block is not taken by
 * many waiting calls at once and then dropped.
 */
final class HeldTurns {

    /** Longest a call that does not wait for the rate waits for another call's fetch to come back. */
    private static final Duration FETCH_ANSWER_WAIT = Duration.ofSeconds(1);

    private final Bucket bucket;
    private final TimeMeter time;
    private final BlockingStrategy blocking;
    private final ReentrantLock fetching = new ReentrantLock(true);
    private long held;
    private long heldUntilNanos;
    /** A fetch without waiting on its way to the database, if any (guarded by this). */
    private CompletableFuture<Void> fetchUnderWay;

    HeldTurns(Bucket bucket, TimeMeter time, BlockingStrategy blocking) {
        this.bucket = bucket;
        this.time = time;
        this.blocking = blocking;
    }

    /**
     * A turn now, from a held block or a new one of up to {@code block} turns, waiting at most {@code maxWait} for
     * it. False: none within that time.
     */
    boolean take(long block, Duration holdFor, Duration maxWait) throws InterruptedException {
        if (block <= 1) {
            return maxWait.isZero() ? bucket.tryConsume(1) : bucket.asBlocking().tryConsume(1, maxWait, blocking);
        }
        if (takeHeld()) {
            return true;
        }
        if (maxWait.isZero()) { // never waits for the rate: fetches a block, or shares the one being fetched
            return takeWithoutWaiting(block, holdFor);
        }
        long deadline = time.currentTimeNanos() + maxWait.toNanos();
        if (!fetching.tryLock(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        try {
            if (takeHeld()) { // fetched by the call before this one
                return true;
            }
            // a whole block, waiting for it (one reservation, one transaction); if it cannot come in time, one turn
            Duration left = Duration.ofNanos(Math.max(0, deadline - time.currentTimeNanos()));
            long got = bucket.asBlocking().tryConsume(block, left, blocking) ? block
                    : bucket.asBlocking().tryConsume(1, left, blocking) ? 1 : 0;
            return hold(got, holdFor);
        } finally {
            fetching.unlock();
        }
    }

    /**
     * A block fetched now, without waiting for the rate. A call that finds another call's fetch on its way to the
     * database waits for that answer (not for the rate: the fetch takes what the bucket has) and takes a turn of it,
     * rather than finding the bucket emptied by it.
     */
    private boolean takeWithoutWaiting(long block, Duration holdFor) throws InterruptedException {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> underWay;
        synchronized (this) {
            underWay = fetchUnderWay;
            if (underWay == null) {
                fetchUnderWay = mine;
            }
        }
        if (underWay != null) {
            try {
                underWay.get(FETCH_ANSWER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // that fetch failed or is stuck: no turn for this call now
            }
            return takeHeld();
        }
        try {
            return hold(bucket.tryConsumeAsMuchAsPossible(block), holdFor);
        } finally {
            synchronized (this) {
                fetchUnderWay = null;
            }
            mine.complete(null);
        }
    }

    /** How many held turns are still usable (for the redelivery claim's headroom). */
    synchronized long usable() {
        return time.currentTimeNanos() < heldUntilNanos ? held : 0;
    }

    private synchronized boolean takeHeld() {
        if (held > 0 && time.currentTimeNanos() < heldUntilNanos) {
            held--;
            return true;
        }
        return false;
    }

    /** {@code got} turns were taken: one for this call, the rest held for {@code holdFor}. */
    private synchronized boolean hold(long got, Duration holdFor) {
        if (got <= 0) {
            return false;
        }
        if (time.currentTimeNanos() >= heldUntilNanos) {
            held = 0;
        }
        held += got - 1;
        heldUntilNanos = time.currentTimeNanos() + holdFor.toNanos();
        return true;
    }
}
