package dev.wagateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.Api;
import dev.wagateway.IntegrationTest;
import dev.wagateway.redelivery.Backlog;
import org.junit.jupiter.api.Test;

/**
 * Cursor pagination of the four lists (GET /messages, /contacts, /batches, /callbacks/deliveries): limit and cursor
 * walk every row once, newest first by (created_at, id), also while rows arrive; a cursor that is not the list's own
 * (garbage, altered, cut short, another list's) and a limit of 0 or 501 are VALIDATION_ERROR; GET /messages' filters.
 * Volume is written as rows (fast); paging and filtering go through the API.
 */
class CursorPaginationTest extends IntegrationTest {

    /** Every row of a list, page by page: each page's {@code data} ids, in order, until next_cursor is null. */
    private static List<String> walk(Api api, String path, int limit, Runnable betweenPages) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        String separator = path.contains("?") ? "&" : "?";
        do {
            Api.Response page = api.get(path + separator + "limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.raw()).isEqualTo(200);
            assertThat(page.json().has("next_cursor")).as("next_cursor beside data: %s", page.raw()).isTrue();
            assertThat(page.data().size()).isLessThanOrEqualTo(limit);
            page.data().forEach(row -> seen.add(row.path("id").asText()));
            cursor = page.json().path("next_cursor").isNull() ? null : page.json().path("next_cursor").asText();
            if (cursor != null) {
                assertThat(page.data().size()).as("a page before the last is full").isEqualTo(limit);
            }
            betweenPages.run();
        } while (cursor != null);
        return seen;
    }

