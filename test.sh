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

# The LiveKit conformance tests run LiveKit's official Node SDK (../shared/livekit-oracle) through npm.
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || apt_install nodejs npm
command -v dotnet >/dev/null 2>&1 || { echo "test.sh: the .NET 10 SDK is required" >&2; exit 1; }

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
