#!/usr/bin/env bash
# The benchmark, in one command: bench/run.sh
#
# Builds the service if needed, then against the local PostgreSQL (127.0.0.1:5432, trust auth for postgres, role
# whatsapp as .ci/run creates it) and a stub Graph API (WireMock, configurable latency), on a fresh database each:
#   intake          POST /messages/send without WhatsApp credentials (no call to WhatsApp), 16 and 64 concurrent
#                   clients: requests/s, p50 and p99 — beside pgbench's rate for one single-row insert transaction
#                   into a messages-shaped table at the same concurrency, in the same run, and the ratio; commits per
#                   request (pg_stat_database);
#   intake-attempt  the same at 16 clients with the WhatsApp credentials set (stub at 0 ms, limit out of the way):
#                   every send makes its immediate attempt; then, through a counting proxy (bench/PgCount.java),
#                   the SQL statements and commits per successful send;
#   dispatch        a backlog of DISPATCH_N (20,000) messages to as many recipients drained by the redelivery route,
#                   stub latency 0 and 200 ms, WHATSAPP_RATE_LIMIT=1000 and 5000 (out of the way): messages/s (first
#                   to last call), the ratio to the limit;
#   history         dispatch (stub 0 ms, limit 5000) with HISTORY_N (1,000,000) older sent messages in the table,
#                   beside the same on an empty table (dispatch's last run, just before, when it ran, else its own);
#   peer            Apache Camel's own camel-whatsapp producer (bench/peer, a plain Camel program) sending DISPATCH_N
#                   messages from CONCURRENCY callers to the same stub at 0 and 200 ms, with the JVM's defaults and
#                   with the common ForkJoinPool's parallelism at 4; with dispatch: the gateway / peer ratios;
#   limiter         limits LIMITER_LIMITS (500 1000), stub 0 ms: the achieved rate (within ±5 %?) and the most calls
#                   the stub received in any 1 s window (at most +5 %?);
#   ingest          file ingestion: an INGEST_N-row CSV dropped in the inbox: rows/s;
#   flame           JFR recordings of the service during intake (16 clients) and dispatch (stub 0 ms, limit 5000),
#                   turned into flame graphs by bench/Flame.java: bench/results/{intake,dispatch}-flame.html;
#   callbacks       tenant callbacks: CALLBACK_N (20,000) message.sent events over CALLBACK_TENANTS (40) tenants, each
#                   subscribed at its own URL of a receiver (bench/Receiver.java, one NIO thread, ~0.15 core-ms per
#                   post: the JDK's HTTP server took ~0.5, a second WireMock ~2) answering 200 after RECEIVER_LATENCY
#                   (50) ms. First, in the same run, the reference: CALLBACK_N queued messages over those tenants
#                   drained by the redelivery route (stub 0 ms, limit 5000) with the route callback-dispatch suspended
#                   (over Jolokia, as the operator), which writes the events and posts none: messages/s (first to last
#                   call). Then callback-dispatch resumed: events/s from the resume to the last delivered (and first
#                   to last), goal >= 3x that dispatch rate (a sent message yields up to three statuses); all
#                   delivered, none dead? With the CPU (cores) of the service, of PostgreSQL's backends serving it and
#                   of the receiver, the machine's, and the service's SQL per event (pg_stat_statements).
#                   CALLBACK_CONCURRENCY (256) workers: above it the per-tenant cap (CALLBACK_TENANTS x 8 = 320) so the
#                   instance's cap is the one that binds, and at 50 ms 256 posts in flight allow 5,120 events/s, far
#                   above 3x any dispatch rate on 2 cores: what limits is the service, not the settings. Each tenant's
#                   URL is on its own loopback address (http://127.0.0.<k>:RECEIVER_PORT/hooks/<tenant>), as tenants'
#                   endpoints are on their own hosts (CALLBACK_HOSTS=one puts every tenant on 127.0.0.1). The service's
#                   database pool: CALLBACK_DB_POOL (30) connections (DB_POOL_SIZE). CALLBACK_JFR=yes: a JFR recording
#                   of the service while it posts, as bench/results/callbacks-flame.html (its overhead in the figures;
#                   the recording kept as bench/results/callbacks.jfr, not committed);
#   batch           POST /messages/batch without WhatsApp credentials (redelivery idle): BATCH_CLIENTS (4) clients, each
#                   posting BATCH_SIZE (1,000) messages a call to its own BATCH_SIZE contacts (bench/BatchLoad.java),
#                   SECONDS_PER_RUN after WARMUP: messages accepted per second — beside PostgreSQL's COPY of
#                   BATCH_COPY_N (200,000) rows shaped as the batch stores them into messages, in the same database
#                   right after, and the ratio (goal >= 0.25); its table also in bench/results/batch.md;
# with the service's CPU per message (core-ms: its process CPU time over the messages), peak heap and mean CPU (cores)
# during each. Writes bench/results/results.md and bench/results/throughput.png, and prints the table.
# Settings (defaults): SECONDS_PER_RUN (20) of intake after WARMUP (10) s, DISPATCH_N (20000), HISTORY_N (1000000),
# INGEST_N (200000), LIMITER_SECONDS (15) at each of LIMITER_LIMITS ("500 1000"), CONCURRENCY (300: the service's
# calls in flight and the peer's callers), PEER_WARMUP (0: messages the peer sends before it measures), PHASES (all);
# for callbacks: CALLBACK_N (20000), CALLBACK_TENANTS (40), CALLBACK_CONCURRENCY (256), RECEIVER_LATENCY (50 ms),
# CALLBACK_HOSTS (tenant: an address each; one: all on 127.0.0.1), CALLBACK_RECEIVER (nio: bench/Receiver.java;
# wiremock), CALLBACK_JFR (no), RECEIVER_PORT (18090).
#
#   bench/run.sh                              # everything, ~20 minutes on 2 cores
#   SECONDS_PER_RUN=5 WARMUP=3 DISPATCH_N=3000 HISTORY_N=50000 INGEST_N=20000 LIMITER_SECONDS=5 CALLBACK_N=2000 \
#       bench/run.sh                          # a look
#   PHASES="dispatch peer" bench/run.sh       # some of the phases (names above)
#   CALLBACK_N=2000 PHASES=callbacks bench/run.sh   # a look at callbacks alone
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_RUN=${SECONDS_PER_RUN:-20}
DISPATCH_N=${DISPATCH_N:-20000}
INGEST_N=${INGEST_N:-200000}
HISTORY_N=${HISTORY_N:-1000000}
LIMITER_SECONDS=${LIMITER_SECONDS:-15}
LIMITER_LIMITS=${LIMITER_LIMITS:-500 1000}
CONCURRENCY=${CONCURRENCY:-300}
PEER_WARMUP=${PEER_WARMUP:-0}
CALLBACK_N=${CALLBACK_N:-20000}
CALLBACK_TENANTS=${CALLBACK_TENANTS:-40}
CALLBACK_CONCURRENCY=${CALLBACK_CONCURRENCY:-256}
CALLBACK_DB_POOL=${CALLBACK_DB_POOL:-30}   # DB_POOL_SIZE of the callbacks phase: 256 workers on Hikari's 10 waited for connections
CALLBACK_HOSTS=${CALLBACK_HOSTS:-tenant}
CALLBACK_JFR=${CALLBACK_JFR:-no}
RECEIVER_LATENCY=${RECEIVER_LATENCY:-50}
RECEIVER_PORT=${RECEIVER_PORT:-18090}
CALLBACK_RECEIVER=${CALLBACK_RECEIVER:-nio}
BATCH_CLIENTS=${BATCH_CLIENTS:-4}
BATCH_SIZE=${BATCH_SIZE:-1000}
BATCH_COPY_N=${BATCH_COPY_N:-200000}
PHASES=${PHASES:-"intake intake-attempt dispatch history peer limiter ingest flame callbacks batch"}
UNLIMITED=5000   # a WHATSAPP_RATE_LIMIT that keeps the limiter out of the way
DB=whatsapp_bench
APP_PORT=${APP_PORT:-18080}
STUB_PORT=${STUB_PORT:-18089}
PROXY_PORT=${PROXY_PORT:-18432}
PHONE_ID=1234567890
ADMIN_KEY=bench-admin-key-0123456789
WIREMOCK_JAR=~/.m2/repository/org/wiremock/wiremock-standalone/3.13.2/wiremock-standalone-3.13.2.jar
RESULTS=bench/results
WORK=$(mktemp -d)
mkdir -p "$RESULTS"

