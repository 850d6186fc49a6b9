"""Small helpers for composing SQL from named fragments (no editing of finished SQL).

Values a caller chooses (filters, codes, years, file paths in queries) travel as DuckDB
parameters. Only the code's own constants — vocabulary ids, tiers, bit masks, and paths in
statements DuckDB cannot parameterise (``CREATE VIEW``, ``COPY … TO``) — are written into the
text, through :func:`literal`. CTE names that must differ between the tiers of one statement
are built with a prefix when the fragment is made (:func:`named`), never renamed afterwards.

>>> literal("it's"), literal(3)
("'it''s'", '3')
>>> named("p_", "base", "fast")
('p_base', 'p_fast')
"""

from __future__ import annotations


def literal(value: str | int) -> str:
    """A SQL literal for one of the code's own constants (a string is quoted and escaped)."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise TypeError(f"literal() takes a str or an int, not {type(value).__name__}")
    if isinstance(value, int):
        return str(value)
    return "'" + value.replace("'", "''") + "'"


def named(prefix: str, *names: str) -> tuple[str, ...]:
    """The CTE names ``names`` as used in a statement whose fragments carry ``prefix``."""
    return tuple(prefix + n for n in names)
