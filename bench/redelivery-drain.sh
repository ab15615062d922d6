#!/usr/bin/env bash
# Benchmark (not a test): how fast the redelivery route drains a backlog of queued messages.
# For each stub latency (0 ms and 200 ms by default) it starts a WireMock "Graph API" and the packaged service on a
# fresh database, inserts N queued messages in one statement, and prints messages per second.
#
#   ./mvnw -q -DskipTests package && bench/redelivery-drain.sh            # 10,000 messages, latencies 0 and 200 ms
#   N=2000 LATENCIES="0 50" REDELIVERY_CONCURRENCY=50 bench/redelivery-drain.sh
#
# Needs PostgreSQL on 127.0.0.1:5432 (trust auth for postgres, role whatsapp as .ci/run creates it) and the
# WireMock standalone jar in ~/.m2 (a test dependency: ./mvnw verify fetches it).
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-10000}
LATENCIES=${LATENCIES:-"0 200"}
DB=whatsapp_bench
APP_PORT=${APP_PORT:-18080}
STUB_PORT=${STUB_PORT:-18089}
JAR=$(ls target/whatsapp-gateway-*.jar | grep -v original | head -n 1)
WIREMOCK_JAR=~/.m2/repository/org/wiremock/wiremock-standalone/3.13.2/wiremock-standalone-3.13.2.jar
WORK=$(mktemp -d)
psql_db() { psql -h 127.0.0.1 -U postgres -d "$DB" -qAt "$@"; }

cleanup() { kill "${APP_PID:-}" "${STUB_PID:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

wait_for() { for _ in $(seq 1 120); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.5; done; echo "timeout: $1"; exit 1; }

echo "backlog: $N messages; concurrency ${REDELIVERY_CONCURRENCY:-20}; batch ${REDELIVERY_BATCH_SIZE:-100}; $(nproc) CPUs"
for latency in $LATENCIES; do
    psql -h 127.0.0.1 -U postgres -qAt -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB OWNER whatsapp"

    mkdir -p "$WORK/stub/mappings"
    cat > "$WORK/stub/mappings/send.json" <<JSON
{"request": {"method": "POST", "urlPathPattern": "/v25.0/[0-9]+/messages"},
 "response": {"status": 200, "fixedDelayMilliseconds": $latency, "headers": {"Content-Type": "application/json"},
   "body": "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"15550001111\",\"wa_id\":\"15550001111\"}],\"messages\":[{\"id\":\"wamid.BENCH\"}]}"}}
JSON
    java -Xmx512m -jar "$WIREMOCK_JAR" --port "$STUB_PORT" --root-dir "$WORK/stub" --no-request-journal \
        --async-response-enabled true --container-threads 200 --disable-banner > "$WORK/stub.log" 2>&1 &
    STUB_PID=$!

    SERVER_PORT=$APP_PORT DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB" \
    WHATSAPP_ACCESS_TOKEN=bench-token WHATSAPP_PHONE_NUMBER_ID=1234567890 \
    WHATSAPP_API_BASE_URL="http://127.0.0.1:$STUB_PORT" REDELIVERY_INTERVAL=${REDELIVERY_INTERVAL:-1s} \
    java -Xmx512m -jar "$JAR" --logging.level.root=WARN > "$WORK/app.log" 2>&1 &
    APP_PID=$!
    wait_for "http://127.0.0.1:$APP_PORT/actuator/health"
    wait_for "http://127.0.0.1:$STUB_PORT/__admin/mappings"

    psql_db -c "INSERT INTO tenants VALUES ('00000000-0000-0000-0000-000000000001', 'bench', now());
        INSERT INTO contacts VALUES ('00000000-0000-0000-0000-000000000002', '00000000-0000-0000-0000-000000000001',
            'bench', '+15550001111', now());
        INSERT INTO conversations (id, tenant_id, contact_id, created_at) VALUES ('00000000-0000-0000-0000-000000000003',
            '00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000002', now());"
    start=$(date +%s.%N)
    psql_db -c "INSERT INTO messages (id, tenant_id, conversation_id, contact_id, type, content, status, created_at,
            updated_at, expires_at)
        SELECT gen_random_uuid(), '00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000003',
            '00000000-0000-0000-0000-000000000002', 'text', 'bench ' || n, 'queued', now(), now(), now() + interval '1 day'
        FROM generate_series(1, $N) n"
    while [ "$(psql_db -c "SELECT count(*) FROM messages WHERE status = 'sent'")" -lt "$N" ]; do
        sleep 0.5
        if [ "$(echo "$(date +%s.%N) - $start > 900" | bc)" = 1 ]; then echo "gave up after 900 s"; exit 1; fi
    done
    wall=$(echo "$(date +%s.%N) - $start" | bc)
    read -r drain first_to_last < <(psql_db -F ' ' -c "SELECT round(count(*) / extract(epoch FROM max(sent_at) - min(sent_at))),
        round(extract(epoch FROM max(sent_at) - min(sent_at))::numeric, 1) FROM messages")
    failed=$(psql_db -c "SELECT count(*) FROM messages WHERE status <> 'sent'")
    printf 'stub latency %4s ms: %6d messages in %6.1f s wall (incl. first poll) = %5.0f msg/s; first to last send %s s = %s msg/s; not sent: %s\n' \
        "$latency" "$N" "$wall" "$(echo "$N / $wall" | bc -l)" "$first_to_last" "$drain" "$failed"

    kill "$APP_PID" "$STUB_PID"; wait "$APP_PID" "$STUB_PID" 2>/dev/null || true; APP_PID= STUB_PID=
done
