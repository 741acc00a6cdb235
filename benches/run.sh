#!/usr/bin/env bash
# Runs the logicmodel benchmarks and prints Markdown tables to stdout
# (progress goes to stderr). Copy the tables into docs/performance.md by
# hand, with the date and the machine.
#
#   benches/run.sh                          # 10k, 100k and 1M nodes, 3 runs
#   benches/run.sh --sizes 10000 --runs 5   # anything `logicmodel-bench check` takes
#
# The 1M-node run needs about 4 GiB of memory and a few minutes.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release -p logicmodel-bench
bench=target/release/logicmodel-bench

echo "## Machine"
echo
echo "- CPU: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores"
echo "- Memory: $(awk '/^MemTotal:/ {printf "%.1f", $2 / 1048576}' /proc/meminfo) GiB"
echo "- $(rustc --version)"
echo "- Date: $(date -u +%Y-%m-%d)"
echo
echo "## Check"
echo
"$bench" check "$@"
echo
echo "## Stages of the loader (100k nodes)"
echo
"$bench" stages --nodes 100000
