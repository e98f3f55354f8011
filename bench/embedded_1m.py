#!/usr/bin/env python3
"""The performance check of issue 7: an embedded run against a 1 M gallery versus the core's
own benchmark (`ktpcore bench`) for the same searches (same count, same mean gallery size,
rotations, one thread, same duplicate share). Prints JSON only on stdout: both wall times and
their ratios (whole process, and the search phase alone).

usage: bench/embedded_1m.py BUILD_DIR [SCENARIO]   (default SCENARIO: bench/embedded-1m.json)
Takes ~25 minutes on a 2-core VM and occupies one core; run it on a quiet machine.
"""
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
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


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    build = sys.argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    scenario_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "embedded-1m.json")
    with open(scenario_path) as f:
        core = json.load(f)["abis"]["embedded"]
    rotations = core.get("rotations", 7)
    load_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as out:
        sim = embedded_run(build, scenario_path, out)
    # every synthetic capture has two usable eyes: comparisons = gallery x rotations x 2
    mean_gallery = round(sim["comparisons"] / (sim["searches"] * rotations * 2))
    bench_wall, bench_out, _ = timed([
        os.path.join(build, "ktpcore"), "bench", "--gallery", str(mean_gallery),
        "--queries", str(sim["searches"]), "--rotations", str(rotations), "--threads", "1",
        "--dup-share", str(core.get("duplicate_share", 0.01)), "--json"])
    bench = json.loads(bench_out)
    bench_search_s = sim["searches"] / bench["identifies_per_s"]
    print(json.dumps({
        "scenario": scenario_path, "gallery_prefill": core.get("gallery_prefill"),
        "rotations": rotations, "threads": 1, "loadavg_1min_at_start": load_start,
        "searches": sim["searches"], "mean_gallery": mean_gallery,
        "embedded_wall_s": round(sim["wall_s"], 2),
        "embedded_core_wall_s": sim["core_wall_s"],
        "embedded_search_wall_s": sim["search_wall_s"],
        "registry_bytes": sim["registry_bytes"],
        "bench_wall_s": round(bench_wall, 2), "bench_build_s": bench["build_s"],
        "bench_search_s": round(bench_search_s, 2),
        "ratio_wall": round(sim["wall_s"] / bench_wall, 3),
        "ratio_search": (round(sim["search_wall_s"] / bench_search_s, 3)
                         if sim["search_wall_s"] else None),
        "within_3x": sim["wall_s"] <= 3 * bench_wall}, indent=1))


if __name__ == "__main__":
    main()
