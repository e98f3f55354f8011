#!/usr/bin/env python3
"""Scaling on MPI (issue 18), measured in one run and printed as JSON on stdout.

gallery: the sharded 1:N search at 2 ranks on a GALLERY-person gallery (default 2,000,000)
  against the single-process bench on the same gallery with 2 threads (the same two cores
  busy on both sides, so both see the same machine). per_shard_vs_single_per_core is each
  shard's comparisons/s over the single process's comparisons/s per core (target >= 0.8);
  per_shard_vs_single_in_cpu_time is the same ratio in CPU time per comparison, which other
  work on the machine does not move.

replications: `ktpsim run SCENARIO --reps R --threads 1` (default scenarios/province.json, 20
  replications) in one process without MPI, then under mpirun on 1 and 2 ranks; wall times,
  speedup of 2 ranks over the plain process (target >= 1.8) and whether every output file is
  byte-identical.

plan: `ktpsim plan PLAN --threads 1` (default plans/blank-supply-2023.json) in one process,
  then on 2 ranks: wall times, speedup and whether the four output files are byte-identical.
  The looks of the sequential test are barriers (a batch waits for the last verdict), so the
  speedup is below the replications' one.

usage: bench/mpi_scaling.py BUILD_DIR [--gallery N] [--queries M] [--scenario FILE]
       [--reps R] [--plan FILE] [--only gallery|replications|plan]
Run as root? Open MPI needs OMPI_ALLOW_RUN_AS_ROOT=1 and OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
(this script sets them for its own mpirun calls).
"""
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

MPI_ENV = {"OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1"}


def run(command):
    env = dict(os.environ, **MPI_ENV)
    start = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        sys.exit("failed (%d): %s\n%s" % (done.returncode, " ".join(command), done.stderr))
    return time.monotonic() - start, done.stdout


def cpu_of_children():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


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


def same_files(a, b):
    names = sorted(os.listdir(a))
    if names != sorted(os.listdir(b)):
        return False
    for name in names:
        with open(os.path.join(a, name), "rb") as x, open(os.path.join(b, name), "rb") as y:
            if x.read() != y.read():
                return False
    return True


def replications_part(build, scenario, reps):
    ktpsim = os.path.join(build, "ktpsim")
    with tempfile.TemporaryDirectory() as tmp:
        def command(out):
            return [ktpsim, "run", scenario, "--reps", str(reps), "--threads", "1",
                    "--out", os.path.join(tmp, out)]
        # CPU seconds of everything each run started (mpirun and its ranks): the work, which
        # other load on the machine does not change, unlike the wall time.
        cpu = [cpu_of_children()]
        plain_s, _ = run(command("plain"))
        cpu.append(cpu_of_children())
        one_s, _ = run(mpirun(1, command("one")))
        cpu.append(cpu_of_children())
        two_s, _ = run(mpirun(2, command("two")))
        cpu.append(cpu_of_children())
        identical = (same_files(os.path.join(tmp, "plain"), os.path.join(tmp, "one")) and
                     same_files(os.path.join(tmp, "plain"), os.path.join(tmp, "two")))
    return {"scenario": scenario, "replications": reps,
            "command": " ".join(mpirun(2, command("OUT"))),
            "plain_wall_s": round(plain_s, 2), "ranks_1_wall_s": round(one_s, 2),
            "ranks_2_wall_s": round(two_s, 2), "speedup_2_ranks": round(plain_s / two_s, 3),
            "cpu_s": {"plain": round(cpu[1] - cpu[0], 2), "ranks_1": round(cpu[2] - cpu[1], 2),
                      "ranks_2": round(cpu[3] - cpu[2], 2)},
            "speedup_2_ranks_over_1_rank": round(one_s / two_s, 3), "target": 1.8,
            "met": plain_s / two_s >= 1.8, "outputs_identical": identical}


def plan_part(build, plan):
    ktpsim = os.path.join(build, "ktpsim")
    with tempfile.TemporaryDirectory() as tmp:
        def command(out):
            return [ktpsim, "plan", plan, "--threads", "1", "--out", os.path.join(tmp, out)]
        cpu = [cpu_of_children()]
        plain_s, _ = run(command("plain"))
        cpu.append(cpu_of_children())
        two_s, _ = run(mpirun(2, command("two")))
        cpu.append(cpu_of_children())
        identical = same_files(os.path.join(tmp, "plain"), os.path.join(tmp, "two"))
    return {"plan": plan, "command": " ".join(mpirun(2, command("OUT"))),
            "plain_wall_s": round(plain_s, 2), "ranks_2_wall_s": round(two_s, 2),
            "speedup_2_ranks": round(plain_s / two_s, 3),
            "cpu_s": {"plain": round(cpu[1] - cpu[0], 2), "ranks_2": round(cpu[2] - cpu[1], 2)},
            "outputs_identical": identical}


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
    if only in (None, "replications"):
        here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        result["replications"] = replications_part(
            build, options.get("--scenario", os.path.join(here, "scenarios", "province.json")),
            int(options.get("--reps", 20)))
    if only in (None, "plan"):
        here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        result["plan"] = plan_part(
            build, options.get("--plan", os.path.join(here, "plans", "blank-supply-2023.json")))
    result["loadavg_1min_at_end"] = os.getloadavg()[0]
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
