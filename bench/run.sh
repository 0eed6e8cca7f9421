#!/usr/bin/env bash
# Runs every Parley benchmark with its ceiling and its peer in one go, and
# writes the raw output under bench/results/<date>-<mode>/:
#
#   machine.txt        CPU, memory, disk, package versions, git revision
#   loadavg.txt        load average before and after every section
#   db_bench.txt       RocksDB fillseq --sync=true, 1 and 8 threads (ceiling)
#   store_bench.*      appends, replies through the projections, rebuild
#   generate.txt       the data set's generation
#   read_bench.*       message and list pages, with raw RocksDB ceilings
#   load.csv, load.txt gRPC phases against parleyd, and the echo ceiling
#   rss.txt            parleyd's resident memory after each load round
#   cpu.txt            server CPU time and context switches per call
#   pg.txt             PostgreSQL appends from the same number of clients
#   profile-*.txt      perf profiles of parleyd and the store (when perf works)
#   summary.txt        the headline figures and their ratios
#
# Usage: bench/run.sh [--quick|--medium|--full]
#   --quick  (default) a data set of 200,000 messages, short phases: minutes
#   --medium the same phases on 1,000,000 messages
#   --full   100,000 customers, 1,000,000 discussions, 10,000,000 messages;
#            generating it took 19 minutes on two cores and 2.0 GB of disk
#
# Environment:
#   PARLEY_BUILD_DIR   build directory with the binaries (default: build/);
#                      run.sh builds the benchmark targets there first
#   PARLEY_SKIP_BUILD  set to 1 to use the binaries as they are
#   PARLEY_BENCH_WORK  scratch directory for stores, the data set and
#                      PostgreSQL (default: bench/results/work); keep it on
#                      the disk to measure. The data set is kept there and
#                      reused by later runs of the same mode.
#   PARLEY_BENCH_SECTIONS  comma-separated sections to run (default all):
#                      db_bench,store,read,load,pg; read and load generate
#                      the data set when it is missing
#   PARLEY_BENCH_RESULTS  results directory to write or add to (default: a
#                      new one named by date and mode)
#   PARLEY_BENCH_MAX_LOAD  before each section, wait up to 60 s for the
#                      1-minute load average to drop below this (default 1.5)
#
# Every server listens on 127.0.0.1 only and every load loop is bounded in
# time and request count. The script stops what it started on exit.
set -euo pipefail

# Everything runs inside main, which bash reads whole before running it, so
# editing this file during a run does not change the run.
main() {
cd "$(dirname "$0")/.."
root=$PWD

mode=quick
case "${1:---quick}" in
  --quick) mode=quick ;;
  --medium) mode=medium ;;
  --full) mode=full ;;
  *) echo "usage: bench/run.sh [--quick|--medium|--full]" >&2; exit 2 ;;
esac

build=${PARLEY_BUILD_DIR:-$root/build}
work=${PARLEY_BENCH_WORK:-$root/bench/results/work}
results=${PARLEY_BENCH_RESULTS:-$root/bench/results/$(date +%Y%m%d-%H%M%S)-$mode}
max_load=${PARLEY_BENCH_MAX_LOAD:-1.5}
sections=",${PARLEY_BENCH_SECTIONS:-db_bench,store,read,load,pg},"
mkdir -p "$results" "$work"

if [[ $mode == quick || $mode == medium ]]; then
  reps=3; min_time=0.5; phase_s=5; db_bench_num=2000
  rebuild=(--rebuild_customers=500 --rebuild_discussions=5000 --rebuild_messages=50000)
else
  reps=3; min_time=1; phase_s=10; db_bench_num=5000
  rebuild=(--rebuild_customers=2000 --rebuild_discussions=20000 --rebuild_messages=200000)
fi
clients=64

wants() { [[ $sections == *",$1,"* ]]; }
log() { echo "== $*" | tee -a "$results/run.log"; }

