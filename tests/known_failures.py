"""Tests that fail on a known weakness of the reader, each with the reason.

``conftest.py`` runs them as strict xfails: the suite stays green while the weakness is open, and
fails the day a test starts passing, so an entry is removed as soon as it is fixed. Keyed by the
test's node id below ``tests/``. Only layout variants of the sample corpus are listed here; the
real PDFs' open labels are in ``test_real_labels.KNOWN``.
"""
KNOWN: dict[str, str] = {}
