#!/usr/bin/env bash
# The default verification suite (`npm start`'s campaign) as a Slurm job array of 4 shards,
# merged by a dependent job. Submit from the checkout (after `npm ci`):
#
#   mkdir -p pagecheck-shards && sbatch docs/recipes/slurm-array.sh
#
# `--shard auto` reads SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_COUNT, so
# the array's size is the number of shards (change --array to change it; no other edit needed).
#SBATCH --job-name=pagecheck-suite
#SBATCH --array=1-4
#SBATCH --cpus-per-task=1
#SBATCH --time=00:30:00
#SBATCH --output=pagecheck-shards/slurm-%A_%a.log
set -u
cd "${SLURM_SUBMIT_DIR:-.}"
npx pagecheck suite --shard auto --json > "pagecheck-shards/shard-${SLURM_ARRAY_TASK_ID}.json"
rc=$?
# A finding (1) or a bound (3) still leaves a complete result for merge.
if [ "$SLURM_ARRAY_TASK_ID" = "${SLURM_ARRAY_TASK_MIN:-1}" ]; then
  # The first task queues the merge after every task of the array, whatever their exit status.
  sbatch --dependency="afterany:${SLURM_ARRAY_JOB_ID}" --job-name=pagecheck-merge --output=pagecheck-shards/merged.txt \
    --wrap "npx pagecheck merge pagecheck-shards/shard-*.json"
fi
[ "$rc" -le 1 ] || [ "$rc" -eq 3 ]
