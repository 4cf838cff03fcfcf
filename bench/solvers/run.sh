#!/usr/bin/env bash
# Other exact minimum-cost flow solvers on the national pairing's first flow network (82,979
# nodes, 427,819 arcs), beside Allteach's own solve of the same problem. Not a test, and not
# part of ./dev bench: it needs LEMON (Debian: apt-get install liblemon-dev), g++, and a Python
# with OR-Tools (pip install ortools; PYTHON=... to choose it). Every solver must report the
# same optimum; the README's pairing section says what was found and why the solver is what it is.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p build
network=build/national-pairing.min
cargo run --quiet --release --example bench_pairing -- --dimacs "$network"
g++ -O2 -o build/lemon-mcf bench/solvers/lemon.cc
build/lemon-mcf "$network"
"${PYTHON:-python3}" bench/solvers/or_tools.py "$network"
