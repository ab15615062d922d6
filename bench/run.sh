#!/usr/bin/env bash
# The benchmark, in one command: bench/run.sh
#
# Builds the service if needed, then against the local PostgreSQL (127.0.0.1:5432, trust auth for postgres, role
# whatsapp as .ci/run creates it) and a stub Graph API (WireMock, configurable latency), on a fresh database each:
#   1. intake: POST /messages/send without WhatsApp credentials (no call to WhatsApp), 16 and 64 concurrent clients:
#      requests/s, p50 and p99 — beside pgbench's rate for one single-row insert transaction into a messages-shaped
#      table at the same concurrency, in the same run, and the ratio;
#   2. dispatch: a backlog of DISPATCH_N (20,000) messages to as many recipients drained by the redelivery route,
#      WHATSAPP_RATE_LIMIT=1000, stub latency 0 and 200 ms: messages/s (first to last call) and the ratio to the limit;
#   3. the limiter: limits 80 and 500, stub latency 0: the achieved rate (within ±5 %?) and the most calls the stub
#      received in any 1 s window (never above the limit?);
#   4. file ingestion: an INGEST_N-row CSV dropped in the inbox: rows/s;
# with the service's peak heap and mean CPU (cores) during each. Writes bench/results/results.md and
# bench/results/throughput.png, and prints the table.
#
#   bench/run.sh                              # everything, ~6 minutes on 2 cores
#   SECONDS_PER_RUN=10 DISPATCH_N=5000 bench/run.sh
#   PHASES="dispatch limiter" bench/run.sh     # some of the phases (intake dispatch limiter ingest)
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_RUN=${SECONDS_PER_RUN:-20}
DISPATCH_N=${DISPATCH_N:-20000}
INGEST_N=${INGEST_N:-200000}
LIMITER_SECONDS=${LIMITER_SECONDS:-15}
CONCURRENCY=${CONCURRENCY:-300}
DB=whatsapp_bench
APP_PORT=${APP_PORT:-18080}
STUB_PORT=${STUB_PORT:-18089}
ADMIN_KEY=bench-admin-key-0123456789
WIREMOCK_JAR=~/.m2/repository/org/wiremock/wiremock-standalone/3.13.2/wiremock-standalone-3.13.2.jar
RESULTS=bench/results
WORK=$(mktemp -d)
mkdir -p "$RESULTS"

if ! ls target/whatsapp-gateway-*.jar >/dev/null 2>&1 || [ ! -f "$WIREMOCK_JAR" ]; then
    echo "building the service (and fetching WireMock, a test dependency)"
    ./mvnw -q -B -DskipTests package dependency:get -Dartifact=org.wiremock:wiremock-standalone:3.13.2 >/dev/null
fi
JAR=$(ls target/whatsapp-gateway-*.jar | grep -v original | head -n 1)

psql_db() { psql -h 127.0.0.1 -U postgres -d "$DB" -qAt "$@"; }
cleanup() { stop_app; stop_stub; rm -rf "$WORK"; }
trap cleanup EXIT
wait_for() { for _ in $(seq 1 240); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.5; done; echo "timeout: $1"; exit 1; }

fresh_db() {
    psql -h 127.0.0.1 -U postgres -qAt -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB OWNER whatsapp"
}

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

start_app() { # extra environment as NAME=value words
    env SERVER_PORT=$APP_PORT DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB" ADMIN_API_KEY=$ADMIN_KEY \
        WHATSAPP_API_BASE_URL="http://127.0.0.1:$STUB_PORT" INBOX_DIR="$WORK/inbox" \
        REDELIVERY_CONCURRENCY=$CONCURRENCY REDELIVERY_BATCH_SIZE=$CONCURRENCY "$@" \
        java -Xmx512m -jar "$JAR" --logging.level.root=WARN ${APP_ARGS:-} > "$WORK/app.log" 2>&1 &
    APP_PID=$!
    wait_for "http://127.0.0.1:$APP_PORT/actuator/health"
}
stop_app() { [ -n "${APP_PID:-}" ] && { kill "$APP_PID" 2>/dev/null; wait "$APP_PID" 2>/dev/null; APP_PID=; } || true; }

# Resource sampling of the service while a phase runs: peak heap (jstat) and mean CPU in cores (/proc).
start_sampling() {
    SAMPLE_FILE=$WORK/heap.txt
    : > "$SAMPLE_FILE"
    (while kill -0 "$APP_PID" 2>/dev/null; do
        jstat -gc "$APP_PID" 2>/dev/null | awk 'NR==2 {print ($3+$4+$6+$8)/1024}' >> "$SAMPLE_FILE"; sleep 0.5
    done) &
    SAMPLER_PID=$!
    CPU_START=$(awk '{print $14+$15}' /proc/$APP_PID/stat)
    WALL_START=$(date +%s.%N)
}
stop_sampling() { # prints "peak_heap_mb cpu_cores"
    kill "$SAMPLER_PID" 2>/dev/null; wait "$SAMPLER_PID" 2>/dev/null || true
    local cpu_end wall_end ticks
    cpu_end=$(awk '{print $14+$15}' /proc/$APP_PID/stat); wall_end=$(date +%s.%N); ticks=$(getconf CLK_TCK)
    echo "$(sort -n "$SAMPLE_FILE" | tail -n 1 | awk '{printf "%.0f", $1}') \
$(echo "($cpu_end - $CPU_START) / $ticks / ($wall_end - $WALL_START)" | bc -l | awk '{printf "%.2f", $1}')"
}

