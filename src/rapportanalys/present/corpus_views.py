"""What the Korpus page shows, as SQL over the corpus database (``store.Corpus.sql``) and small
pure functions over the frames it returns. No Streamlit here; the page stays thin."""
from __future__ import annotations

import pandas as pd

from .views import count_sv

# The Korpus page is drawn from SQL aggregates over the corpus database and the stored results
# of ``reuse --db``, never by loading every report: it is as fast with 10,000 reports as with 10.
COUNTS_SQL = """
SELECT coalesce(municipality, 'okänd') AS "Kommun", year AS "År", count(*) AS "Rapporter"
FROM reports GROUP BY ALL ORDER BY 1, 2
"""

REPORTS_SQL = """
SELECT coalesce(municipality, 'okänd') AS "Kommun", year AS "År", coalesce(title, '') AS "Titel",
       coalesce(doc_type, '') AS "Dokumenttyp", pages AS "Sidor", regexp_extract(path, '[^/\\\\]+$') AS "Fil"
FROM reports ORDER BY 1, 2, 3
"""

# Per report: the share of its passages' characters found in an earlier report of the same
# municipality (stored pairs of scope 'stale'; a passage counted once however many it matches),
# with its series (``metadata.series``: the editions of one report over the years) and how many
# of the series' editions are shown: the chart draws a line through a series' editions only, so
# that unrelated reports never share a line. A report with no series key is a series of its own
# (so are all of a database written before reports had a series column: ``stale_sql``).
STALE_SQL = """
WITH total AS (SELECT report, sum(chars) AS chars FROM reuse_passages GROUP BY report),
     stale AS (SELECT p.report, sum(p.chars) AS chars FROM reuse_passages p
               WHERE p.pid IN (SELECT b FROM reuse_pairs WHERE scope = 'stale') GROUP BY p.report),
     shown AS (
       SELECT coalesce(r.municipality, 'okänd') AS "Kommun", r.year AS "År", coalesce(r.title, '') AS "Rapport",
              round(100.0 * least(coalesce(s.chars, 0), t.chars) / t.chars, 1) AS "Inaktuell text (%)",
              coalesce({series}, 'rapport:' || r.sha256) AS "Serie"
       FROM reports r JOIN total t ON t.report = r.sha256 LEFT JOIN stale s ON s.report = r.sha256
       WHERE r.year IS NOT NULL AND t.chars > 0
         AND EXISTS (SELECT 1 FROM reports e WHERE e.municipality = r.municipality AND e.year < r.year))
SELECT *, count(*) OVER (PARTITION BY "Serie") AS "Utgåvor" FROM shown
ORDER BY 1, 2, 3
"""


def stale_sql(has_series: bool = True) -> str:
    """:data:`STALE_SQL` for a database whose reports table has (or, written by an older version
    and opened read-only, lacks) the series column."""
    return STALE_SQL.replace("{series}", "r.series" if has_series else "NULL")


# Reused text between municipalities only (scope 'copying'): from the earlier report's
# municipality to the later one's, in characters; within a municipality is the stale share above.
REUSE_MATRIX_SQL = """
SELECT coalesce(ra.municipality, 'okänd') AS "Från", coalesce(rb.municipality, 'okänd') AS "Till",
       sum(q.chars) AS "Tecken", count(*) AS "Passager"
FROM reuse_pairs q JOIN reuse_passages pa ON pa.pid = q.a JOIN reuse_passages pb ON pb.pid = q.b
JOIN reports ra ON ra.sha256 = pa.report JOIN reports rb ON rb.sha256 = pb.report
WHERE q.scope = 'copying' AND ra.municipality IS DISTINCT FROM rb.municipality
GROUP BY ALL ORDER BY 3 DESC
"""

BOILERPLATE_SQL = """
SELECT c.text AS "Text", c.reports AS "Rapporter", c.municipalities AS "Kommuner",
       c.first_year AS "Första år", coalesce(r.municipality, 'okänd') AS "Troligen först i"
FROM reuse_clusters c LEFT JOIN reports r ON r.sha256 = c.source_report
WHERE c.kind = 'boilerplate' ORDER BY c.reports DESC, c.passages DESC LIMIT ?
"""


def top_pairs(matrix: pd.DataFrame, limit: int = 20) -> tuple[pd.DataFrame, list[str]]:
    """The heatmap's cells among the ``limit`` municipalities with the most reused text (so
    that it stays readable with hundreds), and their order (most first) for both axes."""
    if matrix.empty:
        return matrix, []
    weight = pd.concat([matrix.groupby("Från")["Tecken"].sum(), matrix.groupby("Till")["Tecken"].sum()])
    order = list(weight.groupby(level=0).sum().sort_values(ascending=False).index[:limit])
    cells = matrix[matrix["Från"].isin(order) & matrix["Till"].isin(order)].copy()
    cells["Tecken (text)"] = cells["Tecken"].map(count_sv)
    return cells.reset_index(drop=True), order


SEARCH_SQL = """
SELECT r.municipality AS "Kommun", r.year AS "År", r.title AS "Rapport", b.page AS "Sida", b.text AS "Text"
FROM blocks b JOIN reports r ON r.sha256 = b.report
WHERE b.text ILIKE ? ESCAPE '\\'
ORDER BY r.municipality, r.year, b.report, b.seq
LIMIT ?
"""


def search_params(query: str, limit: int = 200) -> list:
    """Parameters for :data:`SEARCH_SQL`: the query as a literal substring (``%`` and ``_``
    escaped)."""
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return [f"%{escaped}%", limit]
