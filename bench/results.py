#!/usr/bin/env python3
"""Times reading one job's row results from Freight, as a client would (Python stdlib only).

    bench/results.py API KEY JOB_PATH json|csv all|failed

json: GET JOB_PATH/results?limit=10000[&outcome=failed], following `next` page after page.
csv:  the same with `Accept: text/csv` (one stream, no pages).
Prints one line: RESULTS format=.. outcome=.. rows=.. failed=.. pages=.. bytes=.. seconds=..
The clock covers the HTTP requests and reading the bodies; the rows are counted after it stops
(JSON: by its "outcome" members; CSV: records parsed, the _outcome column), so that the figure is
Freight's time, not this script's parsing.
"""
import csv
import io
import re
import sys
import time
import urllib.request

api, key, job, fmt, which = sys.argv[1:6]
if fmt not in ("json", "csv") or which not in ("all", "failed"):
    sys.exit(__doc__)
query = "&outcome=failed" if which == "failed" else ""
headers = {"Authorization": "Bearer " + key}
if fmt == "csv":
    headers["Accept"] = "text/csv"
NEXT = re.compile(rb'"next":(null|"[^"]*"|[0-9]+)')


def get(url):
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=600) as r:
        return r.read()


bodies = []
t0 = time.perf_counter()
if fmt == "json":
    after = None
    while True:
        body = get(f"{api}{job}/results?limit=10000{query}" + (f"&after={after}" if after else ""))
        bodies.append(body)
        m = NEXT.match(body, max(body.rfind(b'"next":'), 0))
        if not m:
            sys.exit(f"results.py: no next in the page ending {body[-200:]!r}")
        if m.group(1) == b"null":
            break
        after = m.group(1).strip(b'"').decode()
else:
    bodies.append(get(f"{api}{job}/results?x=1{query}"))
seconds = time.perf_counter() - t0

if fmt == "json":
    rows = sum(b.count(b'"outcome":') for b in bodies)
    failed = sum(b.count(b'"outcome":"failed"') for b in bodies)
else:
    records = csv.reader(io.StringIO(bodies[0].decode("utf-8"), newline=""))
    header = next(records)
    at = header.index("_outcome")
    rows = failed = 0
    for rec in records:
        rows += 1
        failed += rec[at] == "failed"
print(f"RESULTS format={fmt} outcome={which} rows={rows} failed={failed} pages={len(bodies)} "
      f"bytes={sum(map(len, bodies))} seconds={seconds:.3f}")