tenant_with_key() { # prints "tenant_id api_key"
    curl -s -X POST "http://127.0.0.1:$APP_PORT/tenants" -H 'Content-Type: application/json' \
        -H "X-API-Key: $ADMIN_KEY" -d '{"name":"bench"}' | jq -r '.data.id + " " + .data.api_key'
}

# A backlog of n queued messages for tenant t, each to its own new contact, in one transaction.
backlog() { # tenant n
    psql_db -c "INSERT INTO contacts (id, tenant_id, name, phone, created_at)
            SELECT gen_random_uuid(), '$1', 'c' || n, '+1555' || lpad(n::text, 7, '0'), now() FROM generate_series(1, $2) n;
        INSERT INTO conversations (id, tenant_id, contact_id, created_at)
            SELECT gen_random_uuid(), tenant_id, id, now() FROM contacts WHERE tenant_id = '$1';
        INSERT INTO messages (id, tenant_id, conversation_id, contact_id, type, content, status, created_at, updated_at,
            expires_at) SELECT gen_random_uuid(), c.tenant_id, c.id, c.contact_id, 'text', 'bench', 'queued', now(), now(),
            now() + interval '1 day' FROM conversations c WHERE c.tenant_id = '$1';"
}

wait_sent() { # n timeout_s
    local start; start=$(date +%s)
    while [ "$(psql_db -c "SELECT count(*) FROM messages WHERE status = 'sent'")" -lt "$1" ]; do
        sleep 0.5
        if [ $(( $(date +%s) - start )) -gt "$2" ]; then echo "gave up after $2 s"; return 1; fi
    done
    return 0
}

PHASES=${PHASES:-"intake dispatch limiter ingest"}
want() { [[ " $PHASES " == *" $1 "* ]]; }

ROWS=$WORK/rows.md
CHART=$WORK/chart.tsv
: > "$ROWS"; : > "$CHART"
row() { echo "| $* |" >> "$ROWS"; }

if want intake; then
    echo "== 1. intake"
    fresh_db
    start_stub 0 false
    start_app REDELIVERY_INTERVAL=1h
    read -r TENANT KEY < <(tenant_with_key)
    CONTACT=$(curl -s -X POST "http://127.0.0.1:$APP_PORT/contacts" -H 'Content-Type: application/json' \
        -H "X-API-Key: $KEY" -d '{"name":"Bench","phone":"+919876543210"}' | jq -r .data.id)
    psql_db -c "CREATE TABLE pgbench_messages (LIKE messages INCLUDING DEFAULTS INCLUDING INDEXES)"
    cat > "$WORK/insert.sql" <<SQL