# Prints the 1-, 5- and 15-minute load averages.
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# Waits up to 60 s for a quiet machine, then records the load.
section() {
  local name=$1
  for _ in $(seq 1 12); do
    awk -v max="$max_load" '{ exit !($1 < max) }' /proc/loadavg && break
    sleep 5
  done
  echo "$name start $(loadavg)" >>"$results/loadavg.txt"
  log "$name (load $(loadavg))"
}
section_end() { echo "$1 end $(loadavg)" >>"$results/loadavg.txt"; }

pids=()
pg_data=""
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ -n $pg_data && -f $pg_data/postmaster.pid ]]; then
    as_postgres /usr/lib/postgresql/*/bin/pg_ctl -D "$pg_data" -m fast stop >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

# PostgreSQL refuses to run as root; run its programs as the postgres user
# that Debian's package creates.
as_postgres() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Starts a server that logs "serving on port N", and sets server_port and
# server_pid. $1 is the log file; the rest is the command.
start_server() {
  local logfile=$1; shift
  "$@" >"$logfile" 2>&1 &
  server_pid=$!
  pids+=("$server_pid")
  for _ in $(seq 1 300); do
    server_port=$(grep -oE 'serving on port [0-9]+' "$logfile" | grep -oE '[0-9]+$' || true)
    [[ -n $server_port ]] && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "server did not start; see $logfile" >&2
  return 1
}

# Copies a closed RocksDB directory, hard-linking its table files, which
# RocksDB never changes in place.
clone_db() {
  rm -rf "$2"; mkdir -p "$2"
  find "$1" -maxdepth 1 -type f -name '*.sst' -exec ln {} "$2/" \;
  find "$1" -maxdepth 1 -type f ! -name '*.sst' -exec cp {} "$2/" \;
}

rss_of() { grep -E '^(VmRSS|VmHWM)' "/proc/$1/status" | tr -s ' \n' ' '; }

# Prints the CPU ticks (user + system) and the voluntary context switches
# of every thread of process $1 so far.
cpu_of() {
  local ticks switches
  ticks=$(awk '{print $14 + $15}' "/proc/$1/stat")
  switches=$(cat /proc/"$1"/task/*/status 2>/dev/null |
    awk '/^voluntary_ctxt_switches/ {s += $2} END {print s}')
  echo "$ticks $switches"
}

# Runs one load_generator phase of 5 s against the server $1 (pid) on port
# $2 and prints the server's CPU time and context switches per call.
cpu_per_call() {
  local pid=$1 port=$2 phase=$3 before after ops
  before=$(cpu_of "$pid")
  ops=$(timeout 120 "$bin/load_generator" --target="127.0.0.1:$port" --phases="$phase" \
    --run_id="cpu$phase" --clients="$clients" --duration_s=5 --warmup_s=0 \
    --dataset="$dataset" 2>&1 | grep -oE ' ops=[0-9]+' | head -1 | cut -d= -f2)
  after=$(cpu_of "$pid")
  awk -v b="$before" -v a="$after" -v ops="${ops:-0}" -v phase="$phase" \
    -v hz="$(getconf CLK_TCK)" 'BEGIN {
      split(b, x, " "); split(a, y, " ");
      if (ops == 0) { print phase ": no calls"; exit }
      printf "%s: %d calls, server CPU %.1f us per call, %.2f context switches per call\n",
        phase, ops, (y[1] - x[1]) * 1e6 / hz / ops, (y[2] - x[2]) / ops }'
}

if [[ ${PARLEY_SKIP_BUILD:-0} != 1 ]]; then
  scripts/install-deps --bench
  log "building the benchmark targets in $build"
  [[ -f $build/CMakeCache.txt ]] || cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  targets=(parleyd generate store_bench read_bench load_generator echo_server)
  command -v pg_config >/dev/null && targets+=(pg_append)
  cmake --build "$build" -j"$(nproc)" --target "${targets[@]}" >"$results/build.log" 2>&1 ||
    { echo "build failed; see $results/build.log" >&2; exit 1; }
fi
bin=$build/bench