    private static List<String> walk(Api api, String path, int limit) {
        return walk(api, path, limit, () -> { });
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** {@code count} messages of the contact in {@code status}, created {@code ties} at a time at the same instant. */
    private void messages(String tenantId, String contactId, int count, int ties, String status, String reference,
            String newestAt) {
        new Backlog(jdbc, tenantId, contactId);
        jdbc.update("INSERT INTO messages (id, tenant_id, conversation_id, contact_id, type, content, status,"
                + " client_reference, created_at, updated_at, expires_at) SELECT gen_random_uuid(), ?::uuid, c.id,"
                + " c.contact_id, 'text', 'm' || n, ?, ?, ?::timestamptz - (n / ?) * interval '1 millisecond', now(),"
                + " now() + interval '1 day' FROM generate_series(0, ? - 1) n, conversations c"
                + " WHERE c.tenant_id = ?::uuid AND c.contact_id = ?::uuid",
                tenantId, status, reference, newestAt, ties, count, tenantId, contactId);
    }

    private List<String> messageIds(String where, Object... args) {
        return jdbc.queryForList("SELECT id::text FROM messages WHERE " + where + " ORDER BY created_at DESC, id DESC",
                String.class, args);
    }

    private static void assertValidationError(Api.Response response) {
        assertThat(response.status()).as(response.raw()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("VALIDATION_ERROR");
    }

    /** The cursor's characters with the middle one changed: still base64url, another position and checksum. */
    private static String tampered(String cursor) {
        int middle = cursor.length() / 2;
        char changed = cursor.charAt(middle) == 'A' ? 'B' : 'A';
        return cursor.substring(0, middle) + changed + cursor.substring(middle + 1);
    }

    /** The list's cursors refused: garbage, altered, cut short, another list's; limits 0 and 501 too. */
    private void refusesBadCursorsAndLimits(Api api, String path, String validCursor, String otherListsCursor) {
        String separator = path.contains("?") ? "&" : "?";
        assertThat(api.get(path + separator + "limit=1&cursor=" + validCursor).status()).isEqualTo(200);
        for (String cursor : List.of("garbage", "bm9wZQ", "%20", tampered(validCursor),
                validCursor.substring(0, validCursor.length() - 4), validCursor + "AAAA", otherListsCursor)) {
            assertValidationError(api.get(path + separator + "cursor=" + cursor));
        }
        for (String limit : List.of("0", "501", "-1", "x")) {
            assertValidationError(api.get(path + separator + "limit=" + limit));
        }
        assertThat(api.get(path + separator + "limit=500").status()).isEqualTo(200);
    }

    private String nextCursor(Api api, String path) {
        String separator = path.contains("?") ? "&" : "?";
        String cursor = api.get(path + separator + "limit=1").json().path("next_cursor").asText(null);
        assertThat(cursor).as("a second page of %s", path).isNotNull();
        return cursor;
    }

    @Test
    void messages_page_by_page_each_once_newest_first_even_with_equal_creation_times() {
        String tenantId = api.tenant("Pages");
        String contactId = api.contact(tenantId, uniquePhone());
        messages(tenantId, contactId, 130, 10, "delivered", null, "2026-01-01T10:00:00Z");
        List<String> expected = messageIds("tenant_id = ?::uuid", tenantId);

        assertThat(walk(api, "/messages", 7)).containsExactlyElementsOf(expected);
        assertThat(walk(api, "/messages?tenantId=" + tenantId, 130)).containsExactlyElementsOf(expected);
        Api.Response all = api.get("/messages?limit=500");
        assertThat(all.data()).hasSize(130);
        assertThat(all.json().path("next_cursor").isNull()).isTrue();
        Api.Response first = api.get("/messages");
        assertThat(first.data()).as("the default limit").hasSize(50);

        String other = api.tenant("Pages neighbour");
        assertThat(api.as(api.keyOf(other)).get("/messages?cursor=" + encode(first.json().path("next_cursor").asText()))
                .data()).as("another tenant's position reads only the caller's rows").isEmpty();
    }

    @Test
    void paging_over_1000_messages_while_200_more_arrive_shows_each_of_the_1000_exactly_once() throws Exception {
        GRAPH.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(fixture("send_response_success.json"))));
        String tenantId = api.tenant("Busy pages");
        String contactId = api.contact(tenantId, uniquePhone());
        messages(tenantId, contactId, 1000, 4, "sent", null, "2026-01-01T10:00:00Z");
        List<String> original = messageIds("tenant_id = ?::uuid", tenantId);
        Backlog arrivals = new Backlog(jdbc, tenantId, contactId);

        // 100 arrive from another thread (every tenth through the API, the others as rows), and 100 between pages
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<List<String>> arrived = CompletableFuture.supplyAsync(() -> {
            List<String> ids = new ArrayList<>();
            started.countDown();
            for (int i = 0; i < 100; i++) {
                ids.add(i % 10 == 0 ? api.send(tenantId, contactId, "new " + i).data().path("id").asText()
                        : arrivals.queued("new " + i, 0));
            }
            return ids;
        });
        started.await();
        List<String> betweenPages = new ArrayList<>();
        List<String> seen = walk(api, "/messages", 23, () -> {
            for (int i = 0; i < 3 && betweenPages.size() < 100; i++) {
                betweenPages.add(arrivals.queued("between " + i, 0));
            }
        });
        while (betweenPages.size() < 100) {
            betweenPages.add(arrivals.queued("after", 0));
        }
        List<String> newOnes = new ArrayList<>(arrived.get());
        newOnes.addAll(betweenPages);

        assertThat(newOnes).hasSize(200).doesNotHaveDuplicates();
        List<String> seenOriginal = seen.stream().filter(original::contains).toList();
        assertThat(seenOriginal).as("every one of the 1,000, once, in order").containsExactlyElementsOf(original);
        assertThat(seen).doesNotHaveDuplicates()
                .as("a row that arrives after the first page is newer than every later page").doesNotContainAnyElementsOf(betweenPages);
        assertThat(seen.stream().filter(id -> !original.contains(id)))
                .as("only arrivals beside them (those before the first page was read)").allMatch(newOnes::contains);
        assertThat(walk(api, "/messages", 500)).hasSize(1200);
    }

