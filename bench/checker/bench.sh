#!/usr/bin/env bash
# bench.sh measures how long the checker takes, warm (Go's build cache
# filled), beside the floor: a plain `go build` and run of the same
# program. It works on a scratch copy of the workbook, never on yours.
#
#	bench/checker/bench.sh [N]      N runs per measure (default 10)
#
# It prints a table (wall-clock min, median, max, and median CPU time, in
# milliseconds) and keeps it in bench/out/checker.txt, with the load
# average before and after. docs/checker.md quotes its figures.
set -euo pipefail

n=${1:-10}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A scratch workbook whose exercises are the reference solutions: the
# checker then does all its work (every scenario runs to the end).
for part in go.mod go.sum process testdata solutions exercises; do
	cp -R "$root/$part" "$work/"
done
for d in "$work"/solutions/q*; do
	cp "$d"/* "$work/exercises/$(basename "$d")/"
done
(cd "$root" && go build -o "$work/bin/checker" ./checker)
export GOFLAGS=-mod=mod GOPROXY=off NO_COLOR=1
# The programs the checker keeps go to the scratch copy too.
export PROCBOOK_PROGRAM_CACHE=$work/programs

# measure NAME SETUP COMMAND: runs SETUP then times COMMAND, n times, and
# prints the wall-clock time (min, median, max) and the median CPU time
# (user + system, children included). On a busy machine the wall-clock
# time swings with the load; the CPU time much less.
measure() {
	local name=$1 setup=$2 cmd=$3 walls=() cpus=()
	local TIMEFORMAT='%R %U %S'
	for ((i = 0; i < n; i++)); do
		(cd "$work" && eval "$setup")
		local r
		r=$({ time { (cd "$work" && eval "$cmd") >/dev/null 2>&1; }; } 2>&1)
		read -r real user sys <<<"$r"
		walls+=("$(awk -v r="$real" 'BEGIN { printf "%d", r * 1000 }')")
		cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%d", (u + s) * 1000 }')")
	done
	local w c
	w=($(printf '%s\n' "${walls[@]}" | sort -n))
	c=($(printf '%s\n' "${cpus[@]}" | sort -n))
	printf '%-44s %7s %7s %7s %9s\n' "$name" "${w[0]}" "${w[$((n / 2))]}" "${w[$((n - 1))]}" "${c[$((n / 2))]}"
}

save='echo "// saved $RANDOM$RANDOM" >>exercises/q6/main.go'

# Warm the caches: the first build of the library and of each exercise.
(cd "$work" && bin/checker verify >/dev/null 2>&1) || true

{
	echo "checker timings, warm, $(nproc) CPUs, $(go version | cut -d' ' -f3), $n runs each (ms)"
	echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
	printf '%-44s %7s %7s %7s %9s\n' "" "wall min" median max "CPU med."
	measure "floor: go build q6 after a save + 1 run" "$save" \
		'go -C exercises build -trimpath -o ../bin/q6 ./q6 && bin/q6 >/dev/null'
	measure "checker run q6 after a save" "$save" 'bin/checker run q6'
	measure "checker run q6, nothing changed" ":" 'bin/checker run q6'
	measure "checker run --force q6, nothing changed" ":" 'bin/checker run --force q6'
	measure "checker (progress), all done, recorded" ":" 'bin/checker'
	measure "go run ./checker run q6 after a save" "$save" '(cd "$root" && go run ./checker --root "$work" run q6)'
	measure "floor: go build + 1 run of q1…q6" ":" \
		'for q in q1 q2 q3 q4 q5 q6; do go -C exercises build -trimpath -o ../bin/$q ./$q && bin/$q >/dev/null; done'
	measure "checker verify (all six), nothing changed" ":" 'bin/checker verify'
	measure "checker verify --force (all six)" ":" 'bin/checker verify --force'
	measure "checker verify --force -p 1 (one at a time)" ":" 'bin/checker verify --force -p 1'
	echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
} | tee "$work/table.txt"

mkdir -p "$root/bench/out"
cp "$work/table.txt" "$root/bench/out/checker.txt"