{
  echo "mode: $mode"
  echo "date: $(date -Is)"
  echo "git: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"
  echo "kernel: $(uname -sr)"
  lscpu | grep -E '^(Model name|CPU\(s\)|Thread|Core|Socket|Hypervisor|L2|L3)' || true
  free -m | head -2
  echo "work dir: $work"
  df -h "$work" | tail -1
  findmnt -no SOURCE,FSTYPE,OPTIONS --target "$work" || true
  dpkg-query -W librocksdb-dev rocksdb-tools libgrpc++-dev libbenchmark-dev postgresql-15 2>/dev/null || true
} >"$results/machine.txt"
log "results in $results"

# 1. The RocksDB ceiling: synced writes on the same disk.
if wants db_bench; then
section db_bench
for threads in 1 8; do
  for rep in $(seq 1 "$reps"); do
    rm -rf "$work/db_bench"
    timeout 300 db_bench --benchmarks=fillseq --sync=true --threads="$threads" \
      --num="$db_bench_num" --db="$work/db_bench" 2>&1 |
      grep -E '^fillseq' | sed "s/^/threads=$threads rep=$rep /" | tee -a "$results/db_bench.txt"
  done
done
rm -rf "$work/db_bench"
section_end db_bench
fi

# 2. Store appends, replies through the projections, and rebuild.
if wants store; then
section store_bench
timeout 1800 "$bin/store_bench" --data_root="$work" "${rebuild[@]}" \
  --benchmark_repetitions="$reps" --benchmark_min_time="$min_time" \
  --benchmark_report_aggregates_only=false \
  --benchmark_out="$results/store_bench.json" --benchmark_out_format=json \
  2>&1 | tee "$results/store_bench.txt"
section_end store_bench
fi

# 3. The data set, kept for later runs of the same mode.
dataset=$work/dataset-$mode
if ! wants read && ! wants load; then
  :
elif [[ ! -f $dataset/dataset.txt ]]; then
  section generate
  rm -rf "$dataset"
  timeout 14400 "$bin/generate" --data_dir="$dataset" --size="$mode" 2>&1 | tee "$results/generate.txt"
  section_end generate
  cat "$dataset/dataset.txt" >>"$results/generate.txt"
  du -sh "$dataset" | tee -a "$results/generate.txt"
else
  echo "reusing $dataset" | tee "$results/generate.txt"
fi

# 4. Page reads in-process, beside raw RocksDB reads of the same keys.
if wants read; then
section read_bench
timeout 1800 "$bin/read_bench" --dataset="$dataset" \
  --benchmark_repetitions="$reps" --benchmark_min_time="$min_time" \
  --benchmark_out="$results/read_bench.json" --benchmark_out_format=json \
  2>&1 | tee "$results/read_bench.txt"
section_end read_bench
fi

# 5. gRPC: the echo ceiling, then parleyd on a copy of the data set.
if wants load; then
served=$work/served-$mode
clone_db "$dataset" "$served"
start_server "$results/echo_server.log" "$bin/echo_server" --listen=127.0.0.1:0
echo_port=$server_port
echo_pid=$server_pid
# Logs at info level: the line naming the port is an info line.
start_server "$results/parleyd.log" "$build/parleyd" --data_dir="$served" \
  --listen=127.0.0.1:0 --block_cache_mb=64
parleyd_port=$server_port
parleyd_pid=$server_pid
echo "after start: $(rss_of "$parleyd_pid")" >"$results/rss.txt"
load_args=(--clients="$clients" --duration_s="$phase_s" --warmup_s=1 --output="$results/load.csv")
echo "label,phase,clients,channels,ops,seconds,ops_per_s,p50_us,p99_us,p999_us,max_us,errors,exhausted_clients" \
  >"$results/load.csv"