# (re)built when missing or older than its sources: the Java and the routes (routes/, packaged in it) run from the jar
if ! ls target/whatsapp-gateway-*.jar >/dev/null 2>&1 || [ ! -f "$WIREMOCK_JAR" ] \
        || [ -n "$(find src routes pom.xml -newer "$(ls target/whatsapp-gateway-*.jar | head -n 1)" -print -quit)" ]; then
    echo "building the service (and fetching WireMock, a test dependency)"
    ./mvnw -q -B -DskipTests package dependency:get -Dartifact=org.wiremock:wiremock-standalone:3.13.2 >/dev/null
fi
JAR=$(ls target/whatsapp-gateway-*.jar | grep -v original | head -n 1)

psql_db() { psql -h 127.0.0.1 -U postgres -d "$DB" -qAt "$@"; }
cleanup() { stop_app; stop_stub; stop_receiver; stop_proxy; rm -rf "$WORK"; }
trap cleanup EXIT
wait_for() { for _ in $(seq 1 240); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.5; done; echo "timeout: $1"; exit 1; }
calc() { echo "$1" | bc -l | awk -v f="${2:-%.2f}" '{printf f, $1}'; }   # expression [printf format]
holds() { awk "BEGIN { exit !($1) }" && echo yes || echo no; }          # an awk condition: yes or no

# The benchmark's sent messages: "count msg/s seconds", first send to last.
sent_figures() {
    psql_db -F ' ' -c "SELECT count(*), round(count(*) / extract(epoch FROM max(sent_at) - min(sent_at))),
        round(extract(epoch FROM max(sent_at) - min(sent_at))::numeric, 1)
        FROM messages WHERE status = 'sent' AND content = 'bench'"
}

fresh_db() {
    psql -h 127.0.0.1 -U postgres -qAt -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB OWNER whatsapp"
}
# Commits in the bench database. PostgreSQL 15's backends report their counts when idle for 10 s at the latest:
# read it 11 s after the load stops.
commits() { psql -h 127.0.0.1 -U postgres -qAt -c "SELECT xact_commit FROM pg_stat_database WHERE datname = '$DB'"; }

start_stub() { # latency_ms journal(true|false)
    mkdir -p "$WORK/stub/mappings"
    cat > "$WORK/stub/mappings/send.json" <<JSON
{"request": {"method": "POST", "urlPathPattern": "/v25.0/[0-9]+/messages"},
 "response": {"status": 200, "fixedDelayMilliseconds": $1, "headers": {"Content-Type": "application/json"},
   "body": "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"15550001111\",\"wa_id\":\"15550001111\"}],\"messages\":[{\"id\":\"wamid.BENCH\"}]}"}}
JSON
    local journal=--no-request-journal
    [ "$2" = true ] && journal="--max-request-journal-entries 100000"
    java -Xmx512m -jar "$WIREMOCK_JAR" --port "$STUB_PORT" --root-dir "$WORK/stub" $journal \
        --async-response-enabled true --container-threads 400 --disable-banner > "$WORK/stub.log" 2>&1 &
    STUB_PID=$!
    wait_for "http://127.0.0.1:$STUB_PORT/__admin/mappings"
}
stop_stub() { [ -n "${STUB_PID:-}" ] && { kill "$STUB_PID" 2>/dev/null; wait "$STUB_PID" 2>/dev/null; STUB_PID=; } || true; }

# The tenants' callback endpoints, answering every POST /hooks/... 200 after latency_ms without holding a thread
# while they wait: bench/Receiver.java (one NIO thread: little CPU per post; GET /count: posts received, first
# and last ms) or, CALLBACK_RECEIVER=wiremock, a second WireMock (no request journal; about as much CPU per post as
# the service spends on it: on 2 cores, a large share taken from the service measured).
start_receiver() { # latency_ms threads
    if [ "$CALLBACK_RECEIVER" = wiremock ]; then
        mkdir -p "$WORK/receiver/mappings"
        cat > "$WORK/receiver/mappings/hooks.json" <<JSON
{"request": {"method": "POST", "urlPathPattern": "/hooks/.*"},
 "response": {"status": 200, "fixedDelayMilliseconds": $1, "headers": {"Content-Type": "application/json"}, "body": "{}"}}
JSON
        java -Xmx512m -jar "$WIREMOCK_JAR" --port "$RECEIVER_PORT" --root-dir "$WORK/receiver" --no-request-journal \
            --async-response-enabled true --async-response-threads 16 --container-threads "$2" --disable-banner \
            > "$WORK/receiver.log" 2>&1 &
        RECEIVER_PID=$!
        wait_for "http://127.0.0.1:$RECEIVER_PORT/__admin/mappings"
    else
        java -Xmx256m bench/Receiver.java "$RECEIVER_PORT" "$1" > "$WORK/receiver.log" 2>&1 &
        RECEIVER_PID=$!
        wait_for "http://127.0.0.1:$RECEIVER_PORT/count"
    fi
}
stop_receiver() { [ -n "${RECEIVER_PID:-}" ] && { kill "$RECEIVER_PID" 2>/dev/null; wait "$RECEIVER_PID" 2>/dev/null; RECEIVER_PID=; } || true; }

# JVM_FLAGS (the flame phase's) go to the service's JVM; the arguments are extra environment as NAME=value words.
start_app() {
    env SERVER_PORT=$APP_PORT DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB" ADMIN_API_KEY=$ADMIN_KEY \
        WHATSAPP_API_BASE_URL="http://127.0.0.1:$STUB_PORT" INBOX_DIR="$WORK/inbox" \
        REDELIVERY_CONCURRENCY=$CONCURRENCY REDELIVERY_BATCH_SIZE=$CONCURRENCY "$@" \
        java -Xmx512m ${JVM_FLAGS:-} -jar "$JAR" --logging.level.root=WARN ${APP_ARGS:-} > "$WORK/app.log" 2>&1 &
    APP_PID=$!
    wait_for "http://127.0.0.1:$APP_PORT/actuator/health"
}
stop_app() { [ -n "${APP_PID:-}" ] && { kill "$APP_PID" 2>/dev/null; wait "$APP_PID" 2>/dev/null; APP_PID=; } || true; }
# The service with WhatsApp credentials (the stub's number) and the given rate limit; extra NAME=value words follow.
start_sending_app() { # limit [NAME=value...]
    local limit=$1; shift
    start_app WHATSAPP_ACCESS_TOKEN=bench-token WHATSAPP_PHONE_NUMBER_ID=$PHONE_ID WHATSAPP_RATE_LIMIT="$limit" "$@"
}

