#!/bin/sh
# bench.sh measures how long `checker grade` takes over a class of
# complete submissions: N copies (30 by default) of the reference
# solutions, each made different from the others by a comment, so that no
# grade can be shared between students.
#
#	bench/grade/bench.sh [STUDENTS [RUNS]]
#
# Extra arguments for every grading run can be given in GRADE_FLAGS, for
# example GRADE_FLAGS="--jobs 4".
#
# It reports, for each of RUNS runs (3 by default):
#   - cold grades: --no-cache, every exercise of every student built and
#     checked, with Go's build cache warm (the process library compiled;
#     each student's own package is new to it, and is compiled and linked);
#   - then one incremental regrade with the grade cache full;
#   - then a class of identical copies with an empty grade cache, where
#     each exercise is graded once and its grade shared.
# The figures go to standard output; nothing is left behind.
set -eu

students=${1:-30}
runs=${2:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/procbook-bench-grade.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# A snapshot of the workbook: what is graded against stays the same for
# the whole measurement, whatever happens to the working tree meanwhile.
mkdir -p "$tmp/workbook"
(cd "$root" && cp -R go.mod go.sum process testdata internal exercises solutions checker "$tmp/workbook/")
root=$tmp/workbook
cd "$root"
go build -o "$tmp/checker" ./checker

# The class: student01 … studentNN, each a copy of solutions/ as a whole
# workbook's exercises folder, with a comment that makes it their own.
i=1
while [ "$i" -le "$students" ]; do
	id=$(printf 'student%02d' "$i")
	mkdir -p "$tmp/class/$id/exercises"
	cp -R solutions/. "$tmp/class/$id/exercises/"
	for f in "$tmp/class/$id"/exercises/q*/main.go; do
		printf '\n// Submitted by %s.\n' "$id" >>"$f"
	done
	i=$((i + 1))
done

# Warm Go's build cache: the process library and the standard library.
# The checker keeps the programs it builds; the script's own folder keeps
# them here, and the user's is left alone.
PROCBOOK_PROGRAM_CACHE=$tmp/programs-warm
export PROCBOOK_PROGRAM_CACHE
mkdir -p "$tmp/warm"
cp -R "$tmp/class/student01" "$tmp/warm/"
"$tmp/checker" --root "$root" grade --no-cache --out "$tmp/warm.json" "$tmp/warm" 2>/dev/null

echo "class: $students students x 6 exercises, $(nproc 2>/dev/null || echo '?') CPUs, $(go version | cut -d' ' -f3)"
# busy prints the CPU time, in clock ticks, that the whole machine has
# spent busy since it started (0 where /proc/stat is missing).
busy() {
	awk '/^cpu /{print $2+$3+$4+$7+$8; exit}' /proc/stat 2>/dev/null || echo 0
}

# timed CMD...: runs CMD, and prints its wall-clock, user and system
# times, and how busy the whole machine was meanwhile: the figure depends
# on what else runs.
timed() {
	load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
	before=$(busy)
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -o "$tmp/time" -f '%e s wall, %U s user, %S s system' "$@"
	else
		start=$(date +%s)
		"$@"
		echo "$(($(date +%s) - start)) s wall" >"$tmp/time"
	fi
	after=$(busy)
	hz=$(getconf CLK_TCK 2>/dev/null || echo 100)
	echo "$(cat "$tmp/time"); the machine was busy $(((after - before) / hz)) CPU-s in all (load average before: $load)"
}

r=1
while [ "$r" -le "$runs" ]; do
	printf 'run %d, no cache: ' "$r"
	# An empty program cache for each cold run, so that no program is
	# taken from an earlier run (the warm-up's are kept in another).
	PROCBOOK_PROGRAM_CACHE=$tmp/programs-$r
	export PROCBOOK_PROGRAM_CACHE
	timed "$tmp/checker" --root "$root" grade ${GRADE_FLAGS:-} --no-cache --out "$tmp/gradebook.json" "$tmp/class" 2>"$tmp/stderr" || {
		cat "$tmp/stderr" >&2
		exit 1
	}
	echo "    $(tail -n 1 "$tmp/stderr")"
	r=$((r + 1))
done

# Full marks for everyone, or the figure means nothing.
"$tmp/checker" --root "$root" grade merge --format csv "$tmp/gradebook.json" >"$tmp/gradebook.csv"
not_full=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "total") t = i; if ($i == "max_score") m = i }; next } $t != $m' "$tmp/gradebook.csv" | wc -l)
echo "students without full marks: $not_full"

"$tmp/checker" --root "$root" grade --cache "$tmp/cache" --out "$tmp/cached.json" "$tmp/class" 2>/dev/null
printf 'regrade, nothing changed: '
timed "$tmp/checker" --root "$root" grade --cache "$tmp/cache" --out "$tmp/cached.json" "$tmp/class" 2>"$tmp/stderr"
echo "    $(tail -n 1 "$tmp/stderr")"

# The same class made of identical copies, with an empty grade cache: an
# exercise already graded for one student is not graded again for another.
i=1
while [ "$i" -le "$students" ]; do
	id=$(printf 'student%02d' "$i")
	mkdir -p "$tmp/same/$id/exercises"
	cp -R solutions/. "$tmp/same/$id/exercises/"
	i=$((i + 1))
done
printf 'identical copies, empty cache: '
timed "$tmp/checker" --root "$root" grade --cache "$tmp/cache-same" --out "$tmp/same.json" "$tmp/same" 2>"$tmp/stderr"
echo "    $(tail -n 1 "$tmp/stderr")"
