# Rebuilds tests/scenarios/invalid/*.json and NAME.expected: the exact messages `ktpsim check`
# must print, written by hand here (not captured from a run). Run: python3 THIS_FILE
import json, os
D = os.path.join(os.path.dirname(os.path.abspath(__file__)), "invalid")
base = {
  "name": "test", "seed": 1, "start_date": "2025-01-06", "horizon_days": 7, "replications": 2,
  "regions": [{"code": "21.72", "name": "Kota Tanjung Pinang", "recording": {
     "arrivals": {"per_open_hour": 10}, "stations": 2,
     "capture_time": {"exp": {"mean": 300}}}}]}
def dump(obj): return json.dumps(obj, indent=2) + "\n"
def variant(f):
    import copy; o = copy.deepcopy(base); f(o); return dump(o)
def rec(o): return o["regions"][0]["recording"]
cases = {}
def case(name, text, expected):
    if isinstance(text, str): text = text.encode()
    cases[name] = (text, [l.replace("@", name + ".json") for l in expected])

case("empty", b"", ["@: empty file; expected a JSON object"])
case("whitespace_only", b"  \n\t\n", ["@: empty file; expected a JSON object"])
case("binary_junk", b"\x7fELF\x02\x01\x01\x00\x00\x00", ["@: line 1, column 5: control byte 0x02; a scenario is a JSON text file"])
case("not_utf8", b'{"name": "caf\xe9"}\n', ["@: line 1, column 14: not UTF-8 text (byte 0xE9); a scenario is a JSON text file"])
case("truncated", dump(base)[:120], ["@: line 8, column 1: invalid JSON: unexpected end of file"])
case("unterminated_string", b'{\n  "name": "abc\n', ["@: line 2, column 11: invalid JSON: string not terminated before the end of the file"])
case("trailing_garbage", dump(base) + "}\n", ["@: line 25, column 1: invalid JSON: unexpected '}'"])
case("nan_literal", variant(lambda o: rec(o).update(stations="@NAN@")).replace('"@NAN@"', "NaN"), ["@: line 15, column 21: invalid JSON: unexpected 'N'"])
case("deep_nesting", "[" * 200 + "]" * 200 + "\n", ["@: line 1, column 65: nesting deeper than 64 levels"])
case("long_number", '{"name": "x", "seed": ' + "9" * 80 + "}\n", ["@: line 1, column 23: number longer than 60 characters"])
case("root_array", "[1, 2]\n", ["@: (root): expected an object, found an array"])
case("huge_number", variant(lambda o: o.update(horizon_days="@BIG@")).replace('"@BIG@"', "1e400"),
     ["@: /horizon_days: expected an integer from 1 to 3660, found a number too large to represent"])
case("seed_too_large", variant(lambda o: o.update(seed=1e20)),
     ["@: /seed: expected an integer from 0 to 9007199254740991, found 1e+20"])
case("duplicate_key", dump(base).replace('"seed": 1,', '"seed": 1,\n  "seed": 2,'),
     ["@: /seed: duplicate key; each key may appear only once"])
case("unknown_key_suggestion", variant(lambda o: o["regions"][0].update(recordng=o["regions"][0].pop("recording"))),
     ["@: /regions/0/recordng: unknown key; did you mean \"recording\"?",
      "@: /regions/0: missing required key \"recording\""])
case("unknown_key_list", variant(lambda o: o.update(colour="red")),
     ["@: /colour: unknown key; expected one of \"name\", \"description\", \"source\", \"seed\", \"start_date\", \"horizon_days\", \"warmup_days\", \"replications\", \"regions\", \"abis\", \"central_blanks\", \"supply\", \"ikd\", \"observed\""])
case("missing_required", variant(lambda o: (o.pop("name"), o.pop("regions"))),
     ["@: (root): missing required key \"name\"", "@: (root): missing required key \"regions\""])
case("wrong_type_string", variant(lambda o: rec(o).update(stations="3")),
     ["@: /regions/0/recording/stations: expected an integer from 1 to 10000, found a string \"3\""])
case("negative_stations", variant(lambda o: rec(o).update(stations=-2)),
     ["@: /regions/0/recording/stations: expected an integer from 1 to 10000, found -2"])
case("integer_beyond_range", variant(lambda o: rec(o).update(stations=99999999999)),
     ["@: /regions/0/recording/stations: expected an integer from 1 to 10000, found 99999999999"])
case("at_closing_typo", variant(lambda o: rec(o).update(at_closing="finish-line")),
     ["@: /regions/0/recording/at_closing: unknown value; did you mean \"finish_line\"?"])