# The counting proxy between the service and PostgreSQL; $WORK/sql-count.txt holds "statements control".
start_proxy() {
    java bench/PgCount.java "$PROXY_PORT" 127.0.0.1 5432 "$WORK/sql-count.txt" > "$WORK/proxy.log" 2>&1 &
    PROXY_PID=$!
    for _ in $(seq 1 60); do [ -f "$WORK/sql-count.txt" ] && return 0; sleep 0.5; done; echo "the proxy did not start"; exit 1
}
stop_proxy() { [ -n "${PROXY_PID:-}" ] && { kill "$PROXY_PID" 2>/dev/null; wait "$PROXY_PID" 2>/dev/null; PROXY_PID=; } || true; }

# Resource sampling of the service while a phase runs: peak heap (jstat), mean CPU in cores and CPU time (/proc).
start_sampling() {
    SAMPLE_FILE=$WORK/heap.txt
    # one jstat printing every 500 ms: a jstat started per sample is a JVM start each time, which took a good part
    # of a core from the service it measured
    jstat -gc "$APP_PID" 500 > "$SAMPLE_FILE" 2>/dev/null &
    SAMPLER_PID=$!
    CPU_START=$(awk '{print $14+$15}' /proc/$APP_PID/stat)
    WALL_START=$(date +%s.%N)
}
stop_sampling() { # prints "peak_heap_mb cpu_cores cpu_core_ms"
    kill "$SAMPLER_PID" 2>/dev/null; wait "$SAMPLER_PID" 2>/dev/null || true
    local cpu_end wall_end ticks
    cpu_end=$(awk '{print $14+$15}' /proc/$APP_PID/stat); wall_end=$(date +%s.%N); ticks=$(getconf CLK_TCK)
    echo "$(awk '$1 ~ /^[0-9.]+$/ {heap = ($3 + $4 + $6 + $8) / 1024; if (heap > peak) peak = heap} END {printf "%.0f", peak}' "$SAMPLE_FILE") \
$(calc "($cpu_end - $CPU_START) / $ticks / ($wall_end - $WALL_START)") $(calc "($cpu_end - $CPU_START) * 1000 / $ticks" %.0f)"
}

tenant_with_key() { # prints "tenant_id api_key"
    curl -s -X POST "http://127.0.0.1:$APP_PORT/tenants" -H 'Content-Type: application/json' \
        -H "X-API-Key: $ADMIN_KEY" -d '{"name":"bench"}' | jq -r '.data.id + " " + .data.api_key'
}
contact() { # api_key -> the id of a new contact
    curl -s -X POST "http://127.0.0.1:$APP_PORT/contacts" -H 'Content-Type: application/json' \
        -H "X-API-Key: $1" -d '{"name":"Bench","phone":"+919876543210"}' | jq -r .data.id
}
SEND_BODY_TEXT="Your appointment is confirmed for 10:30 tomorrow."
# CLIENTS callers sending to one contact for SECONDS after 10 s of warm-up (JIT) not counted; prints
# "rps p50 p99 ok errors all_ok cpu_ms_per_request" (Load.java).
load() { # api_key contact clients seconds
    java bench/Load.java "http://127.0.0.1:$APP_PORT/messages/send" "$1" \
        "{\"contactId\":\"$2\",\"message\":\"$SEND_BODY_TEXT\"}" "$3" "$4" "${WARMUP:-10}" "$APP_PID" | sed 's/[a-z0-9_]*=//g'
}
# pgbench: one single-row insert transaction into a messages-shaped table, at that many clients: tx/s.
pgbench_rate() { # clients tenant contact
    psql_db -c "SET client_min_messages = warning" \
        -c "CREATE TABLE IF NOT EXISTS pgbench_messages (LIKE messages INCLUDING DEFAULTS INCLUDING INDEXES)"
    cat > "$WORK/insert.sql" <<SQL
INSERT INTO pgbench_messages (id, tenant_id, conversation_id, contact_id, type, content, status, created_at,
    updated_at, expires_at) VALUES (gen_random_uuid(), '$2', '$2', '$3', 'text', '$SEND_BODY_TEXT', 'queued', now(), now(),
    now() + interval '1 day');
SQL
    pgbench -h 127.0.0.1 -U postgres -n -M prepared -c "$1" -j 2 -T "$SECONDS_PER_RUN" -f "$WORK/insert.sql" "$DB" \
        2>/dev/null | awk '/^tps/ {printf "%.0f", $3}'
}

# n recipients of tenant t: a contact and its conversation each; their phones numbered from first on (1).
recipients() { # tenant n [first]
    local first=${3:-1}
    psql_db -c "INSERT INTO contacts (id, tenant_id, name, phone, created_at)
            SELECT gen_random_uuid(), '$1', 'c' || n, '+1555' || lpad(n::text, 7, '0'), now()
            FROM generate_series($first, $first + $2 - 1) n;
        INSERT INTO conversations (id, tenant_id, contact_id, created_at)
            SELECT gen_random_uuid(), tenant_id, id, now() FROM contacts WHERE tenant_id = '$1';"
}
# A queued message in each of the tenants' conversations, in one transaction: the whole backlog is due at once.
queue() { # tenant...
    local tenants; tenants=$(printf "'%s'," "$@")
    psql_db -c "INSERT INTO messages (id, tenant_id, conversation_id, contact_id, type, content, status, created_at,
            updated_at, expires_at) SELECT gen_random_uuid(), c.tenant_id, c.id, c.contact_id, 'text', 'bench', 'queued',
            now(), now(), now() + interval '1 day' FROM conversations c WHERE c.tenant_id IN (${tenants%,});"
}
# n older messages, sent (one every 2 s before the last hour), spread over tenant t's conversations; then VACUUM
# ANALYZE, as autovacuum would have left a table that grew over weeks.
history() { # tenant n
    psql_db -c "INSERT INTO messages (id, tenant_id, conversation_id, contact_id, type, content, status, attempts,
            external_message_id, metadata, created_at, updated_at, sent_at, expires_at)
        SELECT gen_random_uuid(), c.tenant_id, c.id, c.contact_id, 'text', 'Your order ' || h.n || ' is on its way.',
            'sent', 1, 'wamid.HISTORY' || h.n, jsonb_build_object('external_message_id', 'wamid.HISTORY' || h.n),
            h.t, h.t + interval '1 second', h.t + interval '1 second', h.t + interval '1 day'
        FROM (SELECT n, now() - interval '1 hour' - n * interval '2 seconds' AS t FROM generate_series(1, $2) n) h
        JOIN (SELECT row_number() OVER () - 1 AS k, * FROM conversations WHERE tenant_id = '$1') c
          ON c.k = h.n % (SELECT count(*) FROM conversations WHERE tenant_id = '$1')"
    psql_db -c "VACUUM ANALYZE messages"
}

wait_drained() { # timeout_s: until no message is queued or being sent
    local start; start=$(date +%s)
    until [ "$(psql_db -c "SELECT (SELECT count(*) FROM messages WHERE status = 'queued')
            + (SELECT count(*) FROM messages WHERE status = 'sending')")" = 0 ]; do
        sleep 0.5
        if [ $(( $(date +%s) - start )) -gt "$1" ]; then echo "gave up after $1 s"; return 1; fi
    done
}

jfr_start() { jcmd "$APP_PID" JFR.start name=bench settings=profile >/dev/null; }
jfr_stop() { jcmd "$APP_PID" JFR.stop name=bench filename="$1" >/dev/null; }

