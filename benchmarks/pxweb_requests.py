"""HTTP requests for one full Folkhälsodata refresh, against the fake PxWeb server (tests/pxweb_server.py) serving
one synthetic table per table in indicators/sources/fohm.yaml, at the server's own cell limits.

For each limit it prints the requests made, broken down (config, metadata, data) and the minimum: one config
call, one metadata call per table (the cell count is not known without it) and, per query, ceil(cells / limit)
data calls, the least any split can do. The real Folkhälsodata limit (100 000 cells) puts every table in one
request; the small limits show the splitter at work.

    .venv/bin/python benchmarks/pxweb_requests.py [--limits 100000,60,25,7]
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from etl.http import HttpPolicy, HttpSession  # noqa: E402
from etl.sources import FetchRequest  # noqa: E402
from etl.sources.pxweb.definitions import load_definitions  # noqa: E402
from etl.sources.pxweb.instances import fohm_source  # noqa: E402
from indicators.catalogue import catalogue_dir, load_catalogue  # noqa: E402
from tests.pxweb.runs import DirRun  # noqa: E402
from tests.pxweb_server import PxWebTestServer, fohm_tables_for  # noqa: E402


def one_refresh(limit: int, area_ids: list[str]) -> dict[str, float]:
    defs = load_definitions(catalogue_dir() / "sources" / "fohm.yaml")
    with PxWebTestServer(v1_tables=fohm_tables_for(defs), max_values=limit) as srv, \
            HttpSession(HttpPolicy.fast()) as session, tempfile.TemporaryDirectory() as tmp:
        run = DirRun(Path(tmp) / "run")
        start = time.perf_counter()
        missing = fohm_source().fetch(FetchRequest(series=[s.id for s in defs.series], areas=area_ids, mode="full",
                                                   from_date=None, base_url=srv.v1_base), run, session)
        seconds = time.perf_counter() - start
        if missing:
            raise SystemExit(f"series missing from the fake server: {missing}")
        kinds = [e.kind for e in run.files]
        # The selections actually asked, merged back per table: the cells each table needed in total.
        per_table: dict[str, int] = {}
        for entry in run.files:
            if entry.kind == "data":
                per_table[entry.url] = per_table.get(entry.url, 0) + entry.rows
        biggest = max(per_table.values())
        bound = 1 + kinds.count("metadata") + sum(math.ceil(c / limit) for c in per_table.values())
        return {"requests": session.requests_made, "config": kinds.count("config"),
                "metadata": kinds.count("metadata"), "data": kinds.count("data"), "minimum": bound,
                "tables": len(per_table), "cells": sum(per_table.values()), "biggest": biggest,
                "seconds": seconds, "cell_count_ok": all(e.rows <= limit for e in run.files if e.kind == "data")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limits", default="100000,60,25,7", help="cell limits to try (comma-separated)")
    args = parser.parse_args()
    area_ids = load_catalogue().area_ids
    print("Folkhälsodata full refresh against the fake PxWeb v1 server (synthetic tables, real definitions)")
    print(f"{'cell limit':>10}  {'requests':>8}  {'config':>6}  {'metadata':>8}  {'data':>5}  {'minimum':>7}  "
          f"{'tables':>6}  {'cells':>6}  {'largest':>7}  {'all ≤ limit':>11}  {'time':>7}")
    for limit in (int(x) for x in args.limits.split(",")):
        r = one_refresh(limit, area_ids)
        print(f"{limit:>10}  {r['requests']:>8}  {r['config']:>6}  {r['metadata']:>8}  {r['data']:>5}  "
              f"{r['minimum']:>7}  {r['tables']:>6}  {r['cells']:>6}  {r['biggest']:>7}  "
              f"{'yes' if r['cell_count_ok'] else 'NO':>11}  {r['seconds']:>6.2f}s")
        if r["requests"] != r["minimum"]:
            print(f"           note: {r['requests'] - r['minimum']} request(s) above ceil(cells/limit): the "
                  f"cell boxes cannot be packed tighter on this table's grid")


if __name__ == "__main__":
    main()
