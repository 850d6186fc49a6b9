"""Metrics: pure, typed questions about the warehouse (DuckDB over Parquet; no Streamlit).

One module per question family over one engine: :mod:`metrics.engine` (the query
engine), :mod:`metrics.filters` (what a question is about), :mod:`metrics.rules`
(the rules of ``metrics/RULES.md``), :mod:`metrics.totals`, :mod:`metrics.distributions`,
:mod:`metrics.comparisons`, :mod:`metrics.trends`, :mod:`metrics.quality`,
:mod:`metrics.catalogue`, :mod:`metrics.sources`, :mod:`metrics.population` and
:mod:`metrics.places` (locality look-ups).
"""

# The population table and the derived store register themselves with the engine below
# them (metrics/README.md), so every engine has them.
from metrics import materialised, population  # noqa: E402, F401
