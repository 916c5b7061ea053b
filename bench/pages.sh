#!/usr/bin/env bash
# Every public page of the demo, with and without gzip, beside the same server's /healthz.
# Run by hand from the repository root:
#
#   bash bench/pages.sh                     # 4 connections, 3 s per page and encoding
#   CONNECTIONS=16 DURATION=10 bash bench/pages.sh
#   POSTGRES=postgres://postgres@127.0.0.1:5432 bash bench/pages.sh
#
# It builds the release binary, starts it on a fresh data directory with the demo
# content, and loads each page with wrk: once with `Accept-Encoding: gzip`, as browsers
# send it, once with `identity`. Goal (issue 12): on the demo at 4 connections, every
# page's p50 with gzip within 0.3 ms of its p50 without, and under 2 ms.
set -euo pipefail
cd "$(dirname "$0")/.."

CONNECTIONS=${CONNECTIONS:-4}
DURATION=${DURATION:-3}
PORT=${PORT:-18081}

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
# Searches are limited per address; the load generator is one address.
env GOPY_DATA_DIR="$data" GOPY_BIND="127.0.0.1:$PORT" GOPY_LOG=warn GOPY_RATE_SEARCH_IP=1000000/s \
    ${DATABASE_URL:+GOPY_DATABASE_URL="$DATABASE_URL"} \
    ./target/release/gopy &
server=$!
base="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do
    curl -fs "$base/healthz" >/dev/null 2>&1 && break
    sleep 0.1
done

# A comment of the closed demo draft, for its own page.
comment=$(curl -fs "$base/du-thao/via-he/y-kien" | grep -o 'id="y-kien-[0-9]*"' | head -n 1 | tr -dc 0-9)
comment="/du-thao/via-he/y-kien/$comment"
pages=(
    /healthz
    /
    /du-thao
    "/du-thao?trang-thai=dang-lay-y-kien"
    /co-quan
    /co-quan/so-xay-dung
    /du-thao/chat-thai-ran
    /du-thao/chat-thai-ran/gop-y
    /du-thao/via-he/y-kien
    "$comment"
    /du-thao/via-he/bao-cao
    "/tim-kiem?q=hoc+phi"
    /quyen-rieng-tu
)

# Converts wrk's "123.00us", "1.23ms" or "1.2s" to milliseconds.
ms() {
    awk -v v="$1" 'BEGIN {
        if (v ~ /us$/) { sub(/us$/, "", v); v = v / 1000 }
        else if (v ~ /ms$/) { sub(/ms$/, "", v) }
        else if (v ~ /s$/) { sub(/s$/, "", v); v = v * 1000 }
        printf "%.3f", v }'
}

# Prints "requests/s p50 p99" for a page and an encoding.
measure() {
    local out rps p50 p99
    out=$(wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Accept-Encoding: $2" "$base$1")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")
    p99=$(ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")
    if grep -qE 'Non-2xx|Socket errors' <<<"$out"; then
        echo "  wrk reported errors for $1 ($2)" >&2
    fi
    echo "$rps $p50 $p99"
}

printf '\nGóp Ý public pages: %s connections, %s s each, 1 wrk thread, %s cores; database: %s\n\n' \
    "$CONNECTIONS" "$DURATION" "$(nproc)" "${DATABASE_URL:-SQLite (default)}"
printf '%-40s %10s %9s %9s %10s %9s %9s %9s\n' "page" "gzip r/s" "p50 ms" "p99 ms" \
    "plain r/s" "p50 ms" "p99 ms" "Δp50 ms"
failed=0
for page in "${pages[@]}"; do
    curl -fs -o /dev/null -H 'Accept-Encoding: gzip' "$base$page" # warm the render cache
    read -r g_rps g_p50 g_p99 < <(measure "$page" gzip)
    read -r i_rps i_p50 i_p99 < <(measure "$page" identity)
    delta=$(awk -v a="$g_p50" -v b="$i_p50" 'BEGIN {printf "%.3f", a - b}')
    mark=""
    if [ "$page" != /healthz ] && awk -v d="$delta" -v p="$g_p50" 'BEGIN {exit !(d > 0.3 || p >= 2)}'; then
        mark="  ✗"
        failed=1
    fi
    printf '%-40s %10.0f %9.3f %9.3f %10.0f %9.3f %9.3f %9.3f%s\n' "$page" \
        "$g_rps" "$g_p50" "$g_p99" "$i_rps" "$i_p50" "$i_p99" "$delta" "$mark"
done
printf '\ngoal: every page p50 with gzip within 0.3 ms of its p50 without, and under 2 ms: %s\n' \
    "$([ "$failed" = 0 ] && echo met || echo 'NOT met (✗)')"
