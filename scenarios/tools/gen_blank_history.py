#!/usr/bin/env python3
"""Writes scenarios/blank-shortage-2017.json and scenarios/blank-2023.json: the national
blank-card history as four aggregated regions (one office per island group, each carrying its
group's share of national demand), scaled 1:100 (every blank count and every daily demand
divided by 100; dates unchanged), so a year runs in about a second. Stock / demand ratios,
and so the dates a stock runs out, do not change with the scale."""
import json, os

HERE = os.path.dirname(os.path.abspath(__file__))
SCALE = 100
# (code, name, share of national demand, stations, printers): ASSUMPTION, by population
LEAD = {"31.71": 3, "12.71": 7, "73.71": 7, "91.03": 21}  # the supply defaults by class
GROUPS = [("31.71", "Java (aggregated, 56% of demand)", 0.56, 10, 5),
          ("12.71", "Sumatra (aggregated, 22%)", 0.22, 4, 2),
          ("73.71", "Sulawesi, Kalimantan, Bali-Nusa Tenggara (aggregated, 17%)", 0.17, 4, 2),
          ("91.03", "Maluku and Papua (aggregated, remote, 5%)", 0.05, 2, 1)]

def regions(per_open_day_national):
    out = []
    for code, name, share, stations, printers in GROUPS:
        d = per_open_day_national * share
        out.append({"code": code, "name": name,
                    "recording": {"arrivals": {"per_day": round(d, 1)}, "stations": stations,
                                  "capture_time": 240,
                                  "opening_hours": {"days": ["mon", "tue", "wed", "thu", "fri"],
                                                    "open": "08:00", "close": "16:00"}},
                    "network": {"mode": "online", "bandwidth_kbps": 100000},
                    "printing": {"printers": printers, "print_time": 60},
                    # reorder to cover the lead time plus a week; batches of 4 weeks
                    "blanks": {"initial": int(d * 20), "reorder_point": int(d * (LEAD[code] + 7)),
                               "batch": int(d * 20), "lead_time": 0}})
    return out

def contract(vendor, signed, quantity, days_to_deliver, start=0, delay=None):
    c = {"vendor": vendor, "signed_on": signed, "quantity": quantity // SCALE,
         "rate_per_day": round(quantity / SCALE / days_to_deliver, 3), "delivery_start_days": start}
    if delay:
        c["tender_delay_days"] = delay
    return c

SRC_FACTS = "data/domain-facts.md, Blank cards (blangko) and suket"
def write(name, doc):
    with open(os.path.join(HERE, "..", name), "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")

write("blank-shortage-2017.json", {
    "name": "Blank shortage 2017 (national, 4 aggregated regions, scale 1:100)",
    "description": "2017: the centre starts the year empty (the 2016 shortage), people get a suket and wait; the January contract (7 M) delivers from March after a tender that can slip, the backlog is served, the centre runs dry again in the second half, and the September contract (7.4 M) delivers in Q4: recovery, with stock left at the centre at the end of the year (published: 2.7 M). Four aggregated offices, one per island group, with national demand; every count is divided by 100 (2.7 M = 27,000 here). Pull policy: offices collect from the centre when low (regions were told to come and collect).",
    "source": [f"Central stock end 2017: 2.7 M; regions told to collect ({SRC_FACTS}, conf. H).",
               f"Procurement 2017: 7 M (Jan) + 7.4 M (Sep) ({SRC_FACTS}, conf. M).",
               "ASSUMPTION: national demand 45,000 cards per open day (about 32,000 per calendar day: (7 + 7.4 - 2.7) M over the year), split by island-group population; tender delay uniform 15-45 days; delivery over 70 and 50 days; lead times 3 / 7 / 21 days (defaults).",
               f"Spoiled in printing 4.7% ({SRC_FACTS}, conf. L)."],
    "seed": 2017, "start_date": "2017-01-02", "horizon_days": 363, "warmup_days": 0,
    "replications": 5,
    "supply": {"central_stock": 0, "policy": "pull", "next_contract_lead_days": 90,
               "contracts": [contract("January contract", "2017-01-16", 7_000_000, 70, 30,
                                      {"uniform": {"min": 15, "max": 45}}),
                             contract("September contract", "2017-09-15", 7_400_000, 50, 14)]},
    "regions": regions(45000 / SCALE)})

write("blank-2023.json", {
    "name": "Blanks 2023: three procurement rounds (national, 4 aggregated regions, scale 1:100)",
    "description": "2023's three procurement rounds: 10.45 M in January (gone by the end of May), 2.68 M at the end of May (gone in the third week of July), 11.39 M in August. Four aggregated offices, one per island group, with national demand; every count is divided by 100. Demand is set from the first round: 10.45 M over January-May, about 72,000 cards per calendar day (101,000 per open day). Compare central.csv's first days with central_stock 0 after each round with the published dates.",
    "source": [f"Procurement 2023: 10.45 M (Jan, gone by end May), 2.68 M (end May, gone 3rd week of July), 11.39 M (Aug) ({SRC_FACTS}, conf. H).",
               "ASSUMPTION: the centre is empty on 2 January 2023; round 1 delivered over January, round 2 over the last week of May, round 3 over August; demand 101,000 cards per open day nationally (calibrated so that round 1 runs out near the end of May), split by island-group population; lead times 3 / 7 / 21 days (defaults).",
               f"Spoiled in printing 4.7% ({SRC_FACTS}, conf. L)."],
    "seed": 2023, "start_date": "2023-01-02", "horizon_days": 363, "warmup_days": 0,
    "replications": 5,
    "supply": {"central_stock": 0, "policy": "pull", "next_contract_lead_days": 60,
               "contracts": [contract("round 1", "2023-01-02", 10_450_000, 25),
                             contract("round 2", "2023-05-24", 2_680_000, 7),
                             contract("round 3", "2023-08-01", 11_390_000, 25)]},
    "regions": regions(101000 / SCALE)})
