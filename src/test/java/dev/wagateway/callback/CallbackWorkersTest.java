package dev.wagateway.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.wagateway.callback.CallbackDeliveries.Posted;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The claim loop's pacing ({@link CallbackWorkers}) and the outcomes' way to callback-record ({@link CallbackOutcomes}),
 * with real threads: a claim waits for recorded outcomes (its tenants' shares), not for free workers; the recording
 * loop goes on while posts are under way; outcomes from many workers are gathered once each, a bounded batch at a
 * time.
 */
class CallbackWorkersTest {

    private static final int WORKERS = 8;

    private final CallbackWorkers workers = new CallbackWorkers(new Binder(new MapConfigurationPropertySource(
            Map.of("callback.concurrency", String.valueOf(WORKERS)))).bindOrCreate("callback", CallbackSettings.class));
    private final CallbackOutcomes outcomes = new CallbackOutcomes(workers);

    @Test
    void after_a_partial_claim_the_loop_claims_again_once_outcomes_are_recorded_not_once_workers_are_free()
            throws Exception {
        assertThat(CompletableFuture.supplyAsync(() -> awaitFree(10_000)).get(2, TimeUnit.SECONDS))
                .as("nothing under way or unrecorded: at once").isEqualTo(WORKERS);
        workers.take(deliveries(4), WORKERS);   // fewer than asked: nothing more was due (or the shares were taken)

        CompletableFuture<Integer> next = CompletableFuture.supplyAsync(() -> awaitFree(10_000));
        workers.release();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !next.isDone());

        workers.recorded(List.of(posted()));
        assertThat(next.get(2, TimeUnit.SECONDS)).as("free workers once an outcome is recorded").isEqualTo(5);
    }

    @Test
    void after_a_full_claim_the_loop_claims_again_at_once() throws Exception {
        workers.take(deliveries(WORKERS), WORKERS);
        workers.release();
        assertThat(CompletableFuture.supplyAsync(() -> awaitFree(10_000)).get(2, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void recording_goes_on_while_posts_are_under_way_and_ends_once_none_is_and_nothing_is_left() throws Exception {
        assertThat(outcomes.keepRecording(List.of())).as("idle").isFalse();
        workers.take(deliveries(1), 1);
        assertThat(outcomes.keepRecording(List.of())).as("a post under way: its outcome is to come").isTrue();
        outcomes.add(post(), new CallbackOutcome(true, 200, 50, null));
        workers.release();
        assertThat(outcomes.keepRecording(List.of())).as("its outcome not yet gathered").isTrue();
        assertThat(outcomes.gather(1_000, 0, 100)).hasSize(1);
        assertThat(outcomes.keepRecording(List.of())).isFalse();
    }

    @Test
    void outcomes_of_many_workers_are_gathered_once_each_at_most_a_batch_at_a_time() throws Exception {
        int perWorker = 250;
        ExecutorService posting = Executors.newFixedThreadPool(4);
        Set<UUID> posted = Collections.synchronizedSet(new HashSet<>());
        for (int w = 0; w < 4; w++) {
            posting.submit(() -> {
                for (int i = 0; i < perWorker; i++) {
                    CallbackPost post = post();
                    posted.add(post.deliveryId());
                    outcomes.add(post, new CallbackOutcome(true, 200, 50, null));
                }
            });
        }
        List<UUID> gathered = new ArrayList<>();
        List<Integer> batches = new ArrayList<>();
        while (gathered.size() < 4 * perWorker) {
            List<Posted> batch = outcomes.gather(2_000, 10, 100);
            assertThat(batch).as("nothing came within 2 s").isNotEmpty();
            batches.add(batch.size());
            batch.forEach(p -> gathered.add(p.post().deliveryId()));
        }
        posting.shutdown();
        assertThat(gathered).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(posted);
        assertThat(batches).allSatisfy(size -> assertThat(size).isBetween(1, 100));
        assertThat(outcomes.gather(50, 10, 100)).as("none left").isEmpty();
    }

    private int awaitFree(long millis) {
        try {
            return workers.awaitFree(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<CallbackPost> deliveries(int n) {
        List<CallbackPost> posts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            posts.add(post());
        }
        return posts;
    }

    private static Posted posted() {
        return new Posted(post(), new CallbackOutcome(true, 200, 50, null));
    }

    private static CallbackPost post() {
        return new CallbackPost(UUID.randomUUID(), UUID.randomUUID(), "message.sent", UUID.randomUUID(),
                "https://example.com/hooks", "{}", new byte[0], null, false);
    }
}
