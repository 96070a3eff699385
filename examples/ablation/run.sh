#!/usr/bin/env bash
# The accuracy cost of each non-ideality of the nmi2019 preset: trains the CNN in situ on nmi2019, on the authors'
# simulation recipe (nmi2019-sim), and on nmi2019 with one assumed non-ideality removed at a time (set to its
# nmi2019-sim value), each over the same seeds, then tabulates them with 'xbar summarize' (one row per chip).
#
#   examples/ablation/run.sh OUT [SEEDS] [-- extra train options]
#   examples/ablation/run.sh runs/ablation "21 22 23 24 25"                  # the full ablation (100 runs' worth)
#   examples/ablation/run.sh /tmp/abl "1 2" -- --train-samples 6000 --epochs 1   # a quick look
#
# Write noise is not ablated: it is part of the authors' recipe, and without it the paper's initialisation cannot
# break the weights' symmetry (see 'xbar train --help', --init). Results: OUT/ablation.md and OUT/ablation.csv.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
out=${1:?usage: run.sh OUT [SEEDS] [-- train options]}
seeds=${2:-"1 2 3 4 5"}
shift $(( $# >= 2 ? 2 : 1 ))
[ "${1:-}" = "--" ] && shift
mkdir -p "$out/specs"

# name and the spec fields that remove it (nmi2019-sim's values)
ablations=(
  "no-slope-spread|\"variability\": {\"slopeSpread\": 0}"
  "no-read-noise|\"variability\": {\"readNoiseMicroSiemens\": 0}"
  "no-stuck|\"faults\": {\"stuckRandomFraction\": 0}"
  "no-dead-columns|\"faults\": {\"deadColumns\": []}"
  "no-500uS-cap|\"device\": {\"type\": \"gate\", \"slopeMicroSiemensPerVolt\": 181.8181818181818, \"offsetMicroSiemens\": 0, \"writeNoiseMicroSiemens\": 8, \"resetMicroSiemens\": 0, \"gMinMicroSiemens\": 0, \"gMaxMicroSiemens\": 10000, \"vgMinVolts\": 0.5, \"vgMaxVolts\": 2.5, \"vgStepVolts\": 0.01}"
  "no-gate-dac|\"device\": {\"type\": \"gate\", \"slopeMicroSiemensPerVolt\": 181.8181818181818, \"offsetMicroSiemens\": 0, \"writeNoiseMicroSiemens\": 8, \"resetMicroSiemens\": 0, \"gMinMicroSiemens\": 0, \"gMaxMicroSiemens\": 500, \"vgMinVolts\": 0.5, \"vgMaxVolts\": 2.5, \"vgStepVolts\": 0.000001}"
  "no-input-dac|\"peripherals\": {\"dacBits\": 24}"
  "no-adc|\"peripherals\": {\"adcBits\": 24, \"adcRangeVolts\": 100}"
)
chips=("--preset nmi2019" "--preset nmi2019-sim")
for a in "${ablations[@]}"; do
  name=${a%%|*}
  printf '{"preset": "nmi2019", %s}\n' "${a#*|}" >"$out/specs/$name.json"
  "$root/xbar" spec validate "$out/specs/$name.json" >/dev/null
  chips+=("--spec $out/specs/$name.json")
done

folders=()
for chip in "${chips[@]}"; do
  label=$(basename "${chip##* }" .json)
  for seed in $seeds; do
    dir="$out/$label-seed$seed"
    folders+=("$dir")
    if [ -f "$dir/summary.json" ]; then continue; fi  # a rerun resumes
    rm -rf "$dir"
    # shellcheck disable=SC2086
    "$root/xbar" train $chip --seed "$seed" --out "$dir" "$@" | tail -n 1
  done
done
"$root/xbar" summarize "${folders[@]}" | tee "$out/ablation.md"
"$root/xbar" summarize --csv "${folders[@]}" >"$out/ablation.csv"