# A Camel route's JMX operation (suspend, resume...) over Jolokia, as the operator (OPERATOR_PASSWORD, given to start_app: HTTP Basic).
OPERATOR_PASSWORD=bench-operator-password
route_op() { # route operation (the one without arguments: suspend and resume are overloaded)
    local answer
    answer=$(curl -s -u "operator:$OPERATOR_PASSWORD" "http://127.0.0.1:$APP_PORT/actuator/jolokia/exec/org.apache.camel:context=whatsapp-gateway,type=routes,name=%22$1%22/$2()")
    [ "$(jq -r .status <<< "$answer" 2>/dev/null)" = 200 ] || { echo "Jolokia: $2 $1 failed: $answer"; exit 1; }
}
route_state() { # route: Started, Suspended...
    curl -s -u "operator:$OPERATOR_PASSWORD" "http://127.0.0.1:$APP_PORT/actuator/jolokia/read/org.apache.camel:context=whatsapp-gateway,type=routes,name=%22$1%22/State" | jq -r .value
}
# CPU ticks (user + system) of these processes together; the machine's busy ticks (all CPUs, not idle or iowait).
proc_ticks() { # pid...
    local sum=0 p
    for p in "$@"; do [ -r "/proc/$p/stat" ] && sum=$((sum + $(awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done
    echo "$sum"
}
machine_ticks() { awk '/^cpu / {print $2+$3+$4+$7+$8+$9}' /proc/stat; }
# The service's Prometheus figures, to a file; then the sum of the samples of one metric (all its labels) in it.
prometheus() { curl -s -H "X-API-Key: $ADMIN_KEY" "http://127.0.0.1:$APP_PORT/actuator/prometheus" > "$1"; }
metric() { # file name
    awk -v m="$2" '$1 == m || index($1, m "{") == 1 { s += $NF } END { printf "%.6f", s }' "$1"
}

# One dispatch: DISPATCH_N recipients (after history_n older sent messages among them), a queued message each,
# drained at the given stub latency and limit. Sets D_RATE (msg/s, first to last call), D_SPAN (s), D_SENT, D_HEAP,
# D_CORES, D_CPU (core-ms per message).
dispatch_run() { # latency limit history_n [jfr_file]
    fresh_db
    start_stub "$1" false
    start_sending_app "$2" REDELIVERY_INTERVAL=1s
    read -r TENANT KEY < <(tenant_with_key)
    recipients "$TENANT" "$DISPATCH_N"
    if [ "$3" -gt 0 ]; then
        local t0=$SECONDS
        history "$TENANT" "$3"
        echo "   ($3 older sent messages inserted and analysed in $((SECONDS - t0)) s)"
    fi
    start_sampling
    [ -z "${4:-}" ] || jfr_start
    queue "$TENANT"
    wait_drained 900
    [ -z "${4:-}" ] || jfr_stop "$4"
    local core_ms
    read -r D_HEAP D_CORES core_ms < <(stop_sampling)
    read -r D_SENT D_RATE D_SPAN < <(sent_figures)
    D_CPU=$(calc "$core_ms / $D_SENT")
    stop_app; stop_stub
}

want() { [[ " $PHASES " == *" $1 "* ]]; }

ROWS=$WORK/rows.md
CHART=$WORK/chart.tsv
NOTES=$WORK/notes.md
: > "$ROWS"; : > "$CHART"; : > "$NOTES"
# | run | the service | reference | ratio | goal | met | CPU per message | peak heap | CPU (cores) |
row() { echo "| $* |" >> "$ROWS"; }
declare -A PGBENCH GW GW_CPU PEER PEER_CPU PEER_HOW

if want intake; then
    echo "== intake"
    fresh_db
    start_stub 0 false
    start_app REDELIVERY_INTERVAL=1h
    read -r TENANT KEY < <(tenant_with_key)
    CONTACT=$(contact "$KEY")
    for clients in 16 64; do
        c0=$(commits)
        start_sampling
        read -r rps p50 p99 ok errors all_ok cpu_req < <(load "$KEY" "$CONTACT" "$clients" "$SECONDS_PER_RUN")
        read -r heap cpu _ < <(stop_sampling)
        sleep 11; per_request=$(calc "($(commits) - $c0) / $all_ok" %.1f)
        pg=$(pgbench_rate "$clients" "$TENANT" "$CONTACT")
        PGBENCH[$clients]=$pg
        ratio=$(calc "$rps / $pg" %.3f)
        if [ "$clients" = 16 ]; then
            goal="≥ 0.10, p99 ≤ 50 ms"; met=$(holds "$ratio >= 0.10 && $p99 <= 50")
        else
            goal="—"; met=""
        fi
        row "intake, $clients clients | $rps req/s (p50 $p50 ms, p99 $p99 ms; $errors errors; $per_request commits per request) | pgbench single-row insert: $pg tx/s | $ratio | $goal | $met | $cpu_req | $heap MB | $cpu"
        printf 'intake %s clients\t%s\t%s\n' "$clients" "$rps" "$pg" >> "$CHART"
        echo "   $clients clients: $rps req/s, p50 $p50 ms, p99 $p99 ms; pgbench $pg tx/s; ratio $ratio;" \
            "$cpu_req core-ms and $per_request commits per request"
    done
    stop_app; stop_stub
fi

if want intake-attempt; then
    echo "== intake with the immediate attempt (stub 0 ms)"
    fresh_db
    start_stub 0 false
    # every send to the one contact is attempted at once: no per-recipient pacing, the number's limit out of the way
    start_sending_app $UNLIMITED WHATSAPP_PAIR_INTERVAL=0s REDELIVERY_INTERVAL=1h
    read -r TENANT KEY < <(tenant_with_key)
    CONTACT=$(contact "$KEY")
    c0=$(commits)
    start_sampling
    read -r rps p50 p99 ok errors all_ok cpu_req < <(load "$KEY" "$CONTACT" 16 "$SECONDS_PER_RUN")
    read -r heap cpu _ < <(stop_sampling)
    sleep 11
    read -r sent total < <(psql_db -F ' ' -c "SELECT count(*) FILTER (WHERE status = 'sent'), count(*) FROM messages")
    unsent=$(psql_db -c "SELECT string_agg(why || ' ' || n, ', ' ORDER BY n DESC) FROM (SELECT status || coalesce(' '
        || last_error_code, '') AS why, count(*) AS n FROM messages WHERE status <> 'sent' GROUP BY 1) x")
    per_send=$(calc "($(commits) - $c0) / $sent" %.1f)
    pg=${PGBENCH[16]:-$(pgbench_rate 16 "$TENANT" "$CONTACT")}
    ratio=$(calc "$rps / $pg" %.3f)
    stop_app
    row "intake with the immediate attempt, 16 clients, stub 0 ms | $rps req/s (p50 $p50 ms, p99 $p99 ms; $errors errors; $sent of $total sent${unsent:+, the others $unsent}; $per_send commits per send) | pgbench single-row insert: $pg tx/s | $ratio | ≥ 0.05, p99 ≤ 50 ms | $(holds "$ratio >= 0.05 && $p99 <= 50") | $cpu_req | $heap MB | $cpu"
    printf 'intake + attempt, 16 clients\t%s\t%s\n' "$rps" "$pg" >> "$CHART"
    echo "   $rps req/s, p50 $p50 ms, p99 $p99 ms ($sent of $total sent${unsent:+; the others $unsent}); pgbench $pg tx/s; ratio $ratio;" \
        "$cpu_req core-ms and $per_send commits per send"

    # The SQL of a send: the same service through the counting proxy, 4 clients for 5 s.
    start_proxy
    start_sending_app $UNLIMITED WHATSAPP_PAIR_INTERVAL=0s REDELIVERY_INTERVAL=1h \
        DB_URL="jdbc:postgresql://127.0.0.1:$PROXY_PORT/$DB?sslmode=disable"
    sent0=$(psql_db -c "SELECT count(*) FROM messages WHERE status = 'sent'")
    read -r s0 x0 < "$WORK/sql-count.txt"; c0=$(commits)
    WARMUP=2 load "$KEY" "$CONTACT" 4 5 > /dev/null
    sleep 11
    read -r s1 x1 < "$WORK/sql-count.txt"; c1=$(commits)
    sent=$(( $(psql_db -c "SELECT count(*) FROM messages WHERE status = 'sent'") - sent0 ))
    statements=$(calc "($s1 - $s0) / $sent" %.1f); control=$(calc "($x1 - $x0) / $sent" %.1f)
    per_send=$(calc "($c1 - $c0) / $sent" %.1f)
    stop_app; stop_proxy; stop_stub
    row "SQL per successful send (immediate attempt, $sent sends through a counting proxy) | $statements statements + $control BEGIN/COMMIT/SET; $per_send commits | | | — | | | |"
    echo "   per successful send: $statements SQL statements, $control BEGIN/COMMIT/SET, $per_send commits"
fi

if want dispatch; then
    echo "== dispatch"
    for run in "0 1000" "200 1000" "200 $UNLIMITED" "0 $UNLIMITED"; do   # the last as the history phase's next
        read -r latency limit <<< "$run"
        dispatch_run "$latency" "$limit" 0
        GW[$latency,$limit]=$D_RATE
        GW_CPU[$latency,$limit]=$D_CPU
        ratio=$(calc "$D_RATE / $limit")
        reference="limit $limit msg/s | $ratio"
        [ "$limit" = 1000 ] || reference="limit $limit msg/s: out of the way (gateway / peer below) | —"
        row "dispatch, $D_SENT messages, stub $latency ms, limit $limit | $D_RATE msg/s ($D_SPAN s first to last) | $reference | — | | $D_CPU | $D_HEAP MB | $D_CORES"
        printf 'dispatch, stub %s ms, limit %s\t%s\t%s\n' "$latency" "$limit" "$D_RATE" \
            "$([ "$limit" = 1000 ] && echo 1000)" >> "$CHART"
        echo "   stub $latency ms, limit $limit: $D_RATE msg/s over $D_SPAN s (ratio to the limit $ratio), $D_CPU core-ms per message"
    done
fi

if want history; then
    echo "== dispatch with $HISTORY_N older sent messages in the table (stub 0 ms, limit $UNLIMITED)"
    if [ -n "${GW[0,$UNLIMITED]:-}" ]; then
        empty=${GW[0,$UNLIMITED]}
    else
        dispatch_run 0 $UNLIMITED 0
        empty=$D_RATE
        echo "   empty table: $empty msg/s"
    fi
    dispatch_run 0 $UNLIMITED "$HISTORY_N"
    ratio=$(calc "$D_RATE / $empty")
    row "dispatch, $D_SENT messages, stub 0 ms, limit $UNLIMITED, $HISTORY_N older sent messages in the table | $D_RATE msg/s ($D_SPAN s first to last) | the same on an empty table: $empty msg/s | $ratio | ≥ 0.90 | $(holds "$ratio >= 0.90") | $D_CPU | $D_HEAP MB | $D_CORES"
    printf 'dispatch with %s old rows\t%s\t%s\n' "$HISTORY_N" "$D_RATE" "$empty" >> "$CHART"
    echo "   $D_RATE msg/s with $HISTORY_N older messages, $empty on an empty table: $ratio"
fi

if want peer; then
    echo "== the peer: camel-whatsapp $DISPATCH_N messages, $CONCURRENCY callers"
    ./mvnw -q -B -f bench/peer/pom.xml package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null
    PEER_CP=bench/peer/target/classes:$(cat bench/peer/target/classpath.txt)
    for latency in 0 200; do
        start_stub "$latency" false
        for how in "defaults" "ForkJoin parallelism 4"; do
            flags=""
            [ "$how" = defaults ] || flags=-Djava.util.concurrent.ForkJoinPool.common.parallelism=4
            read -r rate seconds cpu_msg ok errors threads < <(java -Xmx512m $flags -cp "$PEER_CP" Peer \
                "http://127.0.0.1:$STUB_PORT" "$PHONE_ID" v25.0 "$DISPATCH_N" "$CONCURRENCY" "$PEER_WARMUP" \
                2> "$WORK/peer.err" | sed 's/[a-z_]*=//g')
            [ -n "$rate" ] || { echo "the peer failed:"; cat "$WORK/peer.err"; exit 1; }
            cores=$(calc "$cpu_msg * $ok / 1000 / $seconds")
            row "peer: camel-whatsapp, $ok messages, $CONCURRENCY callers, stub $latency ms, JVM $how | $rate msg/s ($seconds s; $errors errors; $threads threads started) | | | — | | $cpu_msg | | $cores"
            echo "   stub $latency ms, $how: $rate msg/s ($errors errors), $cpu_msg core-ms per message, $threads threads started"
            if [ -z "${PEER[$latency]:-}" ] || [ "$rate" -gt "${PEER[$latency]}" ]; then
                PEER[$latency]=$rate; PEER_CPU[$latency]=$cpu_msg; PEER_HOW[$latency]=$how
            fi
        done
        stop_stub
    done
    if want dispatch; then
        echo "   gateway / peer (the peer's better configuration):"
        for latency in 0 200; do
            for limit in $UNLIMITED 1000; do
                ratio=$(calc "${GW[$latency,$limit]} / ${PEER[$latency]}")
                row "gateway / peer, stub $latency ms, gateway limit $limit | ${GW[$latency,$limit]} msg/s, ${GW_CPU[$latency,$limit]} core-ms per message | camel-whatsapp ($CONCURRENCY callers, ${PEER_HOW[$latency]}): ${PEER[$latency]} msg/s, ${PEER_CPU[$latency]} core-ms per message | $ratio | — | | ${GW_CPU[$latency,$limit]} | |"
                echo "   stub $latency ms, gateway limit $limit: ${GW[$latency,$limit]} msg/s against ${PEER[$latency]} (${PEER_HOW[$latency]}): $ratio;" \
                    "CPU ${GW_CPU[$latency,$limit]} against ${PEER_CPU[$latency]} core-ms per message"
            done
            printf 'gateway vs peer, stub %s ms\t%s\t%s\n' "$latency" "${GW[$latency,$UNLIMITED]}" "${PEER[$latency]}" >> "$CHART"
        done
    fi
fi

if want limiter; then
    echo "== the limiter"
    for limit in $LIMITER_LIMITS; do
        fresh_db
        start_stub 0 true
        n=$(( limit * LIMITER_SECONDS ))
        start_sending_app "$limit" REDELIVERY_INTERVAL=1s
        read -r TENANT KEY < <(tenant_with_key)
        recipients "$TENANT" "$n"
        start_sampling
        queue "$TENANT"
        wait_drained 900
        read -r heap cpu core_ms < <(stop_sampling)
        # when the stub received each call (ms), then: the achieved rate, and the most calls in any 1 s window
        curl -s "http://127.0.0.1:$STUB_PORT/__admin/requests?limit=$((n + 100))" | jq -r '.requests[].request.loggedDate' \
            | sort -n > "$WORK/calls.txt"
        read -r achieved busiest < <(awk '{ t[NR] = $1 } END {
                rate = (NR - 1) / ((t[NR] - t[1]) / 1000); most = 0; i = 1
                for (j = 1; j <= NR; j++) { while (t[j] - t[i] >= 1000) i++; if (j - i + 1 > most) most = j - i + 1 }
                printf "%.1f %d\n", rate, most }' "$WORK/calls.txt")
        dev=$(calc "($achieved - $limit) * 100 / $limit" %+.1f)
        over=$(calc "($busiest - $limit) * 100 / $limit" %+.1f)
        met=$(holds "$dev >= -5 && $dev <= 5 && $over <= 5")
        row "limiter at $limit msg/s, $n messages | $achieved msg/s ($dev %), busiest 1 s window: $busiest calls ($over %) | limit $limit msg/s | $(calc "$achieved / $limit" %.3f) | ±5 %, busiest ≤ +5 % | $met | $(calc "$core_ms / $n") | $heap MB | $cpu"
        printf 'limiter at %s/s\t%s\t%s\n' "$limit" "$achieved" "$limit" >> "$CHART"
        echo "   limit $limit: achieved $achieved msg/s ($dev %), busiest second $busiest ($over %)"
        stop_app; stop_stub
    done
fi

if want ingest; then
    echo "== file ingestion"
    fresh_db
    start_stub 0 false
    mkdir -p "$WORK/inbox"
    start_app REDELIVERY_INTERVAL=1h   # the rows are only stored: no poll sends (or requeues) them meanwhile
    read -r TENANT KEY < <(tenant_with_key)
    awk -v n="$INGEST_N" -v t="$TENANT" 'BEGIN { print "tenantId,phone,name,message"
        for (i = 1; i <= n; i++) printf "%s,+9198%08d,Customer %d,\"Hello Customer %d, your order %d is on its way.\"\n", t, i, i, i, i }' \
        > "$WORK/campaign.csv.part"
    start_sampling
    mv "$WORK/campaign.csv.part" "$WORK/inbox/campaign.csv"
    start=$(date +%s.%N)
    until [ -f "$WORK/inbox/.done/campaign.csv.report.csv" ]; do sleep 0.5; done
    wall=$(echo "$(date +%s.%N) - $start" | bc)
    read -r heap cpu core_ms < <(stop_sampling)
    rows=$(calc "$INGEST_N / $wall" %.0f)
    row "file ingestion, $INGEST_N-row CSV, each row a new contact | $rows rows/s ($(printf '%.1f' "$wall") s, incl. the 5 s read lock) | | | — | | $(calc "$core_ms / $INGEST_N") | $heap MB | $cpu"
    printf 'file ingestion rows\t%s\t\n' "$rows" >> "$CHART"
    echo "   $INGEST_N rows in $wall s: $rows rows/s"
    stop_app; stop_stub
fi

if want flame; then
    echo "== flame graphs (JFR, profile settings)"
    JVM_FLAGS="-XX:FlightRecorderOptions:stackdepth=256"
    fresh_db
    start_stub 0 false
    start_app REDELIVERY_INTERVAL=1h
    read -r TENANT KEY < <(tenant_with_key)
    CONTACT=$(contact "$KEY")
    load "$KEY" "$CONTACT" 16 "$SECONDS_PER_RUN" > "$WORK/load.txt" &
    LOAD_PID=$!
    sleep "${WARMUP:-10}"   # the recording starts after the warm-up
    jfr_start
    wait "$LOAD_PID"
    jfr_stop "$WORK/intake.jfr"
    stop_app; stop_stub
    dispatch_run 0 $UNLIMITED 0 "$WORK/dispatch.jfr"
    JVM_FLAGS=
    for what in intake dispatch; do
        case $what in
            intake) title="intake: POST /messages/send without credentials, 16 clients, $SECONDS_PER_RUN s" ;;
            dispatch) title="dispatch: $DISPATCH_N messages, stub 0 ms, limit $UNLIMITED, concurrency $CONCURRENCY" ;;
        esac
        summary=$(java bench/Flame.java "$WORK/$what.jfr" "$RESULTS/$what-flame.html" "The service's CPU, $title")
        echo "   $what: $summary"
        echo "- [\`$what-flame.html\`]($what-flame.html) ($title): $summary" >> "$NOTES"
    done
