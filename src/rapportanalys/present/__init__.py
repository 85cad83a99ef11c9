"""Presenting comparison and reuse results: a terminal summary (:mod:`.text`), one
self-contained HTML page to share (:mod:`.html`) and an Excel workbook for auditors
(:mod:`.xlsx`). Each takes a result object and returns text or bytes; none writes files.
"""
