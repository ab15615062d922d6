#!/usr/bin/env bash
# Evidence for docs/operations.md ("Dashboard and alerts"): the packaged gateway under load, scraped by a real
# Prometheus with ops/prometheus/prometheus.yml's scrape (the operator key as a Bearer token from a file) and
# ops/prometheus/alerts.yml, then the Grafana dashboard's queries (ops/grafana/whatsapp-gateway.json) answered by that
# Prometheus and drawn in headless Chromium (ops/evidence/dashboard.html) into docs/img/*.png. Grafana itself is not
# installable here; Debian's Prometheus has no web UI, so the page reads Prometheus' HTTP API.
#
# Against the local PostgreSQL (127.0.0.1:5432, trust for postgres, role whatsapp as .ci/run creates it), database DB
# (whatsapp_evidence: dropped and created), a WireMock stub for Meta (send: 200 after ~120 ms; numbers +9197… refused
# for good, 131026; +9196… "rate limit hit", 130429, retried; a tenant endpoint answering 200, another 500) and
# ops/evidence/Drive.java's traffic for LOAD_SECONDS (240) at RATE (12) sends/s: sends from two tenants, Meta's
# status webhooks and a customer's message a second, a 40-row CSV a minute. From OUTAGE_AT (90) s for OUTAGE_SECONDS
# (60) Meta answers every send 401 "token invalid" (190): the global circuit opens, messages queue, then drain.
# Needs java, /usr/bin/prometheus (Debian's prometheus package) and chromium.
#
#   ops/evidence/run.sh                      # ~6 minutes
#   LOAD_SECONDS=60 OUTAGE_AT=20 OUTAGE_SECONDS=20 ops/evidence/run.sh   # a look
set -euo pipefail
cd "$(dirname "$0")/../.."

LOAD_SECONDS=${LOAD_SECONDS:-240}
RATE=${RATE:-12}
OUTAGE_AT=${OUTAGE_AT:-90}
OUTAGE_SECONDS=${OUTAGE_SECONDS:-60}
DB=${DB:-whatsapp_evidence}
APP_PORT=${APP_PORT:-18180}
STUB_PORT=${STUB_PORT:-18189}
PROM_PORT=${PROM_PORT:-19190}
OUT=${OUT:-docs/img}
PHONE_ID=1234567890
ADMIN_KEY=evidence-operator-key-0123456789
APP_SECRET=evidence-app-secret
WIREMOCK_JAR=~/.m2/repository/org/wiremock/wiremock-standalone/3.13.2/wiremock-standalone-3.13.2.jar
WORK=$(mktemp -d)
PROM="http://127.0.0.1:$PROM_PORT"
mkdir -p "$OUT"

if ! ls target/whatsapp-gateway-*.jar >/dev/null 2>&1 || [ ! -f "$WIREMOCK_JAR" ] \
        || [ -n "$(find src routes pom.xml -newer "$(ls target/whatsapp-gateway-*.jar | head -n 1)" -print -quit)" ]; then
    echo "building the service (and fetching WireMock, a test dependency)"
    ./mvnw -q -B -DskipTests package dependency:get -Dartifact=org.wiremock:wiremock-standalone:3.13.2 >/dev/null
fi
JAR=$(ls target/whatsapp-gateway-*.jar | grep -v original | head -n 1)

stop() { [ -n "${!1:-}" ] && { kill "${!1}" 2>/dev/null; wait "${!1}" 2>/dev/null; } || true; }
cleanup() { stop DRIVE_PID; stop APP_PID; stop PROM_PID; stop STUB_PID; rm -rf "$WORK"; }
trap cleanup EXIT
wait_for() { for _ in $(seq 1 240); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.5; done; echo "timeout: $1"; exit 1; }
promql() { curl -fsG "$PROM/api/v1/query" --data-urlencode "query=$1" | jq -r '.data.result[] | "\(.metric | del(.__name__) | tostring) \(.value[1])"'; }

echo "database $DB"
psql -h 127.0.0.1 -U postgres -qAt -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB OWNER whatsapp"

