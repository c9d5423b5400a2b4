"""Prints Vernier's benchmark records beside a peer's, with the ratio peer / Vernier (> 1: Vernier is faster).

  python3 benchmarks/compare.py vernier.json torch.json

Both files are JSON arrays of {"name", "value", "unit"} (`vernier bench <suite> --json`, benchmarks/peers/*.py).
For figures where larger is better (units GFLOP/s, TFLOP/s, fraction, trials/s) the ratio is Vernier / peer.
Vernier rows that time one workload along several paths (the 2-10-1 step on the tape, through `Trainer`, as the
standalone fused kernel) are each paired with the peer's one figure for it (SAME_WORKLOAD). Vernier's figures the
peer does not measure (allocation counts, Vernier-only paths) are named after the table.
"""
import json
import sys

HIGHER_IS_BETTER = {"GFLOP/s", "TFLOP/s", "fraction", "trials/s"}
# Vernier's name -> the peer's name of the same workload, where Vernier times it along several paths.
SAME_WORKLOAD = {
    "tape_sgd_step_2_10_1_b10_us": "sgd_step_2_10_1_b10_us",
    "tape_trainer_sgd_step_2_10_1_b10_us": "sgd_step_2_10_1_b10_us",
    "fused_sgd_step_2_10_1_b10_us": "sgd_step_2_10_1_b10_us",
    "fused_spirals_epoch_ms": "spirals_epoch_ms",
}


def load(path):
    with open(path) as handle:
        return {record["name"]: record for record in json.load(handle)}


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: compare.py VERNIER.json PEER.json")
    ours, peer = load(sys.argv[1]), load(sys.argv[2])
    pairs = [(name, SAME_WORKLOAD.get(name, name)) for name in ours]
    pairs = [(name, theirs) for name, theirs in pairs if theirs in peer]
    names = [name for name, _ in pairs]
    if not names:
        sys.exit("no figure appears in both files")
    width = max(len(name) for name in names)
    print(f"{'figure':<{width}}  {'vernier':>12}  {'peer':>12}  unit      ratio")
    for name, theirs in pairs:
        a, b = ours[name]["value"], peer[theirs]["value"]
        unit = ours[name].get("unit", "")
        if a == 0 or b == 0:
            ratio = "n/a"
        else:
            ratio = f"{(a / b if unit in HIGHER_IS_BETTER else b / a):.1f}x"
        print(f"{name:<{width}}  {a:>12.4g}  {b:>12.4g}  {unit:<8}  {ratio}")
    unpaired = [name for name in ours if name not in names]
    if unpaired:
        print("not measured by the peer: " + ", ".join(unpaired))


if __name__ == "__main__":
    main()
