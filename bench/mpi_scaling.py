#!/usr/bin/env python3
"""Scaling on MPI (issue 18), measured in one run and printed as JSON on stdout.

gallery: the sharded 1:N search at 2 ranks on a GALLERY-person gallery (default 2,000,000)
  against the single-process bench on the same gallery with 2 threads (the same two cores
  busy on both sides, so both see the same machine). per_shard_vs_single_per_core is each
  shard's comparisons/s over the single process's comparisons/s per core (target >= 0.8);
  per_shard_vs_single_in_cpu_time is the same ratio in CPU time per comparison, which other
  work on the machine does not move.

usage: bench/mpi_scaling.py BUILD_DIR [--gallery N] [--queries M] [--only gallery|replications]
Run as root? Open MPI needs OMPI_ALLOW_RUN_AS_ROOT=1 and OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
(this script sets them for its own mpirun calls).
"""
import json
import os
import subprocess
import sys
import time

MPI_ENV = {"OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1"}


def run(command):
    env = dict(os.environ, **MPI_ENV)
    start = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        sys.exit("failed (%d): %s\n%s" % (done.returncode, " ".join(command), done.stderr))
    return time.monotonic() - start, done.stdout


def mpirun(ranks, command):
    return ["mpirun", "--oversubscribe", "-np", str(ranks)] + command


def gallery_part(build, gallery, queries):
    ktpcore = os.path.join(build, "ktpcore")
    common = ["bench", "--gallery", str(gallery), "--queries", str(queries), "--json"]
    single_cmd = [ktpcore] + common + ["--threads", "2"]
    sharded_cmd = mpirun(2, [ktpcore] + common + ["--sharded", "--threads", "1"])
    single_wall, out = run(single_cmd)
    single = json.loads(out)
    sharded_wall, out = run(sharded_cmd)
    sharded = json.loads(out)
    per_core = single["comparisons_per_s"] / 2
    shards = sharded["per_shard"]
    ratios = [s["comparisons_per_s"] / per_core for s in shards]
    # CPU seconds per comparison do not depend on how busy the machine is: the same ratio
    # measured in CPU time (single process's CPU per comparison over each shard's).
    per_query = single["comparisons_per_s"] / single["identifies_per_s"]
    single_cpu = single["cpu_ms_per_query"] / per_query
    cpu_ratios = [single_cpu / (s["cpu_ms_per_query"] / (per_query * s["records"] / gallery))
                  for s in shards]
    return {
        "single": {"command": " ".join(single_cmd), "wall_s": round(single_wall, 1),
                   "comparisons_per_s": single["comparisons_per_s"],
                   "comparisons_per_s_per_core": per_core,
                   "identifies_per_s": single["identifies_per_s"],
                   "latency_ms": single["latency_ms"],
                   "cpu_ms_per_query": single["cpu_ms_per_query"],
                   "bytes_per_template": single["bytes_per_template"]},
        "sharded": {"command": " ".join(sharded_cmd), "wall_s": round(sharded_wall, 1),
                    "identifies_per_s": sharded["identifies_per_s"],
                    "latency_ms": sharded["latency_ms"], "merge_us": sharded["merge_us"],
                    "overhead_ms": sharded["overhead_ms"],
                    "per_shard": [{k: s[k] for k in ("shard", "records", "memory_bytes",
                                                     "max_rss_bytes", "comparisons_per_s",
                                                     "searches_per_s", "search_ms",
                                                     "cpu_ms_per_query")}
                                  for s in shards]},
        "per_shard_vs_single_per_core": [round(r, 3) for r in ratios],
        "per_shard_vs_single_in_cpu_time": [round(r, 3) for r in cpu_ratios],
        "target": 0.8,
        "met": min(ratios) >= 0.8,
    }


def main():
    args = sys.argv[1:]
    if not args or args[0].startswith("-"):
        sys.exit(__doc__)
    build, options = args[0], dict(zip(args[1::2], args[2::2]))
    only = options.get("--only")
    result = {"loadavg_1min_at_start": os.getloadavg()[0], "cpus": os.cpu_count(),
              "command": " ".join(sys.argv)}
    if only in (None, "gallery"):
        result["gallery"] = gallery_part(build, int(options.get("--gallery", 2000000)),
                                         int(options.get("--queries", 40)))
    result["loadavg_1min_at_end"] = os.getloadavg()[0]
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