echo "Meta stub on :$STUB_PORT"
mkdir -p "$WORK/stub/mappings" "$WORK/inbox"
stub_error() { # priority phone-prefix status code message
    cat > "$WORK/stub/mappings/error-$2.json" <<JSON
{"priority": $1, "request": {"method": "POST", "urlPathPattern": "/v[0-9.]+/[0-9]+/messages",
   "bodyPatterns": [{"matches": ".*\"to\":\"\\\\+?$2.*"}]},
 "response": {"status": $3, "headers": {"Content-Type": "application/json"}, "delayDistribution": {"type": "lognormal", "median": 90, "sigma": 0.3},
   "body": "{\"error\":{\"message\":\"(#$4) $5\",\"type\":\"OAuthException\",\"code\":$4,\"fbtrace_id\":\"EVIDENCE\"}}"}}
JSON
}
cat > "$WORK/stub/mappings/send.json" <<'JSON'
{"priority": 5, "request": {"method": "POST", "urlPathPattern": "/v[0-9.]+/[0-9]+/messages"},
 "response": {"status": 200, "headers": {"Content-Type": "application/json"}, "delayDistribution": {"type": "lognormal", "median": 120, "sigma": 0.5},
   "body": "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"x\",\"wa_id\":\"x\"}],\"messages\":[{\"id\":\"wamid.EV{{randomValue length=24 type='ALPHANUMERIC'}}\"}]}",
   "transformers": ["response-template"]}}
JSON
stub_error 2 9197 400 131026 "Message undeliverable"
stub_error 2 9196 400 130429 "Rate limit hit"
echo '{"request": {"method": "POST", "urlPath": "/hooks/ok"}, "response": {"status": 200, "fixedDelayMilliseconds": 30}}' \
    > "$WORK/stub/mappings/hook-ok.json"
echo '{"request": {"method": "POST", "urlPath": "/hooks/broken"}, "response": {"status": 500}}' \
    > "$WORK/stub/mappings/hook-broken.json"
java -Xmx256m -jar "$WIREMOCK_JAR" --port "$STUB_PORT" --root-dir "$WORK/stub" --no-request-journal \
    --async-response-enabled true --disable-banner > "$WORK/stub.log" 2>&1 &
STUB_PID=$!
wait_for "http://127.0.0.1:$STUB_PORT/__admin/mappings"

echo "gateway on :$APP_PORT ($JAR)"
env SERVER_PORT=$APP_PORT DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB" ADMIN_API_KEY=$ADMIN_KEY \
    WHATSAPP_API_BASE_URL="http://127.0.0.1:$STUB_PORT" WHATSAPP_ACCESS_TOKEN=evidence-token \
    WHATSAPP_PHONE_NUMBER_ID=$PHONE_ID WHATSAPP_APP_SECRET=$APP_SECRET WHATSAPP_VERIFY_TOKEN=evidence-verify \
    SECRETS_KEY="$(openssl rand -base64 32)" WHATSAPP_RATE_LIMIT=40 WHATSAPP_CIRCUIT_COOLDOWN=20s REDELIVERY_INTERVAL=2s INBOX_DIR="$WORK/inbox" \
    CALLBACK_ALLOW_HTTP=true CALLBACK_ALLOW_PRIVATE_NETWORKS=true CALLBACK_BACKOFF_BASE=2s CALLBACK_BACKOFF_MAX=10s \
    CALLBACK_MAX_AGE=45s CALLBACK_PAUSE=10s \
    java -Xmx512m -jar "$JAR" --logging.level.root=WARN > "$WORK/app.log" 2>&1 &
APP_PID=$!
wait_for "http://127.0.0.1:$APP_PORT/actuator/health/liveness"

echo "Prometheus on :$PROM_PORT (ops/prometheus/prometheus.yml's scrape every 5 s, the operator key from a file)"
printf '%s\n' "$ADMIN_KEY" > "$WORK/operator-key"
cp ops/prometheus/alerts.yml "$WORK/alerts.yml"
sed -e "s|scrape_interval: 15s|scrape_interval: 5s|; s|evaluation_interval: 15s|evaluation_interval: 5s|" \
    -e "s|/run/secrets/operator-key|$WORK/operator-key|; s|\"app:8080\"|\"127.0.0.1:$APP_PORT\"|" \
    ops/prometheus/prometheus.yml > "$WORK/prometheus.yml"
