"""Benchmark: six typical questions and every page, on a data directory (``dvk bench``).

``run(data_dir)`` returns::

    {"queries": {NAME: {"median_ms", "computed_ms", "reference_ms", "target_ms",
                        "computed_target_ms", "ok"}},
     "pages": {PAGE: {"first_ms", "rerun_ms", "ok"}},
     "exports": {"export_png" | "conference_pack": {"seconds", "target_s", "ok"}},
     "rss_mib": peak resident memory of this process,
     "data": {"tallies": rows, "models": rows, "province": …, "year": …},
     "targets": {...}}

Each query runs through the metrics layer (with every aggregation rule) and as
plain DuckDB SQL on the same Parquet files (the reference, which applies no
rule: it sums the stated totals). Pages run through Streamlit's AppTest: a
first run on empty caches, then reruns on a warm cache (median).

``served(data_dir)`` starts ``dvk serve`` on the data and a trivial one-chart
Streamlit app served the same way, and times one warm rerun of every page as a browser
asks for it (Streamlit's websocket protocol: script run, serialisation, websocket), beside
the trivial app's rerun measured in the same rounds.

Answers are kept per data version (:meth:`metrics.engine.Engine.result`): a query's
``median_ms`` is the question asked again (what pages do on every rerun), its
``computed_ms`` the same question first asked after a change of data.

Targets (national-scale data, 2 cores): a query asked again within 10 ms, first
asked within 1.5 × its reference or 50 ms; a page rerun within 150 ms; the first
page within 3 s; at most 1 GiB; a page rerun over the websocket within 1.3 × the
trivial app's served as ``dvk serve`` serves (the guide within 1.1 ×).
"""

from __future__ import annotations

import os
import resource
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb

from dashboard import registry
from dashboard.tools import bench_exports
from metrics import catalogue, comparisons, distributions, trends
from metrics.catalogue import CatalogueQuery
from metrics.engine import Engine
from metrics.filters import Filter
from metrics.rules_sql import total_id
from metrics.sqlparts import literal

REPEAT = 7
RERUNS = 5
QUERY_MS = 10.0  # a question pages ask (again): its answer is kept per data version
COMPUTED_MS = 50.0  # the same question first asked after a change of data
QUERY_FACTOR = 1.5
RERUN_MS = 150.0
FIRST_PAGE_MS = 3000.0
RSS_MIB = 1024.0
SERVED_FACTOR = 1.3  # a page rerun over the websocket, against the trivial app's served alike
GUIDE_FACTOR = 1.1  # the guide page has no figure: the frame alone
SERVED_ROUNDS = 5  # medians over 5 rounds: the machine's load varies between them
SEARCH = "camera an ninh"
# the stated totals of every dimension (the reference applies no rule: it sums them)
TOTAL_DIMS = ("kind", "field", "subject", "theme", "level", "award")
# AppTest opens the default page first; the others by their file (dashboard/registry.py)
PAGES = {p.slug: None if p.slug == registry.DEFAULT else p.path for p in registry.PAGES}


def _median_ms(fn: Callable[[], Any], repeat: int = REPEAT) -> float:
    fn()  # warm-up: Parquet metadata, the engine's small tables
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2)


def _subjects(engine: Engine) -> dict[str, Any]:
    """The province, year and districts the questions are about (the best-covered ones)."""
    row = engine.sql(
        "SELECT province_code, count(*) AS n FROM tallies WHERE locality_tier = 'province' "
        "AND province_code NOT LIKE 'N%' GROUP BY 1 ORDER BY n DESC, 1 LIMIT 1"
    )
    province = str(row["province_code"].iloc[0]) if len(row) else "01"
    year = engine.sql(
        "SELECT year_start AS y, count(*) AS n FROM tallies WHERE year_start = year_end "
        "AND metric = 'models_registered' GROUP BY 1 ORDER BY n DESC, 1 DESC LIMIT 1"
    )
    y = int(year["y"].iloc[0]) if len(year) else 2022
    districts = engine.sql(
        "SELECT locality_code FROM localities WHERE tier = 'district' AND parent_code = ? "
        "ORDER BY locality_code LIMIT 5",
        [province],
    )["locality_code"].tolist()
    return {"province": province, "year": y, "districts": districts}


def totals(*parts: str) -> str:
    """The reference's condition: confirmed stated totals of every dimension, except the
    dimensions named in ``parts``, whose parts are summed instead.

    >>> totals("level")  # doctest: +NORMALIZE_WHITESPACE
    "status = 'confirmed' AND kind = 'any' AND field = 'all' AND subject = 'all'
    AND theme = 'none' AND level <> 'none' AND award = 'none'"
    """
    conds = ["status = 'confirmed'"]
    for dim in TOTAL_DIMS:
        conds.append(f"{dim} {'<>' if dim in parts else '='} {literal(total_id(dim))}")
    return " AND ".join(conds)


