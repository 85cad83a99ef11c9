"""The cache of parsed reports on disk: a known PDF is never parsed twice, the cached report is
the parsed one, and the cache moves, turns off and clears as the README says. A pair compared
once is read back as the same comparison, never served for other settings."""
import json

import pytest
from click.testing import CliRunner
from conftest import ROOT

from rapportanalys import cache
from rapportanalys.cli import main
from rapportanalys.compare import CompareSettings, compare

CORPUS = ROOT / "corpus"
K22, K23 = CORPUS / "kungalv_social-hallbarhet_2022.pdf", CORPUS / "kungalv_social-hallbarhet_2023.pdf"


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.setenv("RAPPORTANALYS_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _no_parse(monkeypatch):
    import rapportanalys.pipeline

    def refuse(*a, **k):
        raise AssertionError("parsed although the report is cached")

    monkeypatch.setattr(rapportanalys.pipeline, "parse", refuse)


def test_a_cached_report_compares_exactly_as_a_parsed_one(here, monkeypatch, tmp_path):
    fresh = compare(cache.parse_cached(K22), cache.parse_cached(K23)).to_dict()
    assert len(list(here.rglob("*.json.gz"))) == 2
    _no_parse(monkeypatch)
    copy = tmp_path / "kopia.pdf"  # same content under another name: a hit, named as given
    copy.write_bytes(K22.read_bytes())
    old = cache.parse_cached(copy)
    assert old.source.path.endswith("kopia.pdf")
    again = compare(old, cache.parse_cached(K23)).to_dict()
    for side in ("old", "new"):
        fresh[side]["source"].pop("path"), again[side]["source"].pop("path")
    assert again == fresh


def _no_compare(monkeypatch):
    import rapportanalys.compare

    def refuse(*a, **k):
        raise AssertionError("compared although the comparison is stored")

    monkeypatch.setattr(rapportanalys.compare, "compare", refuse)


def test_cli_compare_and_reuse_use_the_cache(here, monkeypatch):
    first = CliRunner().invoke(main, ["compare", str(K22), str(K23), "--format", "json"])
    assert first.exit_code == 0
    _no_parse(monkeypatch)
    _no_compare(monkeypatch)  # the second run reads both reports and the comparison back
    second = CliRunner().invoke(main, ["compare", str(K22), str(K23), "--format", "json"])
    assert second.exit_code == 0, second.output
    assert json.loads(second.stdout) == json.loads(first.stdout)
    assert len(list((here / "comparisons").rglob("*.json.gz"))) == 1
    reuse = CliRunner().invoke(main, ["reuse", str(K22), str(K23), "--format", "json"])
    assert reuse.exit_code == 0 and len(json.loads(reuse.stdout)["reports"]) == 2


def test_the_key_holds_the_parser_version(here):
    report = cache.parse_cached(K22)
    assert cache.parser_version() in str(next(here.rglob("*.json.gz")))
    assert next(here.rglob("*.json.gz")).name == f"{report.source.sha256}.json.gz"


def test_off_parses_every_time_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("RAPPORTANALYS_CACHE", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() is None
    assert cache.parse_cached(K22).metadata.year == 2022
    assert not any(tmp_path.iterdir())


def test_xdg_cache_home_is_the_default_place(tmp_path, monkeypatch):
    monkeypatch.delenv("RAPPORTANALYS_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "rapportanalys"


def test_a_damaged_entry_is_parsed_again(here):
    report = cache.parse_cached(K22)
    entry = next(here.rglob("*.json.gz"))
    entry.write_bytes(b"trasig")
    assert cache.parse_cached(K22).to_dict()["blocks"] == report.to_dict()["blocks"]


def test_bad_input_is_refused_before_the_cache(here, tmp_path):
    bad = tmp_path / "inte.pdf"
    bad.write_bytes(b"hej")
    result = CliRunner().invoke(main, ["compare", str(bad), str(K23)])
    assert result.exit_code == 2 and "inte.pdf" in result.stderr and "not a PDF" in result.stderr


def test_cache_command_shows_and_clears(here):
    cache.parse_cached(K22)
    shown = CliRunner().invoke(main, ["cache"])
    assert shown.exit_code == 0 and str(here) in shown.stdout and "1 files" in shown.stdout
    cleared = CliRunner().invoke(main, ["cache", "--clear"])
    assert cleared.exit_code == 0 and not here.exists()


def test_a_stored_comparison_is_the_computed_one(here, monkeypatch):
    old, new = cache.parse_cached(K22), cache.parse_cached(K23)
    first = cache.compare_cached(old, new)
    assert first == compare(old, new)
    stored = list((here / "comparisons").rglob("*.json.gz"))
    assert len(stored) == 1 and cache.compare_version() in str(stored[0])

    _no_compare(monkeypatch)
    again = cache.compare_cached(old, new)
    assert again == first  # every passage, figure change, section row and activity, field by field
    from_disk = cache.compare_cached(cache.parse_cached(K22), cache.parse_cached(K23))
    assert from_disk.to_dict() == first.to_dict()
    with pytest.raises(AssertionError, match="compared although"):  # other settings: not this entry
        cache.compare_cached(old, new, CompareSettings(candidate_min_cosine=0.3))
    with pytest.raises(AssertionError, match="compared although"):  # the other direction
        cache.compare_cached(new, old)
    for read in ({"backend": "pdfplumber"}, {"ocr": "always"}):  # the PDFs read otherwise: other reports
        with pytest.raises(AssertionError, match="compared although"):
            cache.compare_cached(old, new, **read)
    assert cache.compare_cached(old, new, backend="pdfium", ocr="auto") == first  # the defaults, named
    stored[0].write_bytes(b"trasig")  # a damaged entry is compared again
    with pytest.raises(AssertionError, match="compared although"):
        cache.compare_cached(old, new)
