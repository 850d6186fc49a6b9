"""Tables in words (presentation): the quality findings and the sources, formatted once.

Below the cache (:mod:`dashboard.cache` stores what these return) and the pages.

>>> items(None), items(("a", "b"))
([], ['a', 'b'])
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboard import charts, fmt
from dashboard.i18n import kind_detail, kind_text, label, t


def items(value: object) -> list:
    """A list-valued cell as a list (DuckDB lists arrive as arrays; missing as NA/NaN)."""
    if isinstance(value, (list, tuple)):
        return list(value)
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        out = value.tolist()
        return out if isinstance(out, list) else []
    return []


def finding_detail(lang: str, row: dict) -> str:
    dimension = row["dimension"]
    score = pd.to_numeric(row["score"], errors="coerce")
    return kind_detail(
        row["kind"],
        lang,
        stated=fmt.number(row["stated"], lang),
        parts=fmt.number(row["parts"], lang),
        dimension=t(dimension, lang).lower() if isinstance(dimension, str) else "",
        period=fmt.period(row["year_start"], row["year_end"]),
        published=fmt.published(row["published"]),
        values=", ".join(fmt.number(v, lang) for v in items(row["values"])),
        score=fmt.number(abs(score), lang, 1),
    )


def findings_table(found: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Findings in words: kind, severity, locality, measure, period, detail, sources (+ ids)."""
    records = found.to_dict("records")
    periods = [fmt.period(a, b) for a, b in zip(found["year_start"], found["year_end"])]
    kinds = [kind_text(k, lang) for k in found["kind"]]
    return pd.DataFrame(
        {
            "kind": found["kind"],
            "severity_label": [t(f"sev_{s}", lang) for s in found["severity"]],
            "kind_label": kinds,
            "locality_name": found["locality_name"],
            "metric_label": [label("metric", m, lang) for m in found["metric"]],
            "period_text": periods,
            "detail_text": [finding_detail(lang, r) for r in records],
            "sources_text": [", ".join(items(s)) for s in found["source_ids"]],
            "tally_ids": [items(x) for x in found["tally_ids"]],
            "title": [f"{k}: {n}, {p}" for k, n, p in zip(kinds, found["locality_name"], periods)],
        }
    )


def sources_table(
    table: pd.DataFrame, lang: str
) -> tuple[pd.DataFrame, list[str], dict[str, str], dict[str, Any]]:
    """Sources in words (newest first), their ids, picker labels, and the same table for
    exports (``values``: numbers as numbers; ``formats``: see :func:`charts.table_fields`)."""
    shown = table.assign(
        published_text=[fmt.published(p) for p in table["published"]],
        metrics_text=[
            ", ".join(label("metric", m, lang) for m in items(ms)) for ms in table["metrics"]
        ],
        period_text=[fmt.period(a, b) for a, b in zip(table["year_lo"], table["year_hi"])],
    )
    fields = charts.table_fields(
        shown,
        {
            "published_text": t("published", lang),
            "title": t("title", lang),
            "outlet": t("outlet", lang),
            "figures": t("figures", lang),
            "metrics_text": t("metric", lang),
            "period_text": t("data_period", lang),
            "url": t("address", lang),
        },
        lang,
    )
    ids = table["source_id"].tolist()
    labels = {s: f"{title or s} [{s}]" for s, title in zip(table["source_id"], table["title"])}
    return fields["table"], ids, labels, {"values": fields["values"], "formats": fields["formats"]}
