#!/usr/bin/env bash
# The default verification suite (`npm start`'s campaign) in N shards run by GNU parallel, here
# or over ssh, then merged into one verdict.
#
#   docs/recipes/gnu-parallel.sh [N] [extra pagecheck suite arguments...]
#
# N defaults to 4. Add `-S host1,host2 --workdir ... --return shard-{}.json --cleanup` to the
# parallel line to run the shards on other machines (each needs the same checkout and `npm ci`).
# The shards' result files are kept in $RESULTS (default: ./pagecheck-shards); the exit status is
# merge's: 0 every check as expected, 1 a finding, 3 incomplete, 2 or 4 an error.
set -u
N=${1:-4}
shift || true
RESULTS=${RESULTS:-pagecheck-shards}
PAGECHECK=${PAGECHECK:-npx pagecheck}
mkdir -p "$RESULTS"
rm -f "$RESULTS"/shard-*.json
# A shard with findings exits 1 and one stopped by a bound 3: its result file is still complete,
# and merge decides the verdict. Only a shard that wrote no result (exit 2 or 4) is an error here.
parallel --will-cite --jobs "$N" --halt never --line-buffer \
  "$PAGECHECK suite --shard {}/$N --json $* > $RESULTS/shard-{}.json; rc=\$?; [ \$rc -le 1 ] || [ \$rc -eq 3 ]" ::: $(seq 1 "$N")
status=$?
if [ "$status" -ne 0 ]; then
  echo "gnu-parallel.sh: $status shard(s) ended in an error; their result files in $RESULTS say why" >&2
fi
$PAGECHECK merge "$RESULTS"/shard-*.json