fi

if want callbacks; then
    echo "== callbacks: $CALLBACK_N events over $CALLBACK_TENANTS tenants, receiver $RECEIVER_LATENCY ms," \
        "CALLBACK_CONCURRENCY=$CALLBACK_CONCURRENCY (per tenant 8), DB_POOL_SIZE=$CALLBACK_DB_POOL," \
        "URLs: $CALLBACK_HOSTS host per tenant"
    [ "$CALLBACK_HOSTS" = one ] && hosts_note="all on 127.0.0.1" || hosts_note="an address each"
    [ "$CALLBACK_JFR" = yes ] && JVM_FLAGS="-XX:FlightRecorderOptions:stackdepth=256"
    fresh_db
    psql_db -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
    start_stub 0 false
    start_receiver "$RECEIVER_LATENCY" $((CALLBACK_CONCURRENCY + 100))
    start_sending_app $UNLIMITED REDELIVERY_INTERVAL=1s SECRETS_KEY="$(head -c 32 /dev/urandom | base64)" \
        CALLBACK_ALLOW_HTTP=true CALLBACK_ALLOW_PRIVATE_NETWORKS=true CALLBACK_CONCURRENCY="$CALLBACK_CONCURRENCY" \
        DB_POOL_SIZE="$CALLBACK_DB_POOL" OPERATOR_PASSWORD=$OPERATOR_PASSWORD
    JVM_FLAGS=
    # no callback is posted while dispatch runs: the events accumulate (tenant-callbacks.camel.yaml)
    route_op callback-dispatch suspend
    echo "   callback-dispatch: $(route_state callback-dispatch)"
    # the tenants, each subscribed to message.sent at its URL, with CALLBACK_N / CALLBACK_TENANTS recipients each
    # (phones numbered on over the tenants: no two messages to one recipient, no pacing)
    TENANTS=()
    per=$(( CALLBACK_N / CALLBACK_TENANTS )); first=1
    for k in $(seq 1 "$CALLBACK_TENANTS"); do
        read -r tenant _ < <(tenant_with_key)
        host=127.0.0.1
        [ "$CALLBACK_HOSTS" = one ] || host=127.0.$(( (k - 1) / 250 )).$(( (k - 1) % 250 + 1 ))
        code=$(curl -s -o "$WORK/put.json" -w '%{http_code}' -X PUT "http://127.0.0.1:$APP_PORT/tenants/$tenant/callback" \
            -H 'Content-Type: application/json' -H "X-API-Key: $ADMIN_KEY" \
            -d "{\"url\":\"http://$host:$RECEIVER_PORT/hooks/$tenant\",\"events\":[\"message.sent\"]}")
        [ "$code" = 200 ] || { echo "PUT /tenants/$tenant/callback: $code $(cat "$WORK/put.json")"; exit 1; }
        n=$per; [ "$k" -gt $(( CALLBACK_TENANTS - CALLBACK_N % CALLBACK_TENANTS )) ] && n=$((per + 1))
        recipients "$tenant" "$n" "$first"
        first=$((first + n))
        TENANTS+=("$tenant")
    done
    # the reference: dispatch of the backlog, callbacks suspended (the events are written, none posted)
    user_oid="(SELECT oid FROM pg_roles WHERE rolname = 'whatsapp')"
    db_oid="(SELECT oid FROM pg_database WHERE datname = '$DB')"
    top_sql() { # per (the count to divide by): the service's statements by total execution time, the top ones
        psql_db -F ' | ' -c "SELECT round(calls::numeric / $1, 2), calls, round(total_exec_time::numeric),
                round(mean_exec_time::numeric, 3), left(regexp_replace(query, '\s+', ' ', 'g'), 110)
            FROM pg_stat_statements WHERE userid = $user_oid AND dbid = $db_oid
            ORDER BY total_exec_time DESC LIMIT $2"
    }
    sql_totals() { # per: statements and ms of execution per unit
        psql_db -F ' ' -c "SELECT round(sum(calls)::numeric / $1, 1), round(sum(total_exec_time)::numeric / $1, 3)
            FROM pg_stat_statements WHERE userid = $user_oid AND dbid = $db_oid"
    }
    psql_db -c "SELECT pg_stat_statements_reset()" > /dev/null
    start_sampling
    queue "${TENANTS[@]}"
    wait_drained 900
    read -r _ d_cores d_core_ms < <(stop_sampling)
    read -r d_sent d_rate d_span < <(sent_figures)
    d_cpu=$(calc "$d_core_ms / $d_sent")
    read -r events leased < <(psql_db -F ' ' -c "SELECT count(*), count(lease_owner) FROM callback_deliveries
        WHERE status = 'pending' AND type = 'message.sent'")
    echo "   dispatch: $d_sent of $CALLBACK_N sent, $d_rate msg/s over $d_span s, $d_cpu core-ms per message," \
        "$d_cores cores; $events message.sent events pending ($leased leased), callback-dispatch $(route_state callback-dispatch)"
    read -r d_sql_calls d_sql_ms < <(sql_totals "$d_sent")
    echo "   dispatch's SQL: $d_sql_calls statements and $d_sql_ms ms of execution per message; the top ones" \
        "(per message | calls | total ms | mean ms | statement):"
    top_sql "$d_sent" 6 | sed 's/^/     /'

    # the callbacks: from the resume to the last delivered
    backends=$(psql_db -c "SELECT pid FROM pg_stat_activity WHERE datname = '$DB' AND usename = 'whatsapp'")
    psql_db -c "SELECT pg_stat_statements_reset()" > /dev/null
    prometheus "$WORK/prom0.txt"
    pg0=$(proc_ticks $backends); rc0=$(proc_ticks "$RECEIVER_PID"); m0=$(machine_ticks); w0=$(date +%s.%N)
    start_sampling
    [ "$CALLBACK_JFR" = yes ] && jfr_start
    t0=$(psql_db -c "SELECT extract(epoch FROM clock_timestamp())")
    route_op callback-dispatch resume
    start=$(date +%s)
    until [ "$(psql_db -c "SELECT count(*) FROM callback_deliveries WHERE status = 'pending'")" = 0 ]; do
        sleep 0.5
        if [ $(( $(date +%s) - start )) -gt 900 ]; then echo "   gave up waiting after 900 s"; break; fi
    done
    pg1=$(proc_ticks $backends); rc1=$(proc_ticks "$RECEIVER_PID"); m1=$(machine_ticks); w1=$(date +%s.%N)
    [ "$CALLBACK_JFR" = yes ] && jfr_stop "$WORK/callbacks.jfr"
    read -r c_heap c_cores c_core_ms < <(stop_sampling)
    prometheus "$WORK/prom1.txt"
    # mean time per event of a worker's post (signing with its secret's query, and the HTTP call) and of waiting for a
    # database connection (HikariCP: every checkout, whoever made it); the Prometheus endpoint answers in seconds
    delta() { echo "$(metric "$WORK/prom1.txt" "$1") - $(metric "$WORK/prom0.txt" "$1")" | bc -l; }
    posts=$(delta callback_delivery_duration_seconds_count)
    post_ms=$(calc "$(delta callback_delivery_duration_seconds_sum) * 1000 / $posts" %.1f)
    checkouts=$(delta hikaricp_connections_acquire_seconds_count)
    acquire_ms=$(calc "$(delta hikaricp_connections_acquire_seconds_sum) * 1000 / $checkouts" %.2f)
    usage_ms=$(calc "$(delta hikaricp_connections_usage_seconds_sum) * 1000 / $(delta hikaricp_connections_usage_seconds_count)" %.2f)
    pool=$(metric "$WORK/prom1.txt" hikaricp_connections_max | awk '{printf "%d", $1}')
    ticks=$(getconf CLK_TCK)
    pg_cores=$(calc "($pg1 - $pg0) / $ticks / ($w1 - $w0)")
    rc_cores=$(calc "($rc1 - $rc0) / $ticks / ($w1 - $w0)")
    rc_cpu=$(calc "($rc1 - $rc0) * 1000 / $ticks / $posts")   # core-ms per post
    m_cores=$(calc "($m1 - $m0) / $ticks / ($w1 - $w0)")
    read -r delivered dead pending retried c_rate c_span c_first_rate c_first_span < <(psql_db -F ' ' -c "SELECT
            count(*) FILTER (WHERE status = 'delivered'), count(*) FILTER (WHERE status = 'dead'),
            count(*) FILTER (WHERE status = 'pending'), count(*) FILTER (WHERE attempts > 1),
            round(count(*) FILTER (WHERE status = 'delivered') / (extract(epoch FROM max(delivered_at)) - $t0)),
            round((extract(epoch FROM max(delivered_at)) - $t0)::numeric, 1),
            round(count(*) FILTER (WHERE status = 'delivered')
                / extract(epoch FROM max(delivered_at) - min(delivered_at))),
            round(extract(epoch FROM max(delivered_at) - min(delivered_at))::numeric, 1)
        FROM callback_deliveries WHERE type = 'message.sent'")
    c_cpu=$(calc "$c_core_ms / $delivered")
    ratio=$(calc "$c_rate / $d_rate")
    met=$(holds "$ratio >= 3 && $delivered == $CALLBACK_N && $dead == 0")
    # the service's SQL while it posted: per event, by total execution time
    top_sql "$delivered" 8 > "$WORK/callback-sql.txt"
    read -r sql_calls sql_ms < <(sql_totals "$delivered")
    received=""
    if [ "$CALLBACK_RECEIVER" != wiremock ]; then
        read -r got p_first p_last < <(curl -s "http://127.0.0.1:$RECEIVER_PORT/count") || true
        received="; the receiver got $got posts, $(calc "($got - 1) * 1000 / ($p_last - $p_first)" %.0f)/s first to last"
    fi
    stop_app; stop_stub; stop_receiver
    echo "   callbacks: $delivered of $CALLBACK_N delivered ($dead dead, $pending pending, $retried after a retry);" \
        "$c_rate events/s from the resume to the last ($c_span s), $c_first_rate first to last ($c_first_span s)$received"
    echo "   ratio to dispatch: $ratio (goal >= 3: $met); the service $c_cpu core-ms per event, $c_cores cores," \
        "peak heap $c_heap MB; PostgreSQL (its backends) $pg_cores cores, the receiver $rc_cores ($rc_cpu core-ms per post), the machine $m_cores of $(nproc)"
    echo "   the service's SQL: $sql_calls statements per event, $sql_ms ms of execution per event; the top ones" \
        "(per event | calls | total ms | mean ms | statement):"
    sed 's/^/     /' "$WORK/callback-sql.txt"
    echo "   a worker's time per event if all $CALLBACK_CONCURRENCY were busy: $(calc "$CALLBACK_CONCURRENCY * 1000 / $c_first_rate" %.0f) ms;" \
        "of it a post (sign + HTTP) took $post_ms ms on average; database connections (pool of $pool):" \
        "$(calc "$checkouts / $delivered" %.1f) checkouts per event, $acquire_ms ms waiting for one, held $usage_ms ms"
    row "callbacks, $delivered of $CALLBACK_N events delivered ($dead dead), receiver ($CALLBACK_RECEIVER) $RECEIVER_LATENCY ms, $CALLBACK_TENANTS tenants ($hosts_note), CALLBACK_CONCURRENCY $CALLBACK_CONCURRENCY | $c_rate events/s ($c_span s from the resume; first to last $c_first_rate/s over $c_first_span s) | dispatch in the same run (stub 0 ms, limit $UNLIMITED, callbacks suspended): $d_rate msg/s ($d_cpu core-ms per message) | $ratio | ≥ 3 | $met | $c_cpu | $c_heap MB | $c_cores"
    printf 'callbacks: events vs dispatch msg\t%s\t%s\n' "$c_rate" "$d_rate" >> "$CHART"
    {
        echo "- callbacks, CPU while posting: the service $c_cores cores, PostgreSQL's backends serving it $pg_cores, the receiver $rc_cores ($CALLBACK_RECEIVER, $rc_cpu core-ms per post), the machine $m_cores of $(nproc). A worker's time per event if all $CALLBACK_CONCURRENCY were busy: $(calc "$CALLBACK_CONCURRENCY * 1000 / $c_first_rate" %.0f) ms, of which a post (sign + HTTP) $post_ms ms on average; database connections (pool of $pool): $(calc "$checkouts / $delivered" %.1f) checkouts per event, $acquire_ms ms waiting for one, held $usage_ms ms. The service's SQL: $sql_calls statements and $sql_ms ms of execution per event (pg_stat_statements), the top ones:"
        echo
        echo "  | per event | calls | total ms | mean ms | statement |"
        echo "  |---|---|---|---|---|"
        sed 's/^/  | /; s/$/ |/' "$WORK/callback-sql.txt"
    } >> "$WORK/callback-notes.md"
    if [ "$CALLBACK_JFR" = yes ]; then
        title="callbacks: $CALLBACK_N events, receiver $RECEIVER_LATENCY ms, CALLBACK_CONCURRENCY $CALLBACK_CONCURRENCY"
        cp "$WORK/callbacks.jfr" "$RESULTS/callbacks.jfr"   # for jfr print or JDK Mission Control (not committed)
        summary=$(java bench/Flame.java "$WORK/callbacks.jfr" "$RESULTS/callbacks-flame.html" "The service's CPU, $title")
        echo "   flame graph: $summary"
        echo "- [\`callbacks-flame.html\`](callbacks-flame.html) ($title): $summary" >> "$NOTES"
    fi
fi

if want batch; then
    echo "== batch: POST /messages/batch, $BATCH_CLIENTS clients x $BATCH_SIZE messages a call, beside COPY"
    fresh_db
    start_app REDELIVERY_INTERVAL=1h
    read -r TENANT KEY < <(tenant_with_key)
    recipients "$TENANT" $((BATCH_CLIENTS * BATCH_SIZE))
    # a body per client, to its own contacts: concurrent batches do not wait for each other's conversation rows
    for k in $(seq 0 $((BATCH_CLIENTS - 1))); do
        psql_db -c "SELECT json_build_object('messages', json_agg(json_build_object('contactId', contact_id,
                'message', '$SEND_BODY_TEXT')))
            FROM (SELECT contact_id FROM conversations WHERE tenant_id = '$TENANT' ORDER BY contact_id
                OFFSET $((k * BATCH_SIZE)) LIMIT $BATCH_SIZE) c" > "$WORK/batch-$k.json"
    done
    start_sampling
    read -r b_msgs b_calls b_p50 b_p99 b_errors < <(java bench/BatchLoad.java "http://127.0.0.1:$APP_PORT/messages/batch" \
        "$KEY" "$BATCH_CLIENTS" "$SECONDS_PER_RUN" "${WARMUP:-10}" "$WORK"/batch-*.json | sed 's/[a-z0-9_]*=//g')
    read -r b_heap b_cores b_core_ms < <(stop_sampling)
    b_stored=$(psql_db -c "SELECT count(*) FROM messages")
    stop_app
    # the reference: COPY of BATCH_COPY_N rows as the batch stores them (queued, due now) into the same table
    psql_db -c "COPY (SELECT gen_random_uuid(), c.tenant_id, c.id, c.contact_id, 'text', '$SEND_BODY_TEXT', 'queued', 0,
            now(), '{}', now(), now(), now() + interval '1 day'
        FROM conversations c, generate_series(1, ceil($BATCH_COPY_N::numeric / $((BATCH_CLIENTS * BATCH_SIZE)))) g
        LIMIT $BATCH_COPY_N) TO STDOUT" > "$WORK/copy.tsv"
    t0=$(date +%s.%N)
    # (one line: psql reads a backslash command to the end of its line)
    psql_db -c "\copy messages (id, tenant_id, conversation_id, contact_id, type, content, status, attempts, next_attempt_at, metadata, created_at, updated_at, expires_at) FROM '$WORK/copy.tsv'"
    t1=$(date +%s.%N)
    copy_rate=$(calc "$BATCH_COPY_N / ($t1 - $t0)" %.0f)
    b_ratio=$(calc "$b_msgs / $copy_rate" %.3f)
    b_cpu=$(calc "$b_core_ms / $b_stored")
    b_row="batch intake, $BATCH_CLIENTS clients x $BATCH_SIZE messages a call | $b_msgs msg/s accepted ($b_calls calls/s, p50 $b_p50 ms, p99 $b_p99 ms; $b_errors errors; $b_stored stored) | COPY of $BATCH_COPY_N rows into messages: $copy_rate rows/s | $b_ratio | ≥ 0.25 | $(holds "$b_ratio >= 0.25") | $b_cpu | $b_heap MB | $b_cores"
    row "$b_row"
    printf 'batch intake vs COPY\t%s\t%s\n' "$b_msgs" "$copy_rate" >> "$CHART"
    echo "   $b_msgs messages/s accepted ($b_calls calls/s, p50 $b_p50 ms, p99 $b_p99 ms, $b_errors errors);" \
        "COPY $copy_rate rows/s; ratio $b_ratio; $b_cpu core-ms per message"
    {
        echo "Batch intake run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) CPUs, PostgreSQL $(psql -h 127.0.0.1 -U postgres -qAt -c 'SHOW server_version'),"
        echo "the service with -Xmx512m, no WhatsApp credentials (nothing sent); SECONDS_PER_RUN=$SECONDS_PER_RUN after WARMUP=${WARMUP:-10} s."
        echo
        echo "| run | the service | reference | ratio | goal | met | CPU per message (core-ms) | peak heap | CPU (cores) |"
        echo "|---|---|---|---|---|---|---|---|---|"
        echo "| $b_row |"
    } > "$RESULTS/batch.md"