INSERT INTO pgbench_messages (id, tenant_id, conversation_id, contact_id, type, content, status, created_at,
    updated_at, expires_at) VALUES (gen_random_uuid(), '$TENANT', '$TENANT', '$CONTACT', 'text', 'Your appointment is
    confirmed for 10:30 tomorrow.', 'queued', now(), now(), now() + interval '1 day');
SQL
    for clients in 16 64; do
        start_sampling
        read -r rps p50 p99 ok errors < <(java bench/Load.java "http://127.0.0.1:$APP_PORT/messages/send" "$KEY" \
            "{\"contactId\":\"$CONTACT\",\"message\":\"Your appointment is confirmed for 10:30 tomorrow.\"}" \
            "$clients" "$SECONDS_PER_RUN" 10 | sed 's/[a-z0-9_]*=//g')   # 10 s of warm-up (JIT) not counted
        read -r heap cpu < <(stop_sampling)
        pg=$(pgbench -h 127.0.0.1 -U postgres -n -M prepared -c "$clients" -j 2 -T "$SECONDS_PER_RUN" -f "$WORK/insert.sql" "$DB" \
            2>/dev/null | awk '/^tps/ {printf "%.0f", $3}')
        ratio=$(echo "$rps / $pg" | bc -l | awk '{printf "%.3f", $1}')
        row "intake, $clients clients | $rps req/s (p50 $p50 ms, p99 $p99 ms; $errors errors) | pgbench single-row insert: $pg tx/s | $ratio | $heap MB | $cpu"
        printf 'intake %s clients\t%s\t%s\n' "$clients" "$rps" "$pg" >> "$CHART"
        echo "   $clients clients: $rps req/s, p50 $p50 ms, p99 $p99 ms; pgbench $pg tx/s; ratio $ratio"
    done
    stop_app; stop_stub

fi

if want dispatch; then
    echo "== 2. dispatch"
    for latency in 0 200; do
        fresh_db
        start_stub "$latency" false
        start_app WHATSAPP_ACCESS_TOKEN=bench-token WHATSAPP_PHONE_NUMBER_ID=1234567890 WHATSAPP_RATE_LIMIT=1000 \
            REDELIVERY_INTERVAL=1s
        read -r TENANT KEY < <(tenant_with_key)
        start_sampling
        backlog "$TENANT" "$DISPATCH_N"   # one transaction: the whole backlog is due at once
        wait_sent "$DISPATCH_N" 900
        read -r heap cpu < <(stop_sampling)
        read -r rate span < <(psql_db -F ' ' -c "SELECT round(count(*) / extract(epoch FROM max(sent_at) - min(sent_at))),
            round(extract(epoch FROM max(sent_at) - min(sent_at))::numeric, 1) FROM messages WHERE status = 'sent'")
        ratio=$(echo "$rate / 1000" | bc -l | awk '{printf "%.2f", $1}')
        row "dispatch, $DISPATCH_N messages, stub $latency ms | $rate msg/s ($span s first to last) | limit 1,000 msg/s | $ratio | $heap MB | $cpu"
        printf 'dispatch, stub %s ms\t%s\t1000\n' "$latency" "$rate" >> "$CHART"
        echo "   stub $latency ms: $rate msg/s over $span s (ratio to the limit $ratio)"
        stop_app; stop_stub
    done

fi

if want limiter; then
    echo "== 3. the limiter"
    for limit in 80 500; do
        fresh_db
        start_stub 0 true
        n=$(( limit * LIMITER_SECONDS ))
        start_app WHATSAPP_ACCESS_TOKEN=bench-token WHATSAPP_PHONE_NUMBER_ID=1234567890 WHATSAPP_RATE_LIMIT=$limit \
            REDELIVERY_INTERVAL=1s
        read -r TENANT KEY < <(tenant_with_key)
        start_sampling
        backlog "$TENANT" "$n"
        wait_sent "$n" 900
        read -r heap cpu < <(stop_sampling)
        # when the stub received each call (ms), then: the achieved rate, and the most calls in any 1 s window
        curl -s "http://127.0.0.1:$STUB_PORT/__admin/requests?limit=$((n + 100))" | jq -r '.requests[].request.loggedDate' \
            | sort -n > "$WORK/calls.txt"
        read -r achieved busiest < <(awk '{ t[NR] = $1 } END {
                rate = (NR - 1) / ((t[NR] - t[1]) / 1000); most = 0; i = 1
                for (j = 1; j <= NR; j++) { while (t[j] - t[i] >= 1000) i++; if (j - i + 1 > most) most = j - i + 1 }
                printf "%.1f %d\n", rate, most }' "$WORK/calls.txt")
        dev=$(echo "($achieved - $limit) * 100 / $limit" | bc -l | awk '{printf "%+.1f", $1}')
        row "limiter at $limit msg/s, $n messages | $achieved msg/s ($dev %), busiest 1 s window: $busiest calls | limit $limit msg/s | $(echo "$achieved / $limit" | bc -l | awk '{printf "%.3f", $1}') | $heap MB | $cpu"
        printf 'limiter at %s/s\t%s\t%s\n' "$limit" "$achieved" "$limit" >> "$CHART"
        echo "   limit $limit: achieved $achieved msg/s ($dev %), busiest second $busiest"
        stop_app; stop_stub
    done

fi

if want ingest; then
    echo "== 4. file ingestion"
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
    read -r heap cpu < <(stop_sampling)
    rows=$(echo "$INGEST_N / $wall" | bc -l | awk '{printf "%.0f", $1}')
    row "file ingestion, $INGEST_N-row CSV, each row a new contact | $rows rows/s ($(printf '%.1f' "$wall") s, incl. the 5 s read lock) | | | $heap MB | $cpu"
    printf 'file ingestion rows\t%s\t\n' "$rows" >> "$CHART"
    echo "   $INGEST_N rows in $wall s: $rows rows/s"
    stop_app; stop_stub

fi

{
    echo "Benchmark run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)),"
    echo "PostgreSQL $(psql -h 127.0.0.1 -U postgres -qAt -c 'SHOW server_version'), the service with -Xmx512m,"
    echo "REDELIVERY_CONCURRENCY=$CONCURRENCY; the stub (WireMock) and pgbench run on the same machine."
    echo
    echo "| run | the service | reference | ratio | peak heap | CPU (cores) |"
    echo "|---|---|---|---|---|---|"
    cat "$ROWS"
} > "$RESULTS/results.md"
java bench/Chart.java "$CHART" "$RESULTS/throughput.png" "WhatsApp gateway: throughput per second ($(nproc) CPUs)"
echo
cat "$RESULTS/results.md"
echo
echo "written: $RESULTS/results.md, $RESULTS/throughput.png"