    @Test
    void messages_filter_by_status_list_contact_reference_and_creation_time() {
        String tenantId = api.tenant("Filters");
        String asha = api.contact(tenantId, uniquePhone());
        String ravi = api.contact(tenantId, uniquePhone());
        messages(tenantId, asha, 30, 1, "delivered", null, "2026-01-01T10:00:00Z");
        messages(tenantId, asha, 20, 1, "failed", "order-42", "2026-01-02T10:00:00Z");
        messages(tenantId, ravi, 25, 1, "read", "order-42", "2026-01-03T10:00:00Z");
        messages(tenantId, ravi, 5, 1, "sent", "ticket 7/ü", "2026-01-04T10:00:00Z");

        assertThat(walk(api, "/messages?status=failed", 6))
                .containsExactlyElementsOf(messageIds("tenant_id = ?::uuid AND status = 'failed'", tenantId));
        assertThat(walk(api, "/messages?status=" + encode("failed,read"), 6)).hasSize(45)
                .containsExactlyElementsOf(messageIds("tenant_id = ?::uuid AND status IN ('failed', 'read')", tenantId));
        assertThat(walk(api, "/messages?status=read,sent,read", 500)).hasSize(30);
        assertThat(walk(api, "/messages?contactId=" + ravi, 8))
                .containsExactlyElementsOf(messageIds("contact_id = ?::uuid", ravi));
        assertThat(walk(api, "/messages?clientReference=order-42", 9)).hasSize(45)
                .containsExactlyElementsOf(messageIds("tenant_id = ?::uuid AND client_reference = 'order-42'", tenantId));
        assertThat(walk(api, "/messages?clientReference=" + encode("ticket 7/ü"), 2)).hasSize(5);
        assertThat(walk(api, "/messages?clientReference=order-4", 500)).isEmpty();
        assertThat(walk(api, "/messages?clientReference=order-42&contactId=" + asha + "&status=failed,delivered", 500))
                .hasSize(20);

        // created on 2 January (from 09:59:59.981, the 20th, to 10:00), as an offset other than Z says it
        String after = encode("2026-01-02T11:59:59.980+02:00");
        String before = encode("2026-01-03T00:00:00Z");
        assertThat(walk(api, "/messages?createdAfter=" + after + "&createdBefore=" + before, 7))
                .containsExactlyElementsOf(messageIds("tenant_id = ?::uuid AND status = 'failed'", tenantId));
        assertThat(walk(api, "/messages?createdAfter=2026-01-02T10:00:00Z", 500)).as("after: excluded").hasSize(30);
        assertThat(walk(api, "/messages?createdBefore=2026-01-01T09:59:59.972Z", 500)).as("before: excluded")
                .hasSize(1);
        assertThat(walk(api, "/messages?createdAfter=2026-01-04T10:00:00Z", 500)).isEmpty();
        assertThat(walk(api, "/messages?createdAfter=&createdBefore=&status=&contactId=&clientReference=&cursor=", 500))
                .as("empty: as if absent").hasSize(80);

        for (String bad : List.of("status=lost", "status=failed,", "status=Failed", "contactId=abc",
                "createdAfter=yesterday", "createdAfter=2026-01-02", "createdAfter=2026-01-02T10:00:00",
                "createdBefore=2026-13-02T10:00:00Z", "clientReference=" + "r".repeat(129),
                "clientReference=%00")) {
            assertValidationError(api.get("/messages?" + bad));
        }
        assertThat(api.get("/messages?clientReference=" + "r".repeat(128)).status()).isEqualTo(200);
    }

    @Test
    void messages_refuse_bad_cursors_and_limits() {
        String tenantId = api.tenant("Bad cursors");
        String contactId = api.contact(tenantId, uniquePhone());
        messages(tenantId, contactId, 3, 1, "delivered", null, "2026-01-01T10:00:00Z");
        String contactsCursor = contactsCursor();
        refusesBadCursorsAndLimits(api.as(api.keyOf(tenantId)), "/messages", nextCursor(api.as(api.keyOf(tenantId)),
                "/messages"), contactsCursor);
    }