fi

{
    echo "Benchmark run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)),"
    echo "PostgreSQL $(psql -h 127.0.0.1 -U postgres -qAt -c 'SHOW server_version'), the service with -Xmx512m,"
    echo "REDELIVERY_CONCURRENCY=$CONCURRENCY; the stub (WireMock), pgbench and the peer run on the same machine."
    echo "CPU per message: the service's (or the peer's) process CPU time over the phase, in core-milliseconds per"
    echo "message (per request for intake, over the measured seconds)."
    echo
    echo "| run | the service | reference | ratio | goal | met | CPU per message (core-ms) | peak heap | CPU (cores) |"
    echo "|---|---|---|---|---|---|---|---|---|"
    cat "$ROWS"
    if [ -s "$NOTES" ]; then
        echo
        echo "Flame graphs of the service's CPU samples (JFR), by nearest library frame:"
        cat "$NOTES"
    fi
    if [ -s "$WORK/callback-notes.md" ]; then
        echo
        cat "$WORK/callback-notes.md"
    fi
} > "$RESULTS/results.md"
java bench/Chart.java "$CHART" "$RESULTS/throughput.png" "WhatsApp gateway: throughput per second ($(nproc) CPUs)"
echo
cat "$RESULTS/results.md"
echo
echo "written: $RESULTS/results.md, $RESULTS/throughput.png"
