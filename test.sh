#!/usr/bin/env bash
# Installs what the test suites need on a fresh Debian machine, builds with warnings as errors, runs every
# test project, and closes with one "N passed, N failed, N skipped" line.
set -euo pipefail
cd "$(dirname "$0")"

apt_install() {
  if [ "$(id -u)" -eq 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@") >/dev/null
  else
    echo "test.sh: please install $* (needs root)" >&2
    exit 1
  fi
}

# The LiveKit conformance tests run LiveKit's official Node SDK through the repository's own oracle
# (tests/livekit-oracle), installed from its lock file.
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || apt_install nodejs npm
npm ci --prefix tests/livekit-oracle --no-audit --no-fund --silent
command -v dotnet >/dev/null 2>&1 || { echo "test.sh: the .NET 10 SDK is required" >&2; exit 1; }
# The web app's browser tests (tests/WebApp.Tests) drive Debian's headless Chromium with Playwright; the emoji font
# draws the reaction buttons in the screenshots they take.
[ -x /usr/bin/chromium ] && [ -d /usr/share/fonts/truetype/noto ] || apt_install chromium fonts-noto-color-emoji

# The cluster tests (tests/Cluster.Tests) run real silos against PostgreSQL: a throwaway server of Debian's
# packages, on 127.0.0.1 only, with its data in a temporary folder, stopped and removed when this script ends.
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
[ -n "$(pg_bin)" ] || command -v initdb >/dev/null 2>&1 || apt_install postgresql
PG_BIN=$(pg_bin)
[ -n "$PG_BIN" ] || PG_BIN=$(dirname "$(command -v initdb)")
pg_dir=$(mktemp -d)
if [ "$(id -u)" -eq 0 ]; then
  # initdb refuses to run as root: the server runs as the packages' postgres account.
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$pg_dir"
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi
# Below Linux's ephemeral range (32768-60999): a port there can be held in TIME-WAIT by a busy box's client sockets.
pg_port=${SPACES_TEST_POSTGRES_PORT:-15432}
while (exec 3<>"/dev/tcp/127.0.0.1/$pg_port") 2>/dev/null; do pg_port=$((pg_port + 1)); done # taken: another run
as_pg "$PG_BIN/initdb" -D "$pg_dir/data" -U spaces -A trust -E UTF8 --no-sync >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w start \
  -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_dir -c fsync=off -c max_connections=200" >/dev/null
trap 'as_pg "$PG_BIN/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true; rm -rf "$pg_dir"' EXIT
export SPACES_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=spaces;Database=postgres"

dotnet build Spaces.sln -c Release --nologo -v quiet
log=$(mktemp)
status=0
dotnet test Spaces.sln -c Release --no-build --nologo "$@" 2>&1 | tee "$log" || status=$?

# One closing line over all test projects (dotnet test prints one summary per project).
awk '/(Passed|Failed)! +- +Failed:/ {
       for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1)); if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$status"