    /** A real cursor of GET /contacts, of a tenant of its own. */
    private String contactsCursor() {
        Api client = new Api(port);
        String tenantId = client.tenant("Cursor source");
        client.contact(tenantId, uniquePhone());
        client.contact(tenantId, uniquePhone());
        return nextCursor(client.as(client.keyOf(tenantId)), "/contacts");
    }

    @Test
    void contacts_page_newest_first_and_a_phone_in_any_format_finds_its_contact() {
        String tenantId = api.tenant("Contact pages");
        String phone = uniquePhone(); // +9198NNNNNNNN
        String first = api.contact(tenantId, phone);
        jdbc.update("INSERT INTO contacts (id, tenant_id, name, phone, created_at) SELECT gen_random_uuid(), ?::uuid,"
                + " 'c' || n, '+9197' || lpad(n::text, 8, '0'), '2026-01-01T10:00:00Z'::timestamptz"
                + " - (n / 3) * interval '1 second' FROM generate_series(0, 59) n", tenantId);
        String last = api.contact(tenantId, uniquePhone());
        List<String> expected = jdbc.queryForList("SELECT id::text FROM contacts WHERE tenant_id = ?::uuid"
                + " ORDER BY created_at DESC, id DESC", String.class, tenantId);
        assertThat(expected).hasSize(62).startsWith(last, first);

        Api tenant = api.as(api.keyOf(tenantId));
        assertThat(walk(tenant, "/contacts", 25)).containsExactlyElementsOf(expected);
        assertThat(walk(tenant, "/contacts", 62)).containsExactlyElementsOf(expected);

        String digits = phone.substring(3); // the national number, after +91
        for (String format : List.of(phone, "+91 " + digits.substring(0, 5) + " " + digits.substring(5),
                "0091" + digits, "91" + digits, "+91-" + digits)) {
            Api.Response found = tenant.get("/contacts?phone=" + encode(format));
            assertThat(found.data()).as(format).hasSize(1);
            assertThat(found.data().get(0).path("id").asText()).isEqualTo(first);
            assertThat(found.data().get(0).path("phone").asText()).isEqualTo(phone);
            assertThat(found.json().path("next_cursor").isNull()).isTrue();
        }
        assertThat(tenant.get("/contacts?phone=" + encode("+91 97000 00007")).data().findValuesAsText("name"))
                .containsExactly("c7");
        assertThat(tenant.get("/contacts?phone=" + encode("+91 96000 00001")).data()).as("no such contact").isEmpty();
        String other = api.tenant("Contact neighbour");
        assertThat(api.as(api.keyOf(other)).get("/contacts?phone=" + encode(phone)).data()).isEmpty();
        assertThat(api.as(api.keyOf(other)).get("/contacts").data()).isEmpty();

        for (String invalid : List.of("12", "abc", "+91 123", "+" + "9".repeat(40))) {
            Api.Response refused = tenant.get("/contacts?phone=" + encode(invalid));
            assertThat(refused.status()).as(invalid).isEqualTo(400);
            assertThat(refused.errorCode()).isEqualTo("INVALID_PHONE_NUMBER");
        }
        assertThat(api.as(Api.ADMIN_KEY).get("/contacts").errorCode()).isEqualTo("FORBIDDEN");
        assertThat(api.anonymous().get("/contacts").status()).isEqualTo(401);
        messages(tenantId, first, 2, 1, "read", null, "2026-01-01T10:00:00Z");
        refusesBadCursorsAndLimits(tenant, "/contacts", nextCursor(tenant, "/contacts"),
                nextCursor(tenant, "/messages"));
    }