promtool check config "$WORK/prometheus.yml" >/dev/null
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/tsdb" \
    --web.listen-address="127.0.0.1:$PROM_PORT" > "$WORK/prometheus.log" 2>&1 &
PROM_PID=$!
wait_for "$PROM/-/ready"
for _ in $(seq 1 30); do
    [ "$(promql 'up{job="whatsapp-gateway"}' | awk '{print $2}')" = 1 ] && break; sleep 1
done
[ "$(promql 'up{job="whatsapp-gateway"}' | awk '{print $2}')" = 1 ] \
    || { echo "Prometheus cannot scrape the gateway:"; curl -s "$PROM/api/v1/targets" | jq '.data.activeTargets[].lastError'; exit 1; }

START=$(( $(date +%s) - 15 ))
echo "load: ${LOAD_SECONDS} s at $RATE sends/s; Meta refuses the token from ${OUTAGE_AT} s for ${OUTAGE_SECONDS} s"
java ops/evidence/Drive.java "http://127.0.0.1:$APP_PORT" "$ADMIN_KEY" "$APP_SECRET" "$PHONE_ID" \
    "http://127.0.0.1:$STUB_PORT" "$WORK/inbox" "$LOAD_SECONDS" "$RATE" &
DRIVE_PID=$!
sleep "$OUTAGE_AT"
OUTAGE=$(curl -fs -X POST "http://127.0.0.1:$STUB_PORT/__admin/mappings" -d '{"priority": 1,
  "request": {"method": "POST", "urlPathPattern": "/v[0-9.]+/[0-9]+/messages"},
  "response": {"status": 401, "headers": {"Content-Type": "application/json"},
    "body": "{\"error\":{\"message\":\"Error validating access token\",\"type\":\"OAuthException\",\"code\":190,\"fbtrace_id\":\"EVIDENCE\"}}"}}' \
    | jq -r .id)
echo "Meta outage (401, 190) from $(date -u +%T)"
sleep "$OUTAGE_SECONDS"
curl -fs -X DELETE "http://127.0.0.1:$STUB_PORT/__admin/mappings/$OUTAGE" >/dev/null
echo "Meta back at $(date -u +%T)"
wait "$DRIVE_PID"; DRIVE_PID=
sleep 20   # the backlog drains, the last scrapes
END=$(date +%s)

echo "what Prometheus holds (instant values at the end):"
for q in 'sum by (outcome) (increase(whatsapp_sends_total[1h]))' 'max by (status) (whatsapp_queue_depth{scope="cluster"})' \
        'sum by (kind) (increase(webhook_events_total[1h]))' 'sum by (result) (increase(file_rows_total[1h]))' \
        'max(callback_deliveries_dead{scope="cluster"})' 'histogram_quantile(0.99, sum by (le) (rate(whatsapp_graph_request_seconds_bucket[5m])))' \
        'ALERTS'; do
    echo "  $q"; promql "$q" | sed 's/^/    /'
done
echo "the database: $(psql -h 127.0.0.1 -U postgres -d "$DB" -qAt -F ' ' -c "SELECT string_agg(status || '=' || n, ' ') FROM (SELECT status, count(*) n FROM messages WHERE direction = 'outbound' GROUP BY status ORDER BY status) s")"

echo "screenshots into $OUT"
cp ops/evidence/dashboard.html "$WORK/dashboard.html"
printf 'window.EVIDENCE = {"prometheus": "%s", "start": %s, "end": %s, "step": 5, "rateInterval": "30s", "dashboard": %s};\n' \
    "$PROM" "$START" "$END" "$(cat ops/grafana/whatsapp-gateway.json)" > "$WORK/dashboard-data.js"
shoot() { # name width height query
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
        --virtual-time-budget=15000 --window-size="$2,$3" --screenshot="$OUT/$1.png" \
        "file://$WORK/dashboard.html$4" >/dev/null 2>&1
    echo "  $OUT/$1.png"
}
shoot dashboard 1400 2900 ""
shoot queue 1400 700 "?panels=1,2,11,14"
shoot sends 1400 700 "?panels=3,4,5,8"
shoot latency 1400 380 "?panels=6,7"
shoot alerts 1400 1000 "?view=alerts"
