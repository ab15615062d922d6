#!/usr/bin/env bash
# Benchmark (not a test): how fast a dropped CSV file becomes queued messages, with the heap capped.
# Generates an N-row CSV (every row a new phone number, so each row also creates a contact and a conversation, as a
# campaign to new customers does), starts the packaged service with -Xmx${HEAP} on a fresh database, drops the file
# in its inbox and waits for the report. It prints rows per second, peak heap, and, in the same run, PostgreSQL's own
# COPY of N rows into a table shaped like `messages` (same indexes), and the ratio of the two.
#
#   ./mvnw -q -DskipTests package && bench/ingest-file.sh                 # 1,000,000 rows, -Xmx256m
#   N=100000 CHUNK=500 bench/ingest-file.sh
#
# Needs PostgreSQL on 127.0.0.1:5432 (trust auth for postgres, role whatsapp as .ci/run creates it).
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-1000000}
HEAP=${HEAP:-256m}
CHUNK=${CHUNK:-1000}
DB=whatsapp_bench
APP_PORT=${APP_PORT:-18080}
JAR=$(ls target/whatsapp-gateway-*.jar | grep -v original | head -n 1)
WORK=$(mktemp -d)
TENANT=00000000-0000-0000-0000-00000000000a
psql_db() { psql -h 127.0.0.1 -U postgres -d "$DB" -qAt "$@"; }

cleanup() { kill "${APP_PID:-}" "${JSTAT_PID:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

wait_for() { for _ in $(seq 1 120); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.5; done; echo "timeout: $1"; exit 1; }

# The file: a header and N rows of distinct valid Indian mobile numbers (+91 98xxxxxxxx), a ~60-character text.
awk -v n="$N" -v t="$TENANT" 'BEGIN {
    print "tenantId,phone,name,message";
    for (i = 1; i <= n; i++) printf "%s,+9198%08d,Customer %d,\"Hello Customer %d, your order %d is on its way. Thank you!\"\n", t, i, i, i, i
}' > "$WORK/campaign.csv"
echo "file: $N rows, $(du -h "$WORK/campaign.csv" | cut -f1); heap cap -Xmx$HEAP; chunk $CHUNK rows; $(nproc) CPUs"

psql -h 127.0.0.1 -U postgres -qAt -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB OWNER whatsapp"
mkdir -p "$WORK/inbox"
# no WhatsApp credentials and a redelivery poll once an hour: the run measures ingestion alone
SERVER_PORT=$APP_PORT DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB" INBOX_DIR="$WORK/inbox" \
INGEST_CHUNK_SIZE=$CHUNK INGEST_READ_LOCK_MIN_AGE=1s INGEST_POLL_INTERVAL=500ms REDELIVERY_INTERVAL=1h \
java -Xmx"$HEAP" -XX:+ExitOnOutOfMemoryError ${JAVA_OPTS:-} -jar "$JAR" --logging.level.root=WARN \
    --logging.level.dev.wagateway.ingest=INFO > "$WORK/app.log" 2>&1 &
APP_PID=$!
wait_for "http://127.0.0.1:$APP_PORT/actuator/health"
psql_db -c "INSERT INTO tenants VALUES ('$TENANT', 'bench', now())"

# heap used (survivors + eden + old, KB) and CPU time, sampled every 200 ms while the file is ingested
jstat -gc "$APP_PID" 200 > "$WORK/jstat.log" 2>/dev/null &
JSTAT_PID=$!
cpu_ticks() { awk '{print $14 + $15}' "/proc/$APP_PID/stat"; }
cpu_before=$(cpu_ticks)
start=$(date +%s.%N)
mv "$WORK/campaign.csv" "$WORK/inbox/campaign.csv"
until [ -f "$WORK/inbox/.done/campaign.csv.report.csv" ] && [ ! -f "$WORK/inbox/campaign.csv" ]; do
    sleep 0.2
    kill -0 "$APP_PID" 2>/dev/null || { echo "the service died:"; tail -n 20 "$WORK/app.log"; exit 1; }
    if [ "$(echo "$(date +%s.%N) - $start > 1800" | bc)" = 1 ]; then echo "gave up after 1800 s"; exit 1; fi
done
wall=$(echo "$(date +%s.%N) - $start" | bc)
cpu_s=$(echo "($(cpu_ticks) - $cpu_before) / $(getconf CLK_TCK)" | bc -l)
kill "$JSTAT_PID" 2>/dev/null || true
peak_kb=$(awk 'NR > 1 && $1 ~ /^[0-9.]+$/ { used = $3 + $4 + $6 + $8; if (used > max) max = used } END { printf "%d", max }' "$WORK/jstat.log")
read -r stored accepted rejected < <(psql_db -F ' ' -c "SELECT round(extract(epoch FROM finished_at - started_at)::numeric, 1),
    rows_accepted, rows_rejected FROM batches")
report_rows=$(($(wc -l < "$WORK/inbox/.done/campaign.csv.report.csv") - 1))
messages=$(psql_db -c "SELECT count(*) FROM messages WHERE status = 'queued'")
kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=

# PostgreSQL alone, same run: COPY N rows into a table with the columns and indexes of `messages` (no foreign keys)
psql_db -c "CREATE TABLE copy_bench (LIKE messages INCLUDING DEFAULTS INCLUDING INDEXES)"
awk -v n="$N" -v t="$TENANT" 'BEGIN { srand(1);
    for (i = 1; i <= n; i++) printf "%08x-0000-4000-8000-%012d\t%s\t%s\t%s\ttext\tHello Customer %d, your order %d is on its way. Thank you!\tqueued\t2026-01-01 00:00:00+00\t{}\t2026-01-01 00:00:00+00\t2026-01-01 00:00:00+00\t2026-01-02 00:00:00+00\t%s\t%d\n", i, i, t, t, t, i, i, t, i
}' > "$WORK/copy.tsv"
copy_start=$(date +%s.%N)
psql_db -c "\\copy copy_bench (id, tenant_id, conversation_id, contact_id, type, content, status, next_attempt_at, metadata, created_at, updated_at, expires_at, batch_id, batch_row) FROM '$WORK/copy.tsv'"
copy_s=$(echo "$(date +%s.%N) - $copy_start" | bc)

rate=$(echo "$N / $wall" | bc -l)
copy_rate=$(echo "$N / $copy_s" | bc -l)
echo "progress log lines: $(grep -c 'stored, [0-9]* rows/s' "$WORK/app.log"), the last: $(grep 'stored, [0-9]* rows/s' "$WORK/app.log" | tail -n 1 | sed 's/.*: Batch/Batch/')"
printf 'ingested %d rows (%d accepted, %d rejected; %d report lines; %d queued messages)\n' "$N" "$accepted" "$rejected" "$report_rows" "$messages"
printf '  drop to report:         %7.1f s = %7.0f rows/s (inspect pass + chunks + report); chunks alone %s s\n' "$wall" "$rate" "$stored"
printf '  peak heap used:         %7.0f MB of %s; CPU %.0f s (%.0f%% of one core)\n' "$(echo "$peak_kb / 1024" | bc -l)" "$HEAP" "$cpu_s" "$(echo "100 * $cpu_s / $wall" | bc -l)"
printf '  PostgreSQL COPY alone:  %7.1f s = %7.0f rows/s into messages-shaped table; service / COPY = %.2f\n' "$copy_s" "$copy_rate" "$(echo "$rate / $copy_rate" | bc -l)"
