#!/usr/bin/env bash
# Runs the logicmodel benchmarks and prints Markdown tables to stdout
# (progress goes to stderr). Copy the tables into docs/performance.md by
# hand, with the date and the machine.
#
#   benches/run.sh                          # 10k, 100k and 1M nodes, 3 runs
#   benches/run.sh --sizes 10000 --runs 5   # anything `logicmodel-bench check` takes
#
# The arguments go to the check bench; the render bench after it runs with
# its defaults (1k, 2k, 10k and 100k nodes; Graphviz dot up to 10k), or with
# the words of $RENDER_ARGS, e.g. RENDER_ARGS="--sizes 1000,2000 --runs 5".
#
# The 1M-node run needs about 4 GiB of memory and a few minutes; the render
# bench spends most of its ~10 minutes waiting for dot at 10k nodes.
set -euo pipefail
cd "$(dirname "$0")/.."

# The render bench compares with Graphviz `dot`; install it if it is missing
# and we may (root, with apt-get). Without it the bench measures ours only.
if ! command -v dot >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing graphviz…" >&2
        export DEBIAN_FRONTEND=noninteractive
        # The package lists may be missing or stale: update once and retry.
        if ! { apt-get install -y graphviz >&2 || { apt-get update >&2 && apt-get install -y graphviz >&2; }; }; then
            echo "warning: could not install graphviz; the render bench measures ours only" >&2
        fi
    else
        echo "warning: no \`dot\` and cannot install graphviz (not root or no apt-get); the render bench measures ours only" >&2
    fi
fi

cargo build --release -p logicmodel-bench
bench=target/release/logicmodel-bench

echo "## Machine"
echo
echo "- CPU: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores"
echo "- Memory: $(awk '/^MemTotal:/ {printf "%.1f", $2 / 1048576}' /proc/meminfo) GiB"
echo "- $(rustc --version)"
echo "- Graphviz: $({ command -v dot >/dev/null && dot -V 2>&1; } | head -1 || echo none)"
echo "- Load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- Date: $(date -u +%Y-%m-%d)"
echo
echo "## Check"
echo
"$bench" check "$@"
echo
echo "## Stages of the loader (100k nodes)"
echo
"$bench" stages --nodes 1000000
echo
echo "## Render"
echo
# shellcheck disable=SC2086 # RENDER_ARGS is split into words on purpose.
"$bench" render ${RENDER_ARGS:-}
echo
echo "- Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
