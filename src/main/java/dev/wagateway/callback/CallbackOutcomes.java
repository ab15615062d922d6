package dev.wagateway.callback;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.wagateway.callback.CallbackDeliveries.Posted;
import org.springframework.stereotype.Component;

/**
 * What the workers' posts did, on its way from {@code callback-worker} to {@code callback-record}: each worker adds
 * its outcome and is free at once; the recording loop gathers them, many to a statement. In memory only: an outcome
 * lost here (the instance dies first) leaves its delivery leased, and it is posted again once the lease runs out (at
 * least once). It replaced a seda queue and an aggregator, which cost an exchange copy and the aggregator's
 * bookkeeping per post: about 7 % of the service's CPU in the callbacks benchmark.
 */
@Component("callbackOutcomes")
public class CallbackOutcomes {

    private final CallbackWorkers workers;
    private List<Posted> gathered = new ArrayList<>();

    public CallbackOutcomes(CallbackWorkers workers) {
        this.workers = workers;
    }

    /** A worker's post and what it did, to be recorded. */
    public synchronized void add(CallbackPost post, CallbackOutcome outcome) {
        gathered.add(new Posted(post, outcome));
        notifyAll();
    }

    /**
     * The outcomes to record next: waits up to {@code maxWaitMillis} for a first one, then up to {@code windowMillis}
     * more while fewer than {@code atMost} have come (so that, under load, one statement records many); empty when
     * none came.
     */
    public synchronized List<Posted> gather(long maxWaitMillis, long windowMillis, int atMost)
            throws InterruptedException {
        waitWhile(() -> gathered.isEmpty(), maxWaitMillis);
        waitWhile(() -> !gathered.isEmpty() && gathered.size() < atMost, windowMillis);
        return take(atMost);
    }

    /**
     * Whether the recording loop goes on: some outcomes were {@code gathered}, or posts are under way (their outcomes
     * are to come: at a stop, Camel waits for this loop, which records them before it ends).
     */
    public boolean keepRecording(List<Posted> gathered) {
        // a worker adds its outcome before it is free: once none is busy, every outcome is here or recorded
        boolean busy = workers.busy();
        synchronized (this) {
            return !gathered.isEmpty() || busy || !this.gathered.isEmpty();
        }
    }

    private List<Posted> take(int atMost) {
        if (gathered.size() <= atMost) {
            List<Posted> all = gathered;
            gathered = new ArrayList<>();
            return all;
        }
        List<Posted> first = new ArrayList<>(gathered.subList(0, atMost));
        gathered = new ArrayList<>(gathered.subList(atMost, gathered.size()));
        return first;
    }

    private void waitWhile(BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}
