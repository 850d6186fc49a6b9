"""Helpers for dashboard tests: AppTest on a page with seeded query parameters, demo data."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard import registry
from dashboard.exports.adapt import PAGE_CHARTS

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboard" / "app.py"
PAGE_FILES = {page.slug: page.path for page in registry.PAGES}  # AppTest names pages by file
TIMEOUT = 120


def page_context(directory: Path, page: str, query: dict[str, str]):
    """The view models' context of ``page`` with ``query`` (empty values dropped) on the
    data of ``directory``, as ``dvk export`` builds it: no Streamlit."""
    from dashboard import context, params
    from dashboard.answers import Answers

    answers = Answers.of(directory)
    state, _ = params.from_url(page, {k: v for k, v in query.items() if v}, answers.engine())
    return context.build(state, answers)


def property_settings(examples: int):
    """Hypothesis settings of the page property tests: the same states on every run (CI is
    never red by chance), no deadline, the session's sample fixture allowed."""
    from hypothesis import HealthCheck, settings

    return settings(
        max_examples=examples,
        derandomize=True,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


def open_page(page: str = "tong-quan", query: dict[str, str] | None = None) -> AppTest:
    """An AppTest of the dashboard on ``page`` with ``query`` parameters in the address.

    ``DVK_DATA_DIR`` must be set by the caller (``monkeypatch.setenv``).
    """
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state[PAGE_CHARTS] = []  # record the charts the page draws (the test hook)
    if page != "tong-quan":  # AppTest starts on the default page: open the address there after
        at.run()
        at.switch_page(PAGE_FILES[page])
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    return at


def unfold(at: AppTest, key: str) -> AppTest:
    """Open the folded popover or expander ``key`` (its content is drawn when opened, as a
    click on it does: ``ui.folded``) and run the page again."""
    at.session_state[key] = True
    return at.run()


def problems(at: AppTest) -> list[str]:
    """Exceptions and error boxes shown by a run (should be empty)."""
    return [e.message for e in at.exception] + [e.value for e in at.error]


def charts(at: AppTest) -> list[dict]:
    """The plotly figures of a run, as JSON dicts."""
    import json

    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def has_demo() -> bool:
    return importlib.util.find_spec("data_loaders.demo") is not None


def make_demo(directory: Path) -> Path:
    from data_loaders.demo import generate

    generate(directory, scale="small", seed=7)
    return directory


def shown_text(markdown: str) -> str:
    """What a reader sees of Markdown that escapes its text (``safe_text.md``): no backslashes."""
    import re

    return re.sub(r"\\(.)", r"\1", markdown)
