#!/usr/bin/env python3
"""Differential-test oracle: next-N cron instants computed by the `cronsim` package.

Reads one JSON document on stdin:
    {"cases": [{"id": 0, "expression": "30 2 * * *", "zone": "Europe/Berlin",
                "start": 1774800000, "count": 6, "clock": "wall"}]}
and prints {"results": [{"id": 0, "instants": [...]} | {"id": 0, "error": "..."}]} with instants in
Unix seconds. `clock` names the DST rule family the engine applies ("wall" for a fixed hour field,
"elapsed" for `*` or a step in the hour field); the expression is rewritten into an equivalent one
for which cronsim applies the same family (docs/schedules.md, "Checked against cronsim").
`clock` "native" passes the expression unchanged, to show where cronsim's own rule differs.

With {"offsets": [{"zone": "Europe/Berlin", "instants": [...]}]} instead, prints
{"offsets": [[...], ...]}: the UTC offset in seconds of each instant, from Python's zoneinfo.
Exit status 3 when cronsim is not installed.
"""

import json
import sys
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

try:
    from cronsim import CronSim, CronSimError
except ImportError:
    print("cronsim is not installed; run scripts/test.sh (it installs cronsim with pip)", file=sys.stderr)
    sys.exit(3)


def translate(expression, clock):
    """Same set of times, but phrased so cronsim picks the requested DST rule family."""
    if clock == "native":
        return expression
    parts = ["*" + part[1:] if part.startswith("?") else part for part in expression.split()]
    if clock == "wall":
        if len(parts) == 6:
            if parts[0] != "0":
                raise ValueError("cronsim has no wall-clock mode for a seconds field other than 0")
            parts = parts[1:]
        items = parts[0].split(",")
        parts[0] = ",".join("0-59" + item[1:] if item.startswith("*") else item for item in items)
    elif len(parts) == 5 and not parts[0].startswith("*") and not parts[1].startswith("*"):
        parts.insert(0, "0")
    return " ".join(parts)


def run(case):
    zone = timezone.utc if case["zone"] == "UTC" else ZoneInfo(case["zone"])
    start = datetime.fromtimestamp(case["start"], zone)
    iterator = CronSim(translate(case["expression"], case["clock"]), start)
    instants = []
    for _ in range(case["count"]):
        try:
            instants.append(int(next(iterator).timestamp()))
        except StopIteration:
            break
    return instants


def offsets(request):
    answers = []
    for entry in request:
        zone = ZoneInfo(entry["zone"])
        answers.append([int(datetime.fromtimestamp(t, zone).utcoffset().total_seconds()) for t in entry["instants"]])
    return answers


def main():
    request = json.load(sys.stdin)
    if "offsets" in request:
        json.dump({"offsets": offsets(request["offsets"])}, sys.stdout)
        return
    results = []
    for case in request["cases"]:
        try:
            results.append({"id": case["id"], "instants": run(case)})
        except (CronSimError, ValueError) as error:
            results.append({"id": case["id"], "error": str(error) or type(error).__name__})
    json.dump({"results": results}, sys.stdout)


if __name__ == "__main__":
    main()