case("fractional_stations", variant(lambda o: rec(o).update(stations=2.5)),
     ["@: /regions/0/recording/stations: expected an integer from 1 to 10000, found 2.5"])
case("null_name", variant(lambda o: o.update(name=None)), ["@: /name: expected a string, found null"])
case("bad_date", variant(lambda o: o.update(start_date="2025-02-29")),
     ["@: /start_date: expected a date \"YYYY-MM-DD\" (a real day, year >= 1900), found a string \"2025-02-29\""])
case("warmup_not_below_horizon", variant(lambda o: o.update(warmup_days=7)),
     ["@: /warmup_days: expected an integer < horizon_days (7), found 7"])
case("bad_region_code", variant(lambda o: o["regions"][0].update(code="2172")),
     ["@: /regions/0/code: expected a regency code \"PP.KK\" such as \"21.72\", found a string \"2172\""])
case("unknown_region_code", variant(lambda o: o["regions"][0].update(code="21.99")),
     ["@: /regions/0/code: unknown regency code \"21.99\"; expected one of the 514 regencies in data/idn-area/regencies.csv"])
def two_regions(o):
    import copy; o["regions"].append(copy.deepcopy(o["regions"][0]))
case("duplicate_region_code", variant(two_regions),
     ["@: /regions/1/code: duplicate region code \"21.72\" (also /regions/0/code)"])
case("regions_empty", variant(lambda o: o.update(regions=[])),
     ["@: /regions: expected an array of 1 to 1000 regions, found an empty array"])
case("dist_unknown_kind", variant(lambda o: rec(o).update(capture_time={"expo": {"mean": 300}})),
     ["@: /regions/0/recording/capture_time/expo: unknown distribution; did you mean \"exp\"?"])
case("dist_unknown_kind_list", variant(lambda o: rec(o).update(capture_time={"weibull": {"scale": 300}})),
     ["@: /regions/0/recording/capture_time/weibull: unknown distribution; expected one of \"constant\", \"exp\", \"gamma\", \"erlang\", \"lognormal\", \"normal\", \"triangular\", \"uniform\", \"empirical\""])
case("dist_unknown_parameter", variant(lambda o: rec(o).update(capture_time={"lognormal": {"mean": 300, "sdd": 60}})),
     ["@: /regions/0/recording/capture_time/lognormal/sdd: unknown parameter; did you mean \"sd\"?",
      "@: /regions/0/recording/capture_time/lognormal: missing required parameter \"sd\""])
case("dist_missing_parameter", variant(lambda o: rec(o).update(capture_time={"triangular": {"min": 60, "max": 600}})),
     ["@: /regions/0/recording/capture_time/triangular: missing required parameter \"mode\""])
case("dist_bad_parameter", variant(lambda o: rec(o).update(capture_time={"lognormal": {"mean": 300, "sd": 0}})),
     ["@: /regions/0/recording/capture_time/lognormal: invalid lognormal distribution: sd must be greater than 0"])
case("dist_parameter_type", variant(lambda o: rec(o).update(capture_time={"exp": {"mean": "5 min"}})),
     ["@: /regions/0/recording/capture_time/exp/mean: expected a number, found a string \"5 min\""])
case("dist_two_kinds", variant(lambda o: rec(o).update(capture_time={"exp": {"mean": 300}, "constant": {"value": 300}})),
     ["@: /regions/0/recording/capture_time: expected a distribution: a number, or an object with one kind such as {\"exp\": {\"mean\": 300}}, found an object with 2 keys"])
case("dist_negative_constant", variant(lambda o: rec(o).update(capture_time=-5)),
     ["@: /regions/0/recording/capture_time: expected a distribution or a number >= 0, found -5"])
case("dist_empirical_mismatch", variant(lambda o: rec(o).update(capture_time={"empirical": {"values": [60, 120, 300], "weights": [1, 2]}})),
     ["@: /regions/0/recording/capture_time/empirical/weights: expected 3 weights (one per value), found 2"])
case("dist_empirical_weights_zero", variant(lambda o: rec(o).update(capture_time={"empirical": {"values": [60, 120], "weights": [0, 0]}})),
     ["@: /regions/0/recording/capture_time/empirical: invalid empirical distribution: weights must have a positive sum"])
case("arrivals_both", variant(lambda o: rec(o).update(arrivals={"per_open_hour": 10, "per_day": 80})),
     ["@: /regions/0/recording/arrivals: give either \"per_open_hour\" or \"per_day\", not both"])
case("arrivals_none", variant(lambda o: rec(o).update(arrivals={})),
     ["@: /regions/0/recording/arrivals: missing required key \"per_open_hour\" or \"per_day\""])
