#!/usr/bin/env python3
"""Load what `xbar export` wrote (a training run and a yield study) with NumPy alone, check it, and redraw
the main figures when matplotlib is installed.

    xbar export runs/cnn-20261201-101500                  # -> runs/cnn-20261201-101500/run.npz
    xbar export runs/yield-cnn-insitu-1a2b3c4d            # -> .../study.npz
    python3 examples/python/load_run.py RUN_DIR [STUDY_DIR] [--plot OUT_DIR]

RUN_DIR holds run.npz (and chip-final.bin, read here directly too); STUDY_DIR holds study.npz (and trials.csv,
read with pandas when it is installed). Exits non-zero if anything read back is inconsistent.
"""
import argparse
import json
import os
import struct
import sys

import numpy as np


def read_chip(path):
    """The chip file (format version 2, or 1; little-endian) as {plane name: rows x cols float32 array}."""
    planes = ["conductance", "gate_voltage", "fault", "slope", "offset",
              "g_min", "g_max", "step_up", "step_down", "drift_nu"]
    raw = open(path, "rb").read()
    version = struct.unpack_from("<i", raw, 8)[0]
    assert raw[:8] == b"XBARCHIP" and version in (1, 2), "not a version 1 or 2 chip file"
    n = struct.unpack_from("<i", raw, 12)[0]                      # length of the spec JSON
    spec = json.loads(raw[16:16 + n])
    counts = 16 + n + (8 if version == 1 else 11) * 8             # after seed, chip index, events and counts
    rows, cols, stride, count = struct.unpack_from("<4i", raw, counts)
    data = np.frombuffer(raw, "<f4", count * rows * stride, counts + 16).reshape(count, rows, stride)
    return spec, {name: data[i, :, :cols] for i, name in enumerate(planes[:count])}


def check_run(folder):
    run = np.load(os.path.join(folder, "run.npz"))
    summary = json.loads(str(run["summary_json"]))
    print(f"run: {summary['model']}, {'software' if summary['software'] else 'in situ on ' + summary['preset']}, "
          f"final test accuracy {100 * summary['final_test_accuracy']:.2f}%, {len(run.files)} arrays")
    test = run["epoch_test_accuracy"]
    assert abs(test[-1] - summary["final_test_accuracy"]) < 1e-4, (test, summary["final_test_accuracy"])
    assert len(run["batch_loss_per_sample"]) == len(run["batch_accuracy"]) > 0
    weights = {k[len("weights_"):]: run[k] for k in run.files if k.startswith("weights_")}
    assert weights, "no layer weights"
    if "chip_final_conductance" in run.files:
        spec, planes = read_chip(os.path.join(folder, "chip-final.bin"))
        g = run["chip_final_conductance"]
        assert g.shape == (spec["rows"], spec["cols"]), g.shape
        assert np.array_equal(g, planes["conductance"]), "chip-final.bin and run.npz disagree"
        assert set(np.unique(run["chip_final_fault"])) <= {0, 1, 2, 3, 4}
        for layer, w in weights.items():
            r0, c0, nr, nc = run[f"layout_{layer}_block"]
            assert r0 + nr <= g.shape[0] and c0 + nc <= g.shape[1], (layer, r0, c0, nr, nc)
            tiles = [k[:-len("_window")] for k in run.files if k.startswith(f"layout_{layer}_tile") and
                     k.endswith("_window")]
            inputs = max(run[t + "_row_input"].max() for t in tiles) + 1
            outputs = max(run[t + "_col_output"].max() for t in tiles) + 1
            assert w.shape == (inputs, outputs), (layer, w.shape, inputs, outputs)
            print(f"  {layer}: weights {w.shape[0]} x {w.shape[1]}, block at row {r0}, column {c0}, "
                  f"{nr} x {nc} devices, {len(tiles)} tile(s)")
    return run, summary


