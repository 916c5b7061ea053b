#!/usr/bin/env bash
# Throughput and p99 latency of the long demo draft's page, against the same server's
# /healthz in the same run. Run by hand from the repository root:
#
#   bash bench/draft_page.sh            # 64 connections, 15 s per target
#   CONNECTIONS=16 DURATION=30 bash bench/draft_page.sh
#   POSTGRES=postgres://postgres@127.0.0.1:5432 bash bench/draft_page.sh   # on a fresh
#                                   PostgreSQL database, created with psql and dropped after
#
# It builds the release binary, starts it on a fresh data directory with the demo
# content, warms the page cache, then loads each target with wrk and prints a table.
# Goal (issue 2): the draft page at ≥ 0.5 × /healthz's throughput, p99 < 25 ms at 64
# connections.
set -euo pipefail
cd "$(dirname "$0")/.."

CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-15}
THREADS=${THREADS:-2}
PORT=${PORT:-18080}
# Browsers always send Accept-Encoding; ENCODING=identity measures the uncompressed page.
ENCODING=${ENCODING:-gzip}

command -v wrk >/dev/null || { echo "installing wrk"; apt-get install -y wrk >/dev/null; }
cargo build --release --quiet

data=$(mktemp -d)
DATABASE_URL=
if [ -n "${POSTGRES:-}" ]; then
    db="gopy_bench_$$"
    psql "$POSTGRES/postgres" -qc "CREATE DATABASE $db"
    DATABASE_URL="$POSTGRES/$db"
fi
cleanup() {
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    rm -rf "$data"
    [ -n "${POSTGRES:-}" ] && psql "$POSTGRES/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"
}
trap cleanup EXIT
env GOPY_DATA_DIR="$data" GOPY_BIND="127.0.0.1:$PORT" GOPY_LOG=warn \
    ${DATABASE_URL:+GOPY_DATABASE_URL="$DATABASE_URL"} \
    ./target/release/gopy &
server=$!
for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
    sleep 0.1
done
base="http://127.0.0.1:$PORT"
page="$base/du-thao/chat-thai-ran"
size=$(curl -fs -H "Accept-Encoding: $ENCODING" "$page" | wc -c)

# "Requests/sec" and the 99th percentile in ms from wrk --latency output.
measure() {
    local out rps p99
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Accept-Encoding: $ENCODING" "$1")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v=v*1000}; print v}' <<<"$out")
    errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out")
    [ -n "$errors" ] && echo "  wrk reported: $errors" >&2
    echo "$rps $p99"
}

wrk -t1 -c4 -d2s "$page" >/dev/null  # warm up: the page cache and the connections
read -r health_rps health_p99 < <(measure "$base/healthz")
read -r page_rps page_p99 < <(measure "$page")

printf '\nGóp Ý draft page benchmark: %s connections, %s s each, %s wrk threads, %s cores\n' \
    "$CONNECTIONS" "$DURATION" "$THREADS" "$(nproc)"
printf 'database: %s; page: /du-thao/chat-thai-ran (%s bytes sent with Accept-Encoding: %s)\n\n' \
    "${DATABASE_URL:-SQLite (default)}" "$size" "$ENCODING"
printf '%-28s %14s %10s\n' "target" "requests/s" "p99 ms"
printf '%-28s %14.0f %10.2f\n' "/healthz" "$health_rps" "$health_p99"
printf '%-28s %14.0f %10.2f\n' "/du-thao/chat-thai-ran" "$page_rps" "$page_p99"
ratio=$(awk -v a="$page_rps" -v b="$health_rps" 'BEGIN {printf "%.2f", a/b}')
printf '\nratio page / healthz: %s (goal ≥ 0.50); page p99 %s ms (goal < 25)\n' "$ratio" "$page_p99"