case("arrivals_zero", variant(lambda o: rec(o).update(arrivals={"per_day": 0})),
     ["@: /regions/0/recording/arrivals/per_day: expected a number > 0 and <= 10000000, found 0"])
case("opening_hours_errors", variant(lambda o: rec(o).update(opening_hours={"days": ["mon", "tues", "mon", 3], "open": "8:00", "close": "25:00"})),
     ["@: /regions/0/recording/opening_hours/days/1: unknown day; did you mean \"tue\"?",
      "@: /regions/0/recording/opening_hours/days/2: day \"mon\" listed twice",
      "@: /regions/0/recording/opening_hours/days/3: expected a day (\"mon\" ... \"sun\"), found 3",
      "@: /regions/0/recording/opening_hours/open: expected a time \"HH:MM\" from \"00:00\" to \"24:00\", found a string \"8:00\"",
      "@: /regions/0/recording/opening_hours/close: expected a time \"HH:MM\" from \"00:00\" to \"24:00\", found a string \"25:00\""])
case("opening_hours_close_before_open", variant(lambda o: rec(o).update(opening_hours={"open": "16:00", "close": "08:00"})),
     ["@: /regions/0/recording/opening_hours: expected \"open\" before \"close\", found 16:00 to 08:00"])
case("opening_hours_string", variant(lambda o: rec(o).update(opening_hours="24/6")),
     ["@: /regions/0/recording/opening_hours: expected \"24/7\" or an object {\"days\", \"open\", \"close\"}, found a string \"24/6\""])
case("holidays_bad", variant(lambda o: rec(o).update(holidays=["2025-01-27", "27-01-2025"])),
     ["@: /regions/0/recording/holidays/1: expected a date \"YYYY-MM-DD\" (a real day, year >= 1900), found a string \"27-01-2025\""])
def many(o):
    o["replications"] = 0; o["horizon_days"] = "7"; o["regions"][0]["nme"] = "x"
    rec(o)["stations"] = 0; rec(o)["capture_time"] = {"exp": {"mean": -1}}
case("many_errors", variant(many),
     ["@: /horizon_days: expected an integer from 1 to 3660, found a string \"7\"",
      "@: /replications: expected an integer from 1 to 10000, found 0",
      "@: /regions/0/recording/stations: expected an integer from 1 to 10000, found 0",
      "@: /regions/0/recording/capture_time/exp: invalid exp distribution: mean must be greater than 0",
      "@: /regions/0/nme: unknown key; did you mean \"name\"?"])
case("pointer_escaping", variant(lambda o: o.update({"a/b~c": 1})),
     ["@: /a~1b~0c: unknown key; expected one of \"name\", \"description\", \"source\", \"seed\", \"start_date\", \"horizon_days\", \"warmup_days\", \"replications\", \"regions\", \"abis\", \"central_blanks\", \"supply\", \"ikd\", \"observed\""])
def reg(o): return o["regions"][0]
case("abis_shares_sum", variant(lambda o: o.update(abis={"duplicate_share": 0.5})),
     ["@: /abis: expected print_ready_share + duplicate_share + adjudicate_share + enrol_failure_share = 1, found 1.49"])
case("network_unknown_mode", variant(lambda o: reg(o).update(network={"mode": "onlin"})),
     ["@: /regions/0/network/mode: unknown mode; did you mean \"online\"?"])
case("intermittent_zero_uptime", variant(lambda o: reg(o).update(network={"mode": "intermittent", "uptime": 0})),
     ["@: /regions/0/network/uptime: expected a mean of at least 60 s (the floor that keeps simulated time advancing), found a mean of 0 s"])
case("printing_failure_without_repair", variant(lambda o: reg(o).update(printing={"time_to_failure": {"exp": {"mean": 86400}}})),
     ["@: /regions/0/printing: give both \"time_to_failure\" and \"repair_time\", or neither"])
case("blanks_zero_batch", variant(lambda o: reg(o).update(blanks={"batch": 0})),
     ["@: /regions/0/blanks/batch: expected an integer from 1 to 1000000000000, found 0"])
case("ats_outage_reversed", variant(lambda o: o.update(abis={"ats_outages": [{"from": "2016-01-01", "to": "2015-12-31"}]})),
     ["@: /abis/ats_outages/0: expected \"from\" on or before \"to\""])
case("collection_share_above_one", variant(lambda o: reg(o).update(collection={"wait_share": 1.5})),
     ["@: /regions/0/collection/wait_share: expected a number from 0 to 1, found 1.5"])