def check_study(folder):
    study = np.load(os.path.join(folder, "study.npz"))
    spec = json.loads(str(study["study_json"]))
    points, trials = study["point_mean"].size, study["trial_accuracy"].size
    print(f"study: {spec.get('model')} {spec.get('mode')}, {points} point(s), {trials} trial(s)")
    for p in range(points):
        mine = study["trial_accuracy"][study["trial_point"] == p]
        if mine.size:
            assert abs(mine.mean() - study["point_mean"][p]) < 1e-9
            assert study["point_yield_low"][p] <= study["point_yield"][p] <= study["point_yield_high"][p]
    try:
        import pandas as pd
    except ImportError:
        print("  pandas not installed: trials.csv not compared")
    else:
        csv = pd.read_csv(os.path.join(folder, "trials.csv"))
        assert len(csv) == trials and np.allclose(np.sort(csv["accuracy"]), np.sort(study["trial_accuracy"]))
        print(f"  trials.csv: {len(csv)} rows, the same accuracies")
    return study


def plot(run, study, out):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib not installed: no figures drawn")
        return
    os.makedirs(out, exist_ok=True)
    if run is not None and "chip_final_conductance" in run.files:
        fig, axes = plt.subplots(1, 3, figsize=(10, 4), constrained_layout=True)
        before, after = run["chip_initial_conductance"], run["chip_final_conductance"]
        for ax, img, title, cmap in ((axes[0], before, "before", "viridis"), (axes[1], after, "after", "viridis"),
                                     (axes[2], after - before, "after - before", "RdBu_r")):
            lim = np.abs(img).max() or 1
            im = ax.imshow(img, cmap=cmap, vmin=-lim if cmap == "RdBu_r" else 0, vmax=lim, interpolation="nearest")
            ax.set(title=title, xlabel="column", ylabel="row")
            fig.colorbar(im, ax=ax, label="ΔG (µS)" if cmap == "RdBu_r" else "G (µS)")
        fig.savefig(os.path.join(out, "chip.png"), dpi=150)
    if run is not None:
        fig, ax = plt.subplots(figsize=(5, 3.5), constrained_layout=True)
        x = run["batch_epoch"] - 1 + run["batch_index"] / run["batch_index"].max()
        ax.plot(x, 100 * run["batch_accuracy"], color="0.8", label="train, each batch")
        ax.plot(run["epoch"], 100 * run["epoch_test_accuracy"], "o", label="test after each epoch")
        ax.set(xlabel="epoch", ylabel="accuracy (%)")
        ax.legend()
        fig.savefig(os.path.join(out, "accuracy.png"), dpi=150)
    if study is not None and study["point_values"].shape[1] > 0:
        values, names = study["point_values"], str(study["sweeps"]).split("\n")
        fig, ax = plt.subplots(figsize=(5, 3.5), constrained_layout=True)
        # One series per combination of the other sweeps' values, against the first sweep.
        for k, rest in enumerate(np.unique(values[:, 1:], axis=0)):
            mine = np.all(values[:, 1:] == rest, axis=1) & (study["point_trials"] > 0)
            y = 100 * study["point_yield"][mine]
            err = [y - 100 * study["point_yield_low"][mine], 100 * study["point_yield_high"][mine] - y]
            label = ", ".join(f"{n.split(' (')[0]} = {v:g}{' ' + n.split(' (')[1][:-1] if ' (' in n else ''}"
                              for n, v in zip(names[1:], rest)) or "yield"
            ax.errorbar(values[mine, 0] + 0.003 * k * np.ptp(values[:, 0]), y, yerr=err, marker="os^v"[k % 4],
                        capsize=3, label=label + ", 95% Wilson CI")
        ax.set(xlabel=names[0], ylabel="yield (%)", ylim=(0, 100))
        ax.legend()
        fig.savefig(os.path.join(out, "yield.png"), dpi=150)
    print(f"figures in {out}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("run", help="run folder with run.npz")
    parser.add_argument("study", nargs="?", help="study folder with study.npz")
    parser.add_argument("--plot", metavar="OUT_DIR", help="redraw the figures into OUT_DIR (needs matplotlib)")
    args = parser.parse_args()
    run, _ = check_run(args.run)
    study = check_study(args.study) if args.study else None
    if args.plot:
        plot(run, study, args.plot)
    print("ok")


if __name__ == "__main__":
    sys.exit(main())
