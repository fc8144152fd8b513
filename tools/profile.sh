#!/usr/bin/env bash
# Where a running gateway or silo spends its time and memory, in one window: its counters (runtime, Kestrel,
# requests, Spaces' own meters) and a stack-sampling trace side by side, then a heap dump. The diagnostic tools
# come from the repository's tool manifest (.config/dotnet-tools.json, `dotnet tool restore`); `--perf` adds a
# Linux perf profile (Debian's linux-perf, installed when missing and run as root).
#
#   tools/profile.sh --pid PID [--seconds 15] [--out DIR] [--perf]
#
# Writes into DIR (default ./profile-PID): counters.csv, trace.nettrace and trace-top.txt (the 40 methods longest
# on the sampled stacks, inclusive), heap.gcdump and heap-top.txt (live objects by type), and with --perf
# perf.data and perf-top.txt. perf names JIT-compiled .NET frames only in a process started with
# DOTNET_PerfMapEnabled=1. docs/performance.md shows what these found.
set -euo pipefail

usage() { echo "usage: tools/profile.sh --pid PID [--seconds N] [--out DIR] [--perf]" >&2; exit 2; }
fail() { echo "tools/profile.sh: $*" >&2; exit 2; }

pid="" seconds=15 out="" perf=false
while [ $# -gt 0 ]; do
  case "$1" in
    --pid) [ $# -ge 2 ] || usage; pid=$2; shift 2 ;;
    --seconds) [ $# -ge 2 ] || usage; seconds=$2; shift 2 ;;
    --out) [ $# -ge 2 ] || usage; out=$2; shift 2 ;;
    --perf) perf=true; shift ;;
    -h|--help) usage ;;
    *) fail "unknown argument '$1'" ;;
  esac
done
[ -n "$pid" ] || fail "--pid is required: the process id of a running gateway or silo"
[[ "$pid" =~ ^[0-9]+$ ]] || fail "--pid must be a process id (digits), got '$pid'"
[ -d "/proc/$pid" ] || fail "--pid $pid: no such process"
[[ "$seconds" =~ ^[0-9]+$ ]] && [ "$seconds" -ge 1 ] && [ "$seconds" -le 3600 ] ||
  fail "--seconds must be a whole number from 1 to 3600, got '$seconds'"
out=${out:-profile-$pid}
mkdir -p "$out"
out=$(cd "$out" && pwd)

repo=$(cd "$(dirname "$0")/.." && pwd)
tool() { (cd "$repo" && dotnet tool run "$@"); }
(cd "$repo" && dotnet tool restore >/dev/null) || fail "dotnet tool restore failed (the tool manifest is .config/dotnet-tools.json)"
if $perf && ! command -v perf >/dev/null 2>&1; then
  [ "$(id -u)" -eq 0 ] || fail "--perf needs Debian's linux-perf (apt-get install linux-perf, as root)"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq linux-perf) >/dev/null
fi

window=$(printf '00:00:%02d:%02d' $((seconds / 60)) $((seconds % 60)))
echo "profiling process $pid for ${seconds}s into $out"
tool dotnet-counters collect -p "$pid" --duration "$window" --format csv --maxHistograms 100 -o "$out/counters.csv" \
  --counters "System.Runtime,Microsoft.AspNetCore.Hosting,Microsoft.AspNetCore.Server.Kestrel,System.Net.Sockets,Spaces.Gateway,Spaces" \
  >"$out/counters.log" 2>&1 &
counters=$!
tool dotnet-trace collect -p "$pid" --duration "$window" -o "$out/trace.nettrace" >"$out/trace.log" 2>&1 &
trace=$!
if $perf; then
  perf record -F 999 -g -p "$pid" -o "$out/perf.data" -- sleep "$seconds" >"$out/perf.log" 2>&1 &
  perf_job=$!
fi
wait "$counters" || fail "dotnet-counters failed: $(tail -n 3 "$out/counters.log")"
wait "$trace" || fail "dotnet-trace failed: $(tail -n 3 "$out/trace.log")"
if $perf; then
  wait "$perf_job" || fail "perf record failed: $(tail -n 3 "$out/perf.log")"
  perf report -i "$out/perf.data" --stdio --no-children -g none --sort dso,symbol --percent-limit 0.5 >"$out/perf-top.txt" 2>/dev/null
fi
tool dotnet-trace report "$out/trace.nettrace" topN -n 40 --inclusive >"$out/trace-top.txt"

# After the window: a heap dump runs a full collection and pauses the process while it walks the heap.
tool dotnet-gcdump collect -p "$pid" -o "$out/heap.gcdump" >"$out/gcdump.log" 2>&1 ||
  fail "dotnet-gcdump failed: $(tail -n 3 "$out/gcdump.log")"
tool dotnet-gcdump report "$out/heap.gcdump" >"$out/heap-top.txt"
echo "wrote $(cd "$out" && ls | tr '\n' ' ')"