for rep in $(seq 1 "$reps"); do
  section "load round $rep"
  timeout 600 "$bin/load_generator" --target="127.0.0.1:$echo_port" --phases=echo \
    --label="echo rep=$rep" "${load_args[@]}" 2>&1 | tee -a "$results/load.txt"
  timeout 900 "$bin/load_generator" --target="127.0.0.1:$parleyd_port" \
    --phases=create,reply,markread,list,messages,mix --dataset="$dataset" \
    --run_id="r$rep" --label="parleyd rep=$rep" "${load_args[@]}" 2>&1 | tee -a "$results/load.txt"
  echo "after round $rep: $(rss_of "$parleyd_pid")" >>"$results/rss.txt"
  section_end "load round $rep"
done
section "load with 1 and 8 clients"
for n in 1 8; do
  timeout 600 "$bin/load_generator" --target="127.0.0.1:$echo_port" --phases=echo \
    --label="echo clients=$n" --clients="$n" --duration_s="$phase_s" --warmup_s=1 \
    --output="$results/load.csv" 2>&1 | tee -a "$results/load.txt"
  timeout 600 "$bin/load_generator" --target="127.0.0.1:$parleyd_port" --phases=reply,messages \
    --run_id="c$n" --label="parleyd clients=$n" --clients="$n" --duration_s="$phase_s" \
    --warmup_s=1 --dataset="$dataset" --output="$results/load.csv" 2>&1 | tee -a "$results/load.txt"
done
section_end "load with 1 and 8 clients"

# What a call costs the server, beside the echo ceiling's cost.
section "cpu per call"
{
  cpu_per_call "$echo_pid" "$echo_port" echo
  for phase in reply messages; do cpu_per_call "$parleyd_pid" "$parleyd_port" "$phase"; done
} | tee "$results/cpu.txt"
section_end "cpu per call"

# Profiles, after the measured rounds so they do not slow them.
if perf record -e cpu-clock -o /dev/null -- true >/dev/null 2>&1; then
  section profile
  for phase in reply mix; do
    timeout 120 perf record -e cpu-clock -g -p "$parleyd_pid" -o "$work/perf-$phase.data" \
      -- sleep "$phase_s" >/dev/null 2>&1 &
    perf_pid=$!
    timeout 600 "$bin/load_generator" --target="127.0.0.1:$parleyd_port" --phases="$phase" \
      --run_id="p$phase" --clients="$clients" --duration_s="$phase_s" --warmup_s=0 \
      --dataset="$dataset" >/dev/null 2>&1 || true
    wait "$perf_pid" || true
    perf report -i "$work/perf-$phase.data" --no-children --percent-limit=1 --stdio \
      -g none >"$results/profile-parleyd-$phase.txt" 2>/dev/null || true
    rm -f "$work/perf-$phase.data"
  done
  section_end profile
else
  echo "perf record does not work here; no profiles" | tee "$results/profile-none.txt"
fi
echo "at the end: $(rss_of "$parleyd_pid")" >>"$results/rss.txt"
cleanup
pids=()
fi

# 6. The peer: PostgreSQL on a temporary data directory, loopback only.
if ! wants pg; then
  :
elif [[ -x $bin/pg_append ]] && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  section postgresql
  pg_bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | tail -1)")
  pg_data=$work/pg
  rm -rf "$pg_data" "$work/pg-socket"
  mkdir -p "$pg_data" "$work/pg-socket"
  touch "$results/pg-server.log"
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres "$pg_data" "$work/pg-socket" "$results/pg-server.log"
  fi
  as_postgres "$pg_bin/initdb" -D "$pg_data" -U bench --auth=trust >"$results/pg-initdb.log" 2>&1
  pg_port=$(( 20000 + RANDOM % 20000 ))
  as_postgres "$pg_bin/pg_ctl" -D "$pg_data" -l "$results/pg-server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $work/pg-socket \
        -c synchronous_commit=on -c fsync=on -c full_page_writes=on \
        -c max_connections=200 -c shared_buffers=256MB" >/dev/null
  as_postgres "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U bench bench
  conninfo="host=127.0.0.1 port=$pg_port dbname=bench user=bench"
  {
    echo "postgres: $("$pg_bin/postgres" --version)"
    "$pg_bin/psql" "$conninfo" -Atc "select name || '=' || setting from pg_settings where name in ('synchronous_commit','fsync','wal_sync_method','full_page_writes','commit_delay','shared_buffers')"
  } | tee "$results/pg.txt"
  for rep in $(seq 1 "$reps"); do
    for n in 64 8 1; do
      timeout 600 "$bin/pg_append" --conninfo="$conninfo" --clients="$n" \
        --duration_s="$phase_s" --warmup_s=1 --label="postgresql clients=$n rep=$rep" \
        --output="$results/load.csv" 2>&1 | tee -a "$results/pg.txt"
    done
  done
  as_postgres "$pg_bin/pg_ctl" -D "$pg_data" -m fast stop >/dev/null
  rm -rf "$pg_data" "$work/pg-socket"
  pg_data=""
  section_end postgresql
