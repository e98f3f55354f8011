#!/usr/bin/env python3
"""Issue 7's comparison of an embedded ABIS with a modeled one given the same throughput, as
quoted in the README. For each case the embedded run's comparisons per search (deterministic
for a seed) turn comparisons_per_s into the modeled stage's searches_per_hour; both runs use
the same scenario otherwise. Prints one JSON object per case on stdout.

usage: bench/embedded_vs_modeled.py KTPSIM [SCENARIOS_DIR]
Cases: a lightly loaded 24/7 office (20 replications), scenarios/election-rush-2018.json, and
the rush with comparisons_per_s doubled and quadrupled. About a minute on a 2-core VM.
"""
import copy
import json
import os
import subprocess
import sys
import tempfile

LIGHT = {
    "name": "lightly loaded office", "seed": 11, "horizon_days": 2, "replications": 20,
    "regions": [{"code": "21.72", "name": "Kota Tanjung Pinang", "recording": {
        "arrivals": {"per_open_hour": 6}, "stations": 3, "opening_hours": "24/7",
        "capture_time": {"exp": {"mean": 600}}}}],
    "abis": {"mode": "embedded", "servers": 1, "licences": 1, "enrol_failure_share": 0,
             "print_ready_share": 0.975, "adjudicate_share": 0.015,
             "embedded": {"gallery_prefill": 300, "duplicate_share": 0.01,
                          "comparisons_per_s": 70}}}


def run(ktpsim, scenario, work, name):
    path = os.path.join(work, name + ".json")
    with open(path, "w") as f:
        json.dump(scenario, f)
    out = os.path.join(work, name)
    subprocess.run([ktpsim, "run", path, "--out", out, "--threads", "2"], check=True,
                   capture_output=True)
    with open(os.path.join(out, "summary.json")) as f:
        return json.load(f)["metrics"]


def modeled_twin(scenario, embedded):
    """The same scenario with a modeled ABIS at the embedded run's mean search rate."""
    twin = copy.deepcopy(scenario)
    abis = twin["abis"]
    core = abis.pop("embedded")
    abis.pop("mode")
    per_search = embedded["core_comparisons"]["mean"] / embedded["recorded"]["mean"]
    abis["searches_per_hour"] = core["comparisons_per_s"] * 3600 / per_search
    dup = core.get("duplicate_share", 0.01)
    abis.update({"print_ready_share": 1 - dup, "duplicate_share": dup,
                 "adjudicate_share": 0, "enrol_failure_share": 0})
    return twin, per_search


def share(metrics):
    m = metrics["cards_within_1h_share"]
    return {"mean": round(m["mean"], 4), "ci95": [round(x, 4) for x in m["ci95"]]}


def compare(ktpsim, scenario, work, name):
    embedded = run(ktpsim, scenario, work, name + "-embedded")
    twin, per_search = modeled_twin(scenario, embedded)
    modeled = run(ktpsim, twin, work, name + "-modeled")
    return {"case": name, "comparisons_per_s": scenario["abis"]["embedded"]["comparisons_per_s"],
            "comparisons_per_search": round(per_search, 1),
            "searches_per_hour_modeled": round(twin["abis"]["searches_per_hour"], 3),
            "embedded_within_1h": share(embedded), "modeled_within_1h": share(modeled),
            "embedded_abis_utilisation": round(embedded["abis_utilisation"]["mean"], 3),
            "modeled_abis_utilisation": round(modeled["abis_utilisation"]["mean"], 3),
            "duplicates_injected": embedded["duplicates_injected"]["mean"],
            "core_duplicates_found": embedded["core_duplicates_found"]["mean"],
            "false_matches": embedded["false_matches"]["mean"]}


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    ktpsim = os.path.abspath(sys.argv[1])
    here = os.path.dirname(os.path.abspath(__file__))
    scenarios = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "..", "scenarios")
    with open(os.path.join(scenarios, "election-rush-2018.json")) as f:
        rush = json.load(f)
    with tempfile.TemporaryDirectory() as work:
        print(json.dumps(compare(ktpsim, LIGHT, work, "light")))
        for factor in (1, 2, 4):
            case = copy.deepcopy(rush)
            case["abis"]["embedded"]["comparisons_per_s"] *= factor
            print(json.dumps(compare(ktpsim, case, work, "election-rush-x%d" % factor)))


if __name__ == "__main__":
    main()
