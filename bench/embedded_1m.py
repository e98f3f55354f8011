#!/usr/bin/env python3
"""The performance check of issue 7: an embedded run against a 1 M gallery versus the core's
own benchmark (`ktpcore bench`) for the same searches (same count, same mean gallery size,
rotations, one thread, same duplicate share). Prints JSON only on stdout: both wall times and
their ratios (whole process, and the search phase alone).

usage: bench/embedded_1m.py BUILD_DIR [SCENARIO] [--concurrent QUERIES GALLERY]
  (default SCENARIO: bench/embedded-1m.json, ~25 minutes on a 2-core VM, one core busy)

Sequential (default): the embedded run first, then `ktpcore bench` with the search count and
mean gallery read from the run's registry. With --concurrent both run at once, one core each
(half the wall time on a 2-core machine, and both sides see the same machine load): the bench
gets QUERIES searches against GALLERY people, estimates given beforehand (for
bench/embedded-1m-100k.json: 100800 1050000), and its search time is scaled to the run's real
search count and mean gallery (search cost is linear in both) before the ratio is taken.
"""
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

AUTOMATIC = ("reason NOT LIKE 'manual decision%' AND reason NOT LIKE 'imported:%'")


def timed(command):
    start = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return time.monotonic() - start, done.stdout, done.stderr


def embedded_run(build, scenario_path, out):
    wall, _, err = timed([os.path.join(build, "ktpsim"), "run", scenario_path, "--out", out,
                          "--threads", "1"])
    core = re.search(r"embedded core: ([0-9.]+) s wall \(([0-9.]+) s searching\)", err)
    db = sqlite3.connect(os.path.join(out, "registry-rep0.sqlite"))
    searches, comparisons = db.execute(
        "SELECT count(*), sum(comparisons) FROM decisions WHERE " + AUTOMATIC).fetchone()
    db.close()
    return {"wall_s": wall, "core_wall_s": float(core.group(1)) if core else None,
            "search_wall_s": float(core.group(2)) if core else None,
            "searches": searches, "comparisons": comparisons,
            "registry_bytes": os.path.getsize(os.path.join(out, "registry-rep0.sqlite"))}


def parse_args(argv):
    args = [a for a in argv[1:]]
    concurrent = None
    if "--concurrent" in args:
        k = args.index("--concurrent")
        if len(args) < k + 3:
            sys.exit(__doc__)
        concurrent = (int(args[k + 1]), int(args[k + 2]))
        del args[k:k + 3]
    if not args or len(args) > 2:
        sys.exit(__doc__)
    here = os.path.dirname(os.path.abspath(__file__))
    scenario = args[1] if len(args) > 1 else os.path.join(here, "embedded-1m.json")
    return args[0], scenario, concurrent


def bench_command(build, gallery, queries, rotations, dup_share):
    return [os.path.join(build, "ktpcore"), "bench", "--gallery", str(gallery),
            "--queries", str(queries), "--rotations", str(rotations), "--threads", "1",
            "--dup-share", str(dup_share), "--json"]


def main():
    build, scenario_path, concurrent = parse_args(sys.argv)
    with open(scenario_path) as f:
        core = json.load(f)["abis"]["embedded"]
    rotations = core.get("rotations", 7)
    dup_share = core.get("duplicate_share", 0.01)
    load_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as out:
        if concurrent:
            queries, gallery = concurrent
            side = {}
            worker = threading.Thread(target=lambda: side.update(result=timed(
                bench_command(build, gallery, queries, rotations, dup_share))))
            worker.start()
            sim = embedded_run(build, scenario_path, out)
            worker.join()
            if "result" not in side:
                sys.exit("ktpcore bench failed")
            bench_wall, bench_out, _ = side["result"]
        else:
            sim = embedded_run(build, scenario_path, out)
    # every synthetic capture has two usable eyes: comparisons = gallery x rotations x 2
    mean_gallery = round(sim["comparisons"] / (sim["searches"] * rotations * 2))
    if not concurrent:
        queries, gallery = sim["searches"], mean_gallery
        bench_wall, bench_out, _ = timed(bench_command(build, gallery, queries, rotations,
                                                        dup_share))
    bench = json.loads(bench_out)
    # the bench's search time for the run's searches at the run's mean gallery
    bench_search_s = sim["searches"] / bench["identifies_per_s"] * mean_gallery / gallery
    bench_same_s = bench["build_s"] + bench_search_s
    print(json.dumps({
        "scenario": scenario_path, "gallery_prefill": core.get("gallery_prefill"),
        "rotations": rotations, "threads": 1, "concurrent": bool(concurrent),
        "loadavg_1min_at_start": load_start,
        "searches": sim["searches"], "mean_gallery": mean_gallery,
        "bench_queries": queries, "bench_gallery": gallery,
        "embedded_wall_s": round(sim["wall_s"], 2),
        "embedded_core_wall_s": sim["core_wall_s"],
        "embedded_search_wall_s": sim["search_wall_s"],
        "registry_bytes": sim["registry_bytes"],
        "bench_wall_s": round(bench_wall, 2), "bench_build_s": bench["build_s"],
        "bench_search_s": round(bench_search_s, 2),
        "bench_same_searches_s": round(bench_same_s, 2),
        "ratio_wall": round(sim["wall_s"] / bench_same_s, 3),
        "ratio_search": (round(sim["search_wall_s"] / bench_search_s, 3)
                         if sim["search_wall_s"] else None),
        "within_3x": sim["wall_s"] <= 3 * bench_same_s}, indent=1))


if __name__ == "__main__":
    main()