else
  echo "pg_append or PostgreSQL is missing; skipped the peer" | tee "$results/pg.txt"
fi

# 7. Headline figures: medians over the rounds.
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print 0 }'; }
touch "$results/db_bench.txt" "$results/load.csv" "$results/store_bench.txt" "$results/rss.txt"
db8=$(awk '/threads=8/ { print $7 }' "$results/db_bench.txt" | median)
db1=$(awk '/threads=1/ { print $7 }' "$results/db_bench.txt" | median)
csv_median() { awk -F, -v l="$1" -v p="$2" -v c="$3" 'index($1, l) == 1 && $2 == p && $3 == c { print $'"$4"' }' "$results/load.csv" | median; }
echo_rate=$(csv_median "echo rep=" echo "$clients" 7)
reply_rate=$(csv_median "parleyd rep=" reply "$clients" 7)
reply_p99=$(csv_median "parleyd rep=" reply "$clients" 9)
pg_rate=$(csv_median "postgresql clients=$clients " pg_append_1 "$clients" 7)
best_append=$(grep -E '^BM_Append/.*_median' "$results/store_bench.txt" |
  grep -oE 'items_per_second=[0-9.]+[kM]?/s' | sed 's/items_per_second=//; s#/s##' |
  awk '/k$/ { sub(/k$/, ""); $1 *= 1e3 } /M$/ { sub(/M$/, ""); $1 *= 1e6 } { print $1 + 0 }' |
  sort -n | tail -1 || true)
single_append=$(grep -E '^BM_Append/one_stream:0/batch:1/submitters:64/real_time_median' \
  "$results/store_bench.txt" | grep -oE 'items_per_second=[0-9.]+[kM]?/s' |
  sed 's/items_per_second=//; s#/s##' |
  awk '/k$/ { sub(/k$/, ""); $1 *= 1e3 } /M$/ { sub(/M$/, ""); $1 *= 1e6 } { print $1 + 0 }' || true)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
# Only the sections that ran have figures to report.
{
  echo "mode=$mode clients=$clients reps=$reps (medians over reps)"
  if wants db_bench; then
    echo "db_bench fillseq sync threads=1: $db1 ops/s; threads=8: $db8 ops/s"
  fi
  if wants store; then
    echo "store appends, 1 event each, 64 queued: $single_append events/s = $(ratio "$single_append" "$db8") x db_bench threads=8 (target >= 3)"
    echo "store appends, best BM_Append median: $best_append events/s = $(ratio "$best_append" "$db8") x db_bench threads=8"
  fi
  if wants load; then
    echo "echo, $clients clients: $echo_rate calls/s"
    echo "reply over gRPC, $clients clients: $reply_rate calls/s, p99 $reply_p99 us = $(ratio "$reply_rate" "$echo_rate") x echo (target >= 0.5, p99 < 10000 us)"
    cat "$results/cpu.txt" 2>/dev/null || true
    echo "parleyd memory: $(tail -1 "$results/rss.txt")"
  fi
  if wants pg; then
    echo "postgresql appends, $clients clients: $pg_rate appends/s; parleyd replies = $(ratio "$reply_rate" "$pg_rate") x postgresql (target >= 3)"
  fi
} | tee "$results/summary.txt"
log "done: $results"
}

main "$@"