def _reference(data_dir: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for table in ("tallies", "models"):
        path = data_dir / "warehouse" / f"{table}.parquet"
        if path.exists():  # CREATE VIEW takes no parameter: the path as a literal
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet({literal(str(path))})")
    return con


def queries(data_dir: Path) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """Time the six questions through the metrics layer and as plain SQL."""
    engine = Engine(data_dir)
    engine.localities  # noqa: B018 - the small in-memory tables, built once per data version
    s = _subjects(engine)
    p, y, districts = s["province"], s["year"], s["districts"]
    ref = _reference(data_dir)
    in_list = ", ".join("?" for _ in districts) or literal("")
    cases: dict[str, tuple[Callable[[], Any], str, list[Any]]] = {
        "q1_total_by_province": (
            lambda: comparisons.compare(engine, Filter(years=(y, y)), tier="province"),
            "SELECT province_code, sum(value) FROM tallies WHERE metric = 'models_registered' "
            f"AND year_start = ? AND year_end = ? AND locality_tier = 'province' AND {totals()} "
            "GROUP BY 1",
            [y, y],
        ),
        "q2_fields_of_province": (
            lambda: distributions.distribution(engine, Filter(), "field", p),
            "SELECT field, sum(value) FROM tallies WHERE metric = 'models_registered' "
            f"AND province_code = ? AND locality_tier = 'province' AND {totals('field')} "
            "GROUP BY 1",
            [p],
        ),
        "q3_yearly_5_districts": (
            lambda: trends.yearly(engine, Filter(), districts),
            "SELECT locality_code, year_start, sum(value) FROM tallies "
            f"WHERE metric = 'models_registered' AND locality_code IN ({in_list}) "
            f"AND year_start = year_end AND {totals()} GROUP BY 1, 2",
            list(districts),
        ),
        "q4_level_subject_share": (
            lambda: distributions.breakdown(
                engine,
                Filter(metric="models_recognized", years=(2016, 2020)),
                ("level", "subject"),
                p,
            ),
            "SELECT level, subject, sum(value) AS v, v / sum(v) OVER () AS share FROM tallies "
            "WHERE metric = 'models_recognized' AND province_code = ? "
            "AND year_start >= 2016 AND year_end <= 2020 AND locality_tier = 'province' AND "
            f"{totals('subject', 'level')} GROUP BY 1, 2",
            [p],
        ),
        "q5_top20_communes": (
            lambda: comparisons.compare(
                engine, Filter(years=(y, y)), tier="commune", scope=[p], norm="absolute", top=20
            ),
            "SELECT locality_code, sum(value) AS v FROM tallies WHERE metric = 'models_registered' "
            "AND province_code = ? AND locality_tier = 'commune' AND year_start = ? "
            f"AND year_end = ? AND {totals()} GROUP BY 1 ORDER BY v DESC LIMIT 20",
            [p, y, y],
        ),
        "q6_model_search": (
            lambda: catalogue.search(engine, CatalogueQuery(text=SEARCH, locality=p)),
            "SELECT model_id, model_name FROM models WHERE province_code = ? "
            "AND name_key LIKE ? ORDER BY name_key, model_id LIMIT 25",
            [p, f"%{SEARCH}%"],
        ),
    }
    out: dict[str, dict[str, Any]] = {}
    for name, (fn, sql, params) in cases.items():
        median = _median_ms(fn)  # asked again: the answer kept for this data version
        computed = _median_ms(lambda fn=fn: (engine.clear_results(), fn()))  # first asked
        reference = _median_ms(lambda sql=sql, params=params: ref.execute(sql, params).df())
        target = QUERY_MS
        out[name] = {
            "median_ms": median,
            "computed_ms": computed,
            "computed_target_ms": round(max(COMPUTED_MS, QUERY_FACTOR * reference), 1),
            "reference_ms": reference,
            "target_ms": round(target, 1),
            "ok": median <= target and computed <= max(COMPUTED_MS, QUERY_FACTOR * reference),
        }
    ref.close()
    engine.close()
    return out, s


def pages(data_dir: Path) -> dict[str, dict[str, Any]]:
    """Run every page with AppTest: first run on empty caches, then warm reruns."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from dashboard import cache

    app = Path(__file__).resolve().parents[1] / "app.py"
    previous = os.environ.get("DVK_DATA_DIR")
    os.environ["DVK_DATA_DIR"] = str(data_dir)
    out: dict[str, dict[str, Any]] = {}
    st.cache_resource.clear()  # the first page pays for starting the engine, as after a start
    try:
        for name, file in PAGES.items():
            at = AppTest.from_file(str(app), default_timeout=600)
            if file is not None:  # AppTest must run the app once before switching pages
                at.run()
                at.switch_page(file)
            cache.clear()
            start = time.perf_counter()
            at.run()
            first = (time.perf_counter() - start) * 1000
            reruns = []
            for _ in range(RERUNS):
                start = time.perf_counter()
                at.run()
                reruns.append((time.perf_counter() - start) * 1000)
            rerun = statistics.median(reruns)
            failed = bool(at.exception) or bool(at.error)
            ok = rerun <= RERUN_MS and not failed
            if name == "tong-quan":
                ok = ok and first <= FIRST_PAGE_MS
            out[name] = {
                "first_ms": round(first, 1),
                "rerun_ms": round(rerun, 1),
                "ok": ok,
                "errors": len(at.exception) + len(at.error),
            }
    finally:
        if previous is None:
            os.environ.pop("DVK_DATA_DIR", None)
        else:
            os.environ["DVK_DATA_DIR"] = previous
    return out


def served(data_dir: Path, rounds: int = SERVED_ROUNDS) -> dict[str, Any]:
    """Every page's warm rerun over the websocket beside the trivial app's (same rounds).

    Each round times the trivial app, then every page, then the trivial app again;
    the figures are medians over the rounds (the machine's load varies between them).
    The target's floor is the trivial app started as ``dvk serve`` starts Streamlit (its
    environment and websocket settings, ``dashboard.serving``): what serving saves is then
    saved for both, and the ratio is what dvk's pages cost. The same app under plain
    ``streamlit run`` is timed beside it, for information (``ratio_streamlit_run``).
    Returns ``{"trivial_ms", "trivial_streamlit_run_ms", "pages": {PAGE: {"rerun_ms",
    "ratio", "ratio_streamlit_run", "target", "ok"}}, "server_peak_rss_mib"}``; ``ratio``
    (against the app served like dvk) is the one checked against ``target``.
    """
    from dashboard.tools import loadtest

    names = {slug: ("" if file is None else slug) for slug, file in PAGES.items()}
    trivial: list[float] = []
    like_dvk: list[float] = []
    times: dict[str, list[float]] = {slug: [] for slug in PAGES}
    with (
        loadtest.dvk_server(data_dir) as url,
        loadtest.trivial_app(loadtest.free_port()) as floor,
        loadtest.trivial_app(loadtest.free_port(), served_like_dvk=True) as floor_like,
    ):
        loadtest.rerun_ms(floor, ("",), 1)  # warm up: imports, the first script run
        loadtest.rerun_ms(floor_like, ("",), 1)
        loadtest.rerun_ms(url, tuple(names.values()), 1)

        def floors() -> None:
            trivial.append(loadtest.rerun_ms(floor, ("",))[""]["rerun_ms"])
            like_dvk.append(loadtest.rerun_ms(floor_like, ("",))[""]["rerun_ms"])

        for _ in range(rounds):
            floors()
            got = loadtest.rerun_ms(url, tuple(names.values()))
            for slug, name in names.items():
                times[slug].append(got[name]["rerun_ms"])
            floors()
        memory = loadtest.server_memory(url)
    return {
        **served_ratios(times, trivial=like_dvk, streamlit_run=trivial),
        "server_peak_rss_mib": memory["peak_rss_mib"],
    }


def served_ratios(
    times: dict[str, list[float]], trivial: list[float], streamlit_run: list[float]
) -> dict[str, Any]:
    """Each page's median rerun (ms) over the rounds against the trivial app's: ``trivial``
    as ``dvk serve`` serves it (the ratio checked against the target), ``streamlit_run``
    under plain ``streamlit run`` (for information)."""
    floor_ms = statistics.median(trivial)
    plain_ms = statistics.median(streamlit_run)
    out: dict[str, dict[str, Any]] = {}
    for slug, values in times.items():
        ms = statistics.median(values)
        target = GUIDE_FACTOR if slug == "huong-dan" else SERVED_FACTOR
        ratio = ms / floor_ms if floor_ms else float("inf")
        out[slug] = {
            "rerun_ms": round(ms, 1),
            "ratio": round(ratio, 2),
            "ratio_streamlit_run": round(ms / plain_ms, 2) if plain_ms else None,
            "target": target,
            "ok": ratio <= target,
        }
    return {
        "trivial_ms": round(floor_ms, 1),
        "trivial_streamlit_run_ms": round(plain_ms, 1),
        "pages": out,
    }


def rss_mib() -> float:
    """Peak resident memory of this process (the queries and pages ran in it)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run(data_dir: Path) -> dict[str, Any]:
    """Run the whole benchmark on ``data_dir`` (see the module docstring)."""
    data_dir = Path(data_dir)
    engine = Engine(data_dir)
    counts = {
        "tallies": int(engine.scalar("SELECT count(*) FROM tallies") or 0),
        "models": int(engine.scalar("SELECT count(*) FROM models") or 0),
    }
    engine.close()
    q, subjects = queries(data_dir)
    p = pages(data_dir)
    rss = rss_mib()
    return {
        "queries": q,
        "pages": p,
        "exports": bench_exports.run(data_dir),
        "served": served(data_dir),
        "rss_mib": rss,
        "rss_ok": rss <= RSS_MIB,
        "data": {**counts, **subjects, "cores": os.cpu_count()},
        "targets": {
            "query_ms": QUERY_MS,
            "computed_ms": COMPUTED_MS,
            "query_factor": QUERY_FACTOR,
            "rerun_ms": RERUN_MS,
            "first_page_ms": FIRST_PAGE_MS,
            "rss_mib": RSS_MIB,
            "export_png_s": bench_exports.PNG_S,
            "conference_pack_s": bench_exports.PACK_S,
            "served_factor": SERVED_FACTOR,
            "guide_factor": GUIDE_FACTOR,
        },
    }
