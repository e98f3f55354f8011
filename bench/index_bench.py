#!/usr/bin/env python3
"""The sketch index against brute force (issue 20): runs `ktpcore bench --index` (both searches
on the same gallery and probes in one run, so every ratio is measured in the same run) at each
genuine mean asked for, writes each run's JSON and a gnuplot plot of recall against wall-time
speed-up across the index radius, and prints one JSON document with all runs on stdout.

usage: bench/index_bench.py BUILD_DIR OUT_DIR [--gallery N] [--mated M] [--non-mated K]
                            [--means 0.11,0.20,0.25] [--radii 36,38,40,42,44] [--threads T]
                            [--brute-every E]

Mean 0.11 is the default synthetic data; 0.20 and 0.25 use core_synth_params_genuine (the
cross-session spread). Defaults: 100,000 people, 2,000 mated and 500 non-mated probes (about
15 minutes per mean on a 2-core VM). The plot is OUT_DIR/index_recall.png.
"""
import argparse
import json
import os
import subprocess
import sys


def run_one(build, mean, args):
    command = [os.path.join(build, "ktpcore"), "bench", "--index",
               "--gallery", str(args.gallery), "--mated", str(args.mated),
               "--non-mated", str(args.non_mated), "--threads", str(args.threads),
               "--brute-every", str(args.brute_every)]
    if abs(mean - 0.11) > 1e-9:
        command += ["--genuine-mean", str(mean)]
    for radius in args.radii.split(","):
        command += ["--radius", radius]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def write_plot(out, runs):
    """One data block per mean: speed-up (wall), recall and its Wilson interval, radius."""
    data = os.path.join(out, "index_recall.dat")
    with open(data, "w") as f:
        for run in runs:
            f.write("# genuine_mean %.2f\n" % run["genuine_mean"])
            for point in run["index"]:
                low, high = point["recall_ci95"]
                f.write("%.3f %.5f %.5f %.5f %d\n" % (point["speedup_wall"], point["recall"],
                                                      low, high, point["radius"]))
            f.write("\n\n")
    script = os.path.join(out, "index_recall.gp")
    plots = ", ".join(
        "'index_recall.dat' index %d using 1:2:3:4 with yerrorlines title 'genuine mean %.2f',"
        " '' index %d using 1:2:5 with labels offset 1,0.6 notitle" %
        (i, run["genuine_mean"], i) for i, run in enumerate(runs))
    with open(script, "w") as f:
        f.write("set terminal pngcairo size 900,600\nset output 'index_recall.png'\n"
                "set title 'Sketch index: recall against wall-time speed-up (labels: radius)'\n"
                "set xlabel 'speed-up over brute force (wall time, same run)'\n"
                "set ylabel 'recall (mate returned at or below threshold), 95% Wilson'\n"
                "set key bottom left\nset grid\n")
        f.write("plot " + plots + "\n")
    subprocess.run(["gnuplot", "index_recall.gp"], cwd=out, check=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build")
    parser.add_argument("out")
    parser.add_argument("--gallery", type=int, default=100000)
    parser.add_argument("--mated", type=int, default=2000)
    parser.add_argument("--non-mated", type=int, default=500)
    parser.add_argument("--means", default="0.11,0.20,0.25")
    parser.add_argument("--radii", default="36,38,40,42,44")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--brute-every", type=int, default=1)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    runs = []
    for mean in [float(m) for m in args.means.split(",")]:
        run = run_one(args.build, mean, args)
        with open(os.path.join(args.out, "index-%.2f.json" % mean), "w") as f:
            json.dump(run, f, indent=1)
        runs.append(run)
    write_plot(args.out, runs)
    json.dump({"runs": runs, "plot": os.path.join(args.out, "index_recall.png")}, sys.stdout,
              indent=1)
    print()


if __name__ == "__main__":
    main()