case("kit_failure_without_repair", variant(lambda o: rec(o).update(kit_time_to_failure=86400)),
     ["@: /regions/0/recording: give both \"kit_time_to_failure\" and \"kit_repair_time\", or neither"])
case("outreach_too_many_teams", variant(lambda o: reg(o).update(outreach={"teams": 65})),
     ["@: /regions/0/outreach/teams: expected an integer from 0 to 64, found 65"])
case("weekday_factors_short", variant(lambda o: rec(o)["arrivals"].update(weekday_factors=[1, 1])),
     ["@: /regions/0/recording/arrivals/weekday_factors: expected an array of 7 numbers from 0 to 1000 (Monday to Sunday)"])
case("power_missing_duration", variant(lambda o: reg(o).update(power={"time_between_cuts": 86400})),
     ["@: /regions/0/power: missing required key \"cut_duration\""])

def ikd(**extra):
    o = {"groups": [{"name": "civil_servants", "share": 0.1, "innovation": 0.5, "imitation": 0.5},
                    {"name": "public", "share": 0.9, "innovation": 0.03, "imitation": 0.3}],
         "phases": [{"from": "2025-01-06", "groups": ["civil_servants"]}]}
    o.update(extra); return o
case("ikd_group_shares", variant(lambda o: o.update(ikd=ikd(groups=[
        {"name": "a", "share": 0.5, "innovation": 0.1, "imitation": 0.1},
        {"name": "b", "share": 0.4, "innovation": 0.1, "imitation": 0.1}], phases=[{"from": "2025-01-06", "groups": ["a"]}]))),
     ["@: /ikd/groups: expected the groups' shares to sum to 1, found 0.9"])
case("ikd_unknown_group", variant(lambda o: o.update(ikd=ikd(phases=[{"from": "2025-01-06", "groups": ["teachers"]}]))),
     ["@: /ikd/phases/0/groups/0: unknown group \"teachers\"; expected a name from /ikd/groups"])
case("ikd_unknown_region", variant(lambda o: o.update(ikd=ikd(phases=[{"from": "2025-01-06", "groups": ["public"], "regions": ["31.71"]}]))),
     ["@: /ikd/phases/0/regions/0: unknown region \"31.71\"; expected the code of one of this scenario's regions"])
case("ikd_region_without_rollout", variant(lambda o: reg(o).update(ikd={"eligible": 1000})),
     ["@: /regions/0/ikd: expected a top-level \"ikd\" object (the rollout) for a region's \"ikd\" to apply to"])
case("ikd_targets_reversed", variant(lambda o: o.update(ikd=ikd(targets=[0.3, 0.25]))),
     ["@: /ikd/targets: expected two shares [low, high] with 0 < low <= high <= 1, found an array"])
case("ikd_share_above_one", variant(lambda o: reg(o).update(ikd={"phone_share": 1.2})) .replace('"regions"', '"ikd": {"groups": [{"name": "g", "share": 1, "innovation": 1, "imitation": 1}], "phases": [{"from": "2025-01-06", "groups": ["g"]}]},\n  "regions"', 1),
     ["@: /regions/0/ikd/phone_share: expected a number from 0 to 1, found 1.2"])
case("ikd_no_phases", variant(lambda o: o.update(ikd={"groups": [{"name": "g", "share": 1, "innovation": 1, "imitation": 1}]})),
     ["@: /ikd: missing required key \"phases\""])

# Issue 14 (reliability): loader rules that keep a run finite and its errors truthful.
case("lognormal_sd_overflow", variant(lambda o: rec(o).update(capture_time={"lognormal": {"mean": 900, "sd": 1e300}})),
     ["@: /regions/0/recording/capture_time/lognormal: invalid lognormal distribution: parameters too extreme: a derived value overflows a double"])
FLOOR = "(the floor that keeps simulated time advancing)"
case("kit_failure_below_floor", variant(lambda o: rec(o).update(kit_time_to_failure={"exp": {"mean": 1e-300}}, kit_repair_time={"exp": {"mean": 1e-300}})),
     ["@: /regions/0/recording/kit_time_to_failure: expected a mean of at least 60 s " + FLOOR + ", found a mean of 1e-300 s",
      "@: /regions/0/recording/kit_repair_time: expected a mean of at least 1 s " + FLOOR + ", found a mean of 1e-300 s"])
case("power_cuts_below_floor", variant(lambda o: reg(o).update(power={"time_between_cuts": {"exp": {"mean": 1e-300}}, "cut_duration": 1e-300})),
     ["@: /regions/0/power/time_between_cuts: expected a mean of at least 60 s " + FLOOR + ", found a mean of 1e-300 s",
      "@: /regions/0/power/cut_duration: expected a mean of at least 1 s " + FLOOR + ", found a mean of 1e-300 s"])