    @Test
    void batches_page_newest_first_for_a_tenant_and_the_operator() {
        String tenantId = api.tenant("Batch pages");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            jdbc.update("INSERT INTO batches (id, file_name, sha256, format, status, rows_total, started_at, finished_at,"
                    + " updated_at) VALUES (?::uuid, ?, replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''),"
                    + " 'csv', ?, 0, '2026-02-01T10:00:00Z'::timestamptz - ? * interval '1 minute', now(), now())",
                    id, "f" + i + ".csv", i % 2 == 0 ? "done" : "failed", i / 3);
            jdbc.update("INSERT INTO batch_tenants (batch_id, tenant_id) VALUES (?::uuid, ?::uuid)", id, tenantId);
        }
        List<String> expected = jdbc.queryForList("SELECT b.id::text FROM batches b JOIN batch_tenants t"
                + " ON t.batch_id = b.id WHERE t.tenant_id = ?::uuid ORDER BY started_at DESC, id DESC", String.class,
                tenantId);
        Api tenant = api.as(api.keyOf(tenantId));
        assertThat(walk(tenant, "/batches", 4)).containsExactlyElementsOf(expected).hasSize(14);
        assertThat(walk(tenant, "/batches?status=failed", 3)).hasSize(7);
        List<String> everyBatch = walk(api.as(Api.ADMIN_KEY), "/batches", 5);
        assertThat(everyBatch).doesNotHaveDuplicates().containsAll(ids);
        assertThat(everyBatch.stream().filter(ids::contains).toList()).containsExactlyElementsOf(expected);

        refusesBadCursorsAndLimits(tenant, "/batches", nextCursor(tenant, "/batches"), contactsCursor());
    }

    @Test
    void deliveries_page_newest_first_in_data_with_next_cursor_beside_it() {
        String tenantId = api.tenant("Delivery pages");
        jdbc.update("INSERT INTO callback_deliveries (id, event_id, tenant_id, type, body, status, attempts,"
                + " next_attempt_at, expires_at, last_status_code, created_at, delivered_at) SELECT gen_random_uuid(),"
                + " gen_random_uuid(), ?::uuid, 'message.sent', '{}', 'delivered', 1, now(), now() + interval '1 day',"
                + " 200, '2026-03-01T10:00:00Z'::timestamptz - (n / 2) * interval '1 second', now()"
                + " FROM generate_series(0, 10) n", tenantId);
        List<String> expected = jdbc.queryForList("SELECT id::text FROM callback_deliveries WHERE tenant_id = ?::uuid"
                + " ORDER BY created_at DESC, id DESC", String.class, tenantId);
        Api tenant = api.as(api.keyOf(tenantId));
        assertThat(walk(tenant, "/callbacks/deliveries", 4)).containsExactlyElementsOf(expected).hasSize(11);
        assertThat(walk(tenant, "/callbacks/deliveries?status=delivered&type=message.sent", 11)).hasSize(11);
        assertThat(walk(tenant, "/callbacks/deliveries?status=dead", 11)).isEmpty();
        refusesBadCursorsAndLimits(tenant, "/callbacks/deliveries", nextCursor(tenant, "/callbacks/deliveries"),
                contactsCursor());
    }

    @Test
    void a_list_without_cursor_answers_its_first_page_as_before() {
        String tenantId = api.tenant("First pages");
        String contactId = api.contact(tenantId, uniquePhone());
        messages(tenantId, contactId, 3, 1, "read", null, "2026-01-01T10:00:00Z");
        Api.Response page = api.get("/messages?tenantId=" + tenantId, Map.of());
        assertThat(page.json().fieldNames()).toIterable().containsExactly("success", "data", "next_cursor");
        assertThat(page.data()).hasSize(3);
        assertThat(page.json().path("next_cursor").isNull()).isTrue();
        JsonNode one = api.get("/messages/" + page.data().get(0).path("id").asText()).json();
        assertThat(one.has("next_cursor")).as("a single message's answer has no next_cursor").isFalse();
    }
}
