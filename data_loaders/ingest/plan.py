"""Planning: read an input, check it and compare it with the warehouse; nothing is written."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from data_loaders.ingest.changes import source_changes
from data_loaders.ingest.failures import READ_ERRORS, read_problem, write_problem
from data_loaders.ingest.files import detect_kind, discover, load_any
from data_loaders.ingest.meta import MetaProblem, meta_of, stored_meta, with_meta
from data_loaders.ingest.model import LoadFn, Plan, SourceChange, SourceMeta
from data_loaders.ingest.report_ingest import is_report
from data_loaders.ingest.store import planning_localities, stamp
from data_loaders.reference.localities import default_harmoniser
from data_loaders.sources.model_list import load_models
from data_loaders.sources.tally_template import Loaded
from data_loaders.storage import limits
from data_loaders.storage.limits import LimitExceeded
from data_loaders.storage.messages import problem
from data_loaders.storage.warehouse import Warehouse

log = logging.getLogger("dvk.ingest")


def _count(loaded: Loaded) -> int:
    return max(getattr(loaded, "problem_count", 0), len(loaded.problems))


def _kind_of(loaded: Loaded, loader: str) -> str:
    if loader in ("report_text", "report"):
        return "report"
    return {"tallies": "template", "sources": "sources", "models": "model_list"}[loaded.kind]


def plan_input(
    data_dir: Path,
    label: Path,
    loader: str,
    load: LoadFn,
    kind: str | None = None,
    also_known: Iterable[str] = (),
) -> Plan:
    """Load one input against the warehouse and say what committing it would do (no writes).

    ``load(harmoniser, known_source_ids, localities)`` normalises the input into a ``Loaded``.
    Never raises on bad input: a file that cannot be read gives a plan with its problem.
    """
    wh = Warehouse(data_dir)
    plan = Plan(Path(label), kind or "template", 0, [], [], loader=loader, load=load)
    try:
        with wh.lock():
            fill(plan, wh, kind, set(also_known))
    except OSError as exc:
        log.warning("cannot use %s: %s", data_dir, exc)
        plan.problems = [write_problem(label, data_dir, exc)]
        plan.problem_count, plan.status, plan.loaded = 1, "failed", None
    except Exception as exc:  # noqa: BLE001 - a defect must not abort a batch with a traceback
        log.exception("ingest of %s failed", label)
        plan.problems = [read_problem(label, exc)]
        plan.problem_count, plan.status, plan.loaded = 1, "refused", None
    return plan


def fill(plan: Plan, wh: Warehouse, kind: str | None, also_known: set[str] | None = None) -> None:
    """Load ``plan``'s input against the warehouse as it is (call under its lock), the sources
    ``also_known`` counting as stored (a dry run's lists of the same batch)."""
    plan.stamp = stamp(wh)
    localities = planning_localities(wh)
    known = set(wh.read("sources", ["source_id"])["source_id"]) | (also_known or set())
    try:
        loaded = plan.load(default_harmoniser(), known, localities)
    except (*READ_ERRORS, LimitExceeded, RecursionError, MemoryError) as exc:
        plan.problems = [read_problem(plan.path, exc)]
        plan.problem_count, plan.status = 1, "refused"
        return
    if loaded.kind == "models" and plan.loader == "template":
        plan.loader = "model_list"
    plan.kind = kind or _kind_of(loaded, plan.loader)
    plan.rows_read = loaded.rows_in
    plan.sha256 = loaded.sha256
    plan.source_ids = loaded.source_ids
    plan.problems = loaded.problems[: limits.MAX_PROBLEMS_KEPT]
    plan.problem_count = _count(loaded)
    plan.stated = meta_of(loaded)
    plan.meta = stored_meta(wh, loaded) or plan.stated
    plan.loaded = loaded
    if loaded.problems:
        plan.status = "refused"
    else:
        plan.changes = source_changes(
            wh, with_meta(loaded, plan.meta, plan.stated), plan.source_ids
        )


def plan_file(
    path: Path, data_dir: Path, *, kind: str | None = None, also_known: Iterable[str] = ()
) -> Plan:
    """Plan one file of any kind the CLI takes (the kind detected unless given); sources
    ``also_known`` count as stored (see :func:`plan_paths`)."""
    path = Path(path)
    kind = kind or detect_kind(path)
    if kind == "report":
        return plan_report(path, data_dir)
    if kind == "model_list":
        load = lambda h, known, locs: load_models(path, h, known, locs)  # noqa: E731
    else:
        load = lambda h, known, locs: load_any(path, h, known, locs)  # noqa: E731
    return plan_input(data_dir, path, "template", load, also_known=also_known)


def plan_report(path: Path, data_dir: Path) -> Plan:
    """Plan a report text: its candidate figures, each one row (row = position)."""
    from data_loaders.report_text import extract_file

    path = Path(path)
    try:
        doc, candidates = extract_file(path)
    except (OSError, ValueError, RecursionError, MemoryError) as exc:
        plan = Plan(path, "report", 0, [], [read_problem(path, exc)], loader="report_text")
        plan.problem_count, plan.status = 1, "refused"
        return plan
    return plan_candidates(doc, [c.to_dict() for c in candidates], data_dir, path=path)


def plan_candidates(
    doc: Any, candidates: list[dict], data_dir: Path, *, path: Path | None = None
) -> Plan:
    """Plan the (reviewed or corrected) candidates of one report text, its document as source."""
    from data_loaders.ingest.report_ingest import candidates_to_loaded

    plan = plan_input(
        data_dir,
        Path(path or doc.file_name),
        "report_text",
        lambda h, known, locs: candidates_to_loaded(doc, candidates, h, known, locs),
        "report",
    )
    plan.document, plan.candidates = doc, candidates
    return plan


def needs_review(path: Path) -> Plan:
    """A report text met without ``--accept-all``: refused with a pointer to the review page."""
    plan = Plan(path, "report", 0, [], [problem(path, None, None, "report_needs_review")])
    plan.loader, plan.status, plan.problem_count = "report_text", "refused", 1
    return plan


def plan_paths(paths: Iterable[Path], data_dir: Path, *, accept_all: bool = False) -> list[Plan]:
    """``dvk ingest --dry-run``: the plan of every file under ``paths`` (nothing written).

    Each file is planned against the warehouse as it is now, the sources defined by the
    lists of sources planned before it in the same batch counting as stored (as they will be
    when the batch is committed in that order).
    """
    plans: list[Plan] = []
    listed: set[str] = set()
    for f in discover(paths, reports=accept_all):
        if is_report(f) and not accept_all:
            plans.append(needs_review(f))
            continue
        plan = plan_file(f, data_dir, also_known=listed)
        if plan.kind == "sources" and not plan.blocking:
            listed |= set(plan.source_ids)
        plans.append(plan)
    return plans


def changes_with(plan: Plan, data_dir: Path, meta: SourceMeta | None) -> list[SourceChange]:
    """What committing ``plan`` with the source details ``meta`` would do to each source (the
    plan's own changes when the details are those planned with). Nothing is written."""
    if plan.blocking or meta is None or meta == plan.meta:
        return plan.changes
    try:
        loaded = with_meta(plan.loaded, meta, plan.stated)
    except MetaProblem:
        return plan.changes
    wh = Warehouse(data_dir)
    with wh.lock():
        return source_changes(wh, loaded, plan.source_ids)