case("printer_failure_below_floor", variant(lambda o: reg(o).update(printing={"time_to_failure": {"exp": {"mean": 1e-300}}, "repair_time": {"exp": {"mean": 600}}})),
     ["@: /regions/0/printing/time_to_failure: expected a mean of at least 60 s " + FLOOR + ", found a mean of 1e-300 s"])
case("link_downtime_below_floor", variant(lambda o: reg(o).update(network={"mode": "intermittent", "uptime": {"exp": {"mean": 3600}}, "downtime": {"exp": {"mean": 1e-300}}})),
     ["@: /regions/0/network/downtime: expected a mean of at least 1 s " + FLOOR + ", found a mean of 1e-300 s"])
case("arrivals_beyond_stations", variant(lambda o: rec(o).update(arrivals={"per_open_hour": 1e6})),
     ["@: /regions/0/recording/arrivals: expected at most 3600 arrivals per open hour per station (2 stations: 7200), found 1000000 at the busiest hour"])
case("arrivals_per_day_in_one_minute", variant(lambda o: rec(o).update(arrivals={"per_day": 1e7}, opening_hours={"open": "08:00", "close": "08:01"})),
     ["@: /regions/0/recording/arrivals: expected at most 3600 arrivals per open hour per station (2 stations: 7200), found 600000000 at the busiest hour"])
case("double_bom", b"\xef\xbb\xbf\xef\xbb\xbf" + dump(base).encode(),
     ["@: line 1, column 1: a second byte order mark; a scenario is one JSON text (cJSON would skip it silently)"])
case("nul_escape", dump(base).replace('"name": "Kota Tanjung Pinang"', '"name": "Kota\\u0000 Tanjung Pinang"'),
     ["@: line 10, column 20: \\u0000 (a NUL character) in a string; it would cut the text"])
case("escapes_in_error_lines", variant(lambda o: (o.update({"x\n" + "test.json: ok": 1}), o.update(seed="\u001b[2J"))),
     ["@: /seed: expected an integer from 0 to 9007199254740991, found a string \"\\u001b[2J\"",
      "@: /x\\ntest.json: ok: unknown key; expected one of \"name\", \"description\", \"source\", \"seed\", \"start_date\", \"horizon_days\", \"warmup_days\", \"replications\", \"regions\", \"abis\", \"central_blanks\", \"supply\", \"ikd\""])
case("date_after_9999", variant(lambda o: o.update(start_date="9999-12-01", horizon_days=60)),
     ["@: /horizon_days: expected the run to end by 9999-12-31 (start_date + horizon_days - 1), found 60 days from 9999-12-01"])

# The published distribution to compare with (observed), morning arrivals and reprints.
JUNE_2020 = {"printed_within_1h_share": 0.2894, "printed_1_2h_share": 0.1539, "printed_2_3h_share": 0.1108,
             "printed_3_6h_share": 0.2805, "printed_6_24h_share": 0.1087, "printed_over_24h_share": 0.0566}
def observed(**shares): return {"what": "June 2020", "source": "medcom.id", "shares": dict(JUNE_2020, **shares)}
case("observed_shares_sum", variant(lambda o: o.update(observed=observed(printed_within_1h_share=0.2395))),
     ["@: /observed/shares: expected the six shares to add up to 1 (within 0.001), found 0.95"])
case("observed_bin_missing", variant(lambda o: o.update(observed=observed()) or o["observed"]["shares"].pop("printed_over_24h_share")),
     ["@: /observed/shares: missing required key \"printed_over_24h_share\""])
case("observed_share_misspelt", variant(lambda o: o.update(observed={"what": "x", "source": "y", "share": JUNE_2020})),
     ["@: /observed/share: unknown key; did you mean \"shares\"?",
      "@: /observed: missing required key \"shares\""])
case("hour_factors_length", variant(lambda o: rec(o)["arrivals"].update(hour_factors=[1] * 8)),
     ["@: /regions/0/recording/arrivals/hour_factors: expected an array of 24 numbers from 0 to 1000 (hours from midnight)"])
case("reprint_share_above_one", variant(lambda o: rec(o).update(reprint_share=1.5)),
     ["@: /regions/0/recording/reprint_share: expected a number from 0 to 1, found 1.5"])

os.makedirs(D, exist_ok=True)
for name, (text, expected) in cases.items():
    open(os.path.join(D, name + ".json"), "wb").write(text)
    open(os.path.join(D, name + ".expected"), "w").write("\n".join(expected) + "\n")
print(len(cases), "cases")
