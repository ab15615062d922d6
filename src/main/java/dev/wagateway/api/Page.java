package dev.wagateway.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * A page of a list, newest first: its rows (the answer's {@code data}) and where the next page starts
 * ({@code next_cursor}, null on the last page). The routes set both on the answer ({@code api-page-response}).
 */
public record Page<T>(List<T> rows, String nextCursor) {

    /**
     * The page of {@code fetched}, which a query read with {@code LIMIT limit + 1}: a row beyond {@code limit} means
     * there is a next page, which starts after the last row shown.
     */
    public static <T> Page<T> of(List<T> fetched, int limit, PageCursor.Kind kind, Function<T, Instant> createdAt,
            Function<T, UUID> id) {
        if (fetched.size() <= limit) {
            return new Page<>(fetched, null);
        }
        T last = fetched.get(limit - 1);
        return new Page<>(fetched.subList(0, limit), new PageCursor(createdAt.apply(last), id.apply(last)).encode(kind));
    }
}
