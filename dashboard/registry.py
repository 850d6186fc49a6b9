"""The dashboard's pages, listed once: navigation (``app.py``), the URL state, the exports,
the benchmarks and the tests all read this list. Adding a page is one entry.

Each page has its URL slug, the UI text key of its title, its icon, its file under
``app_pages/``, the action a signed-in user needs to open it (``read``, ``ingest``, ``admin``
— see ``auth.py``) and the view model building the charts it shows (``viewmodels.py``),
which the export panel, the conference pack and ``dvk export`` build too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from dashboard import viewmodels
from dashboard.charts import Chart
from dashboard.context import Ctx
from dashboard.params import (
    BREAKDOWN,
    CATALOGUE,
    COMPARE,
    GUIDE,
    IMPORT,
    OVERVIEW,
    QUALITY,
    TRENDS,
    USERS,
)


@dataclass(frozen=True)
class Page:
    slug: str  # the URL path ("" for the overview, the default page)
    title: str  # UI text key (dashboard/i18n.py)
    icon: str
    file: str  # under dashboard/app_pages/
    view_model: Callable[[Ctx], Iterable[Chart]] = viewmodels.no_charts
    action: str = "read"
    export_panel: bool = True  # the speech kit and the conference pack under the page
    load_test: bool = False  # opened by every simulated user of ``dvk bench --sessions``
    filters: bool = True  # the sidebar's place, period and measure filters (off where unused)

    def charts(self, ctx: Ctx, limit: int | None = None) -> list[Chart]:
        """The charts the page shows for ``ctx`` (the first ``limit`` only, when given)."""
        out: list[Chart] = []
        charts = iter(self.view_model(ctx))
        while limit is None or len(out) < limit:  # the next chart is built only if wanted
            chart = next(charts, None)
            if chart is None:
                break
            out.append(chart)
        return out

    @property
    def shows_charts(self) -> bool:
        return self.view_model is not viewmodels.no_charts

    @property
    def path(self) -> str:
        """The page file as Streamlit names it (``app_pages/overview.py``)."""
        return f"app_pages/{self.file}"


PAGES: tuple[Page, ...] = (
    Page(
        OVERVIEW,
        "page_overview",
        ":material/dashboard:",
        "overview.py",
        viewmodels.overview,
        load_test=True,
    ),
    Page(
        COMPARE,
        "page_compare",
        ":material/leaderboard:",
        "compare.py",
        viewmodels.compare,
        load_test=True,
    ),
    Page(
        BREAKDOWN,
        "page_breakdown",
        ":material/donut_small:",
        "breakdown.py",
        viewmodels.breakdown,
        load_test=True,
    ),
    Page(
        TRENDS,
        "page_trends",
        ":material/trending_up:",
        "trends.py",
        viewmodels.trends,
        load_test=True,
    ),
    Page(CATALOGUE, "page_catalogue", ":material/menu_book:", "catalogue.py", viewmodels.catalogue),
    Page(QUALITY, "page_quality", ":material/fact_check:", "quality.py"),
    Page(
        IMPORT,
        "page_import",
        ":material/upload_file:",
        "import_data.py",
        action="ingest",
        export_panel=False,
        filters=False,
    ),
    Page(GUIDE, "page_guide", ":material/help:", "guide.py", export_panel=False, filters=False),
    Page(
        USERS,
        "page_users",
        ":material/group:",
        "users.py",
        action="manage_users",
        export_panel=False,
        filters=False,
    ),
)
SLUGS: tuple[str, ...] = tuple(p.slug for p in PAGES)
DEFAULT = OVERVIEW


def page(slug: str) -> Page:
    """The page of ``slug`` (KeyError for an unknown one)."""
    for p in PAGES:
        if p.slug == slug:
            return p
    raise KeyError(slug)


def url_path(slug: str) -> str:
    """The page's path in a link ("" for the default page)."""
    return "" if slug == DEFAULT else slug


LOAD_TEST: tuple[str, ...] = tuple(url_path(p.slug) for p in PAGES if p.load_test)
