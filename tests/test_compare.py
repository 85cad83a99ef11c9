"""compare: year over year, on the labelled Kungälv pair, on small made-up reports, and on the
real Göteborg pair."""
import json
import time

import pytest

from rapportanalys.compare import CompareSettings, compare
from rapportanalys.compare.diff import status, word_diff
from rapportanalys.compare.text import sentences, tokenize
from rapportanalys.model import Block, Report, Section, Source
from conftest import ROOT, benchmark_module, real_pdf

LABELS = ROOT / "benchmarks" / "labels" / "kungalv_2022_2023.json"
OLD = ROOT / "corpus" / "kungalv_social-hallbarhet_2022.pdf"
NEW = ROOT / "corpus" / "kungalv_social-hallbarhet_2023.pdf"


def _benchmark():
    """The scorer of benchmarks/compare_accuracy.py: the test and the benchmark score alike."""
    return benchmark_module("compare_accuracy")


@pytest.fixture(scope="module")
def kungalv(parsed):
    old, new = parsed(OLD), parsed(NEW)
    return old, new, compare(old, new)


def _passage(result, side, prefix):
    for p in result.passages:
        s = getattr(p, side)
        if s and s.text.startswith(prefix):
            return p
    raise AssertionError(f"no passage starting {prefix!r}")


# -- against the labels --------------------------------------------------------------------------

def test_statuses_match_the_labels(kungalv):
    old, new, result = kungalv
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    score = _benchmark().score(labels, old, new, result)
    assert not score.not_located
    assert score.accuracy >= 0.95, score.errors
    for s in ("unchanged", "figures_updated", "modified", "new", "removed"):
        precision, recall, _, _ = score.precision_recall(s)
        assert precision >= 0.8 and recall >= 0.8, (s, precision, recall)


def test_every_labelled_figure_change_is_found(kungalv):
    old, new, result = kungalv
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    score = _benchmark().score(labels, old, new, result)
    assert not score.figures_missed
    assert score.figures_with_unit == len(labels["figure_changes"])


def test_the_restated_december_figure_is_an_inconsistency(kungalv):
    _, _, result = kungalv
    found = [(i.period, i.old_value, i.new_value, i.unit) for i in result.inconsistencies]
    assert ("december 2022", "162", "163", "hushåll") in found
    assert len(found) == 1


# -- sections ------------------------------------------------------------------------------------

def test_renumbered_and_renamed_sections_are_paired(kungalv):
    _, _, result = kungalv
    pairs = {(r.old, r.new) for r in result.sections}
    assert ("1 Målområde Tidiga insatser",
            "4 Uppföljning av programmets målområden > 4.1 Tidiga insatser för barn och unga") in pairs
    assert ("Måluppfyllelse > Andelen vuxna biståndsmottagare med långvarigt bistånd ska vara högst 0,5 procent innan 2027",
            "3 Måluppfyllelse > Vuxna biståndsmottagare med långvarigt ekonomiskt bistånd") in pairs


def test_repeated_sub_headings_are_told_apart_by_their_path(kungalv):
    _, _, result = kungalv
    for row in result.sections:
        if row.old and row.new and row.old.endswith("Strategi för förvaltningens insatser"):
            old_area = row.old.split(" > ")[0].split("Målområde ")[1]
            assert row.new.split(" > ")[1].endswith(old_area) or old_area.split()[0] in row.new.split(" > ")[1]


def test_a_new_chapter_is_a_new_section(kungalv):
    _, _, result = kungalv
    row = next(r for r in result.sections if r.new == "4 Uppföljning av programmets målområden")
    assert row.old is None and 0 < row.stale_share < 1


# -- passages --------------------------------------------------------------------------------------

def test_figures_updated_has_its_figure_changes(kungalv):
    _, _, result = kungalv
    p = _passage(result, "new", "Långtidsarbetslösheten i Kungälv under 2023")
    assert p.status == "figures_updated"
    assert [(c.old, c.new, c.unit) for c in p.figure_changes] == [
        ("1,9", "1,7", "procent"), ("3,8", "3,4", "procent"), ("2,1", "1,9", "procent")]
    assert ["-", "1,9 procent."] in p.diff and ["+", "1,7 procent."] in p.diff


def test_two_old_paragraphs_merged_into_one(kungalv):
    _, _, result = kungalv
    p = _passage(result, "new", "Övergripande inriktning är en social hållbar")
    assert p.status == "unchanged" and len(p.old.blocks) == 2 and len(p.new.blocks) == 1


def test_one_old_paragraph_split_into_two(kungalv):
    _, _, result = kungalv
    p = _passage(result, "old", "Målen i Agenda 2030")
    assert p.status == "modified" and len(p.old.blocks) == 1 and len(p.new.blocks) == 2
    assert ["+", "Under 2023 har programmet tillsammans med dess underliggande planer reviderats."] in p.diff


def test_a_paragraph_that_changed_section_is_moved(kungalv):
    _, _, result = kungalv
    p = _passage(result, "new", "Genom intern och extern samverkan")
    assert p.status == "unchanged" and p.moved
    assert p.old.section.endswith("Koppling till Agenda 2030")
    assert p.new.section.endswith("Strategi för förvaltningens insatser")


def test_stale_share_counts_carried_over_text(kungalv):
    _, new, result = kungalv
    stale = sum(len(p.new.text) for p in result.passages
                if p.new and p.status in ("unchanged", "figures_updated"))
    stale += sum(c.end - c.start for p in result.passages for c in p.carried)
    total = sum(len(b.text) for b in new.blocks if any(ch.isalnum() for ch in b.text))
    assert result.summary["stale_share"] == pytest.approx(stale / total, abs=0.002)
    good_examples = [r for r in result.sections if r.new and r.new.endswith("Ett gott exempel i Kungälv")]
    assert len(good_examples) == 7 and all(r.stale_share == 0.0 for r in good_examples)


def test_result_json_has_the_contract_fields_and_the_settings(kungalv):
    _, _, result = kungalv
    data = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert set(data) >= {"old", "new", "summary", "sections", "passages", "inconsistencies", "settings"}
    assert set(data["summary"]) >= {"unchanged", "figures_updated", "modified", "new", "removed", "stale_share"}
    for p in data["passages"]:
        assert set(p) >= {"status", "moved", "similarity", "old", "new", "diff", "figure_changes"}
        for side in ("old", "new"):
            if p[side]:
                assert set(p[side]) >= {"text", "section", "page", "bbox"} and len(p[side]["bbox"]) == 4
        assert all(op in ("=", "-", "+") and isinstance(text, str) for op, text in p["diff"])
    assert data["settings"] == CompareSettings().to_dict()


def test_settings_change_the_result(kungalv):
    old, new, _ = kungalv
    strict = compare(old, new, CompareSettings(figure_word_edits=0))
    p = _passage(strict, "new", "För indikatorn Vuxna biståndsmottagare")
    assert p.status == "modified"  # "ökat" → "minskat" no longer passes as agreeing with the figures
    assert strict.settings["figure_word_edits"] == 0


# -- statuses and diffs of small texts ------------------------------------------------------------

S = CompareSettings()


@pytest.mark.parametrize("old,new,expected", [
    ("Områdesbaserat arbete", "Områdebaserat arbete", "unchanged"),  # a letter dropped
    ("dialog med Förbo och Kungälv bostäder om", "dialog med Förbo och Kungälvsbostäder om", "unchanged"),
    ("i den särskilda undervisningsgrupper.", "i den särskilda undervisnings-grupper.", "unchanged"),
    ("Under 2022 gick nio nya företag med.", "Under 2023 gick 10 nya företag med.", "figures_updated"),
    ("Andelen i Kungälv har ökat något jämfört med föregående år och är nu högre jämfört med kommuner med "
     "liknande socioekonomiska förhållanden (0,68 procent).",
     "Andelen i Kungälv har minskat något jämfört med föregående år och är högre jämfört med kommuner med "
     "liknande socioekonomiska förhållanden (0,58 procent).", "figures_updated"),
    ("Läs mer i redogörelsen för Göteborg Energi AB 2022.", "Läs mer i redogörelsen för Älvstranden Utveckling AB 2023.",
     "modified"),  # in a short line two changed words are a rewording
    ("Motverka våld i nära relationer samt hedersrelaterat våld.",
     "Motverka våld i nära relationer samt hedersrelaterat våld och förtryck.", "modified"),
    ("var 1,9 procent", "var 1,7 procent", "figures_updated"),  # a figure is never a typo
    ("Hans-Göran Gustafsson (SD)", "Hans-Göran Gustavsson (SD)", "unchanged"),  # one letter of a long name
    ("Tore Svensson (D)", "Tore Svensson (M)", "modified"),  # a one-letter word changed is another word
])
def test_status(old, new, expected):
    assert status(tokenize(old), tokenize(new), S) == expected


def test_word_diff_shows_each_side_as_printed():
    diff = word_diff(tokenize("Uppföljning 2022 Program Social Hållbarhet"),
                     tokenize("Uppföljning program Social Hållbarhet 2023"))
    old = " ".join(t for op, t in diff if op in "=-")
    new = " ".join(t for op, t in diff if op in "=+")
    assert old == "Uppföljning 2022 Program Social Hållbarhet"
    assert new == "Uppföljning program Social Hållbarhet 2023"


def test_numbers_with_spaces_are_one_token():
    tokens = tokenize("I snitt 5 176 exemplar, 89 (80) och 1,9 procent.")
    assert [t.text for t in tokens if t.is_number] == ["5 176", "89 (80)", "1,9 procent."]
    assert tokenize("nio")[0].key == tokenize("9")[0].key


def test_sentences_keep_abbreviations_inside():
    text = "Insatser bl.a. för unga. Arbetet t.ex. med polisen fortsätter. Nästa mening"
    assert [text[s:e] for s, e in sentences(text)] == [
        "Insatser bl.a. för unga.", "Arbetet t.ex. med polisen fortsätter.", "Nästa mening"]


# -- made-up reports: moves, merges and repeated sub-headings --------------------------------------

def _report(name, sections):
    """sections: [(heading, parent heading or None, [paragraphs])]"""
    secs, blocks, ids = [], [], {}
    for k, (title, parent, paragraphs) in enumerate(sections, start=1):
        sid = f"s{k}"
        ids[(title, parent)] = sid
        parent_id = next((v for (t, _), v in ids.items() if t == parent), None) if parent else None
        secs.append(Section(sid, None, title, 2 if parent else 1, parent_id, 1))
        for text in paragraphs:
            blocks.append(Block(f"b{len(blocks) + 1}", "paragraph", text, sid, 1, (0, 0, 1, 1)))
    return Report(Source(name, "0" * 64, 1), sections=secs, blocks=blocks)


A = "Förvaltningen har sett över det interna arbetssättet och har en aktiv dialog med bostadsbolagen."
B = "Kommunen arbetar aktivt med att hitta nya samverkanspartners inom kommunen och regionen."
C = "Resultatet var markant mindre fyrverkeriskjutning innan jul och nyår än tidigare år."
D = "Barn och unga är en prioriterad målgrupp och tidiga insatser ger bäst effekt."


def test_a_passage_moved_to_another_section():
    old = _report("old", [("Boende", None, [A, B]), ("Trygghet", None, [C])])
    new = _report("new", [("Boende", None, [A]), ("Trygghet", None, [C, B])])
    result = compare(old, new)
    p = _passage(result, "new", B[:30])
    assert p.status == "unchanged" and p.moved
    assert not _passage(result, "new", A[:30]).moved


def test_the_same_caption_stays_in_its_own_section():
    caption = "Här kan du läsa mer om aktiviteter och insatser"
    old = _report("old", [("Hälsa", None, [D]), ("Koppling", "Hälsa", [caption]),
                          ("Boende", None, [A]), ("Koppling", "Boende", [caption])])
    new = _report("new", [("Hälsa", None, [D]), ("Koppling", "Hälsa", [caption]),
                          ("Boende", None, [A]), ("Koppling", "Boende", [caption])])
    result = compare(old, new)
    for p in result.passages:
        assert p.status == "unchanged" and not p.moved
        assert p.old.section == p.new.section


def test_unrelated_reports_share_nothing():
    old = _report("old", [("Hälsa", None, [A, B])])
    new = _report("new", [("Ekonomi", None, [C, D])])
    result = compare(old, new)
    assert result.summary["new"] == 2 and result.summary["removed"] == 2
    assert result.summary["stale_share"] == 0.0


def test_empty_reports():
    result = compare(_report("old", []), _report("new", []))
    assert result.passages == [] and result.summary["stale_share"] is None


# -- the real Göteborg pair ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def goteborg(parsed):
    old = parsed(real_pdf("goteborg_stadsrevisionen_arsredogorelse_2022.pdf"))
    new = parsed(real_pdf("goteborg_stadsrevisionen_arsredogorelse_2023.pdf"))
    start = time.perf_counter()
    result = compare(old, new)
    return result, time.perf_counter() - start


def test_real_pair_is_plausible(goteborg):
    result, _ = goteborg
    s = result.summary
    # each year's audits differ: most text is new; the chapter on the audit office itself is
    # carried over, the year in the title is updated
    assert 0.03 < s["stale_share"] < 0.3
    assert s["new"] > s["unchanged"] and s["removed"] > s["unchanged"]
    title = _passage(result, "new", "Stadsrevisionen sammanfattar granskningen av verksamhetsåret 2023")
    assert title.status == "figures_updated"
    assert _passage(result, "new", "Revisionens uppdrag är till stor del reglerat i lag").status == "unchanged"
    pairs = {(r.old, r.new) for r in result.sections}
    assert ("Årsrapport för 2022", "Årsrapport för 2023") in pairs
    renumbered = [r for r in result.sections if r.old and r.old.endswith("1.1 Det lagstadgade uppdraget")]
    assert renumbered and renumbered[0].new.endswith("1.2 Det lagstadgade uppdraget")


def test_real_pair_compares_in_well_under_a_second(goteborg):
    _, seconds = goteborg
    assert seconds < 3  # 0.7 s measured; slack for a loaded machine


def test_extracted_figures_win_over_the_plain_reading():
    """When the pipeline fills Report.figures, their unit, period and target flag are used."""
    from rapportanalys.model import Figure
    old = _report("old", [("Boende", None, ["Vid årets slut hade 162 hushåll socialt kontrakt i kommunen."])])
    new = _report("new", [("Boende", None, ["Vid förra årets slut hade 163 hushåll socialt kontrakt i kommunen."])])
    # the text names no year: only the extractor's period makes the two figures comparable
    assert compare(old, new).inconsistencies == []
    old.figures = [Figure(162, "162 hushåll", "hushåll", None, "2022", None, None, False, None, "", "b1", 1)]
    new.figures = [Figure(163, "163 hushåll", "hushåll", None, "2022", None, None, False, None, "", "b1", 1)]
    assert [(i.old_value, i.new_value, i.period) for i in compare(old, new).inconsistencies] == [
        ("162", "163", "2022")]
    new.figures[0].is_target = True  # a target is not a measurement
    assert compare(old, new).inconsistencies == []


# -- small blocks and order -------------------------------------------------------------------------

def test_a_typo_in_a_short_heading_is_unchanged():
    old = _report("old", [("Boende", None, ["VERKSAMHETSUPPFÖLJNNG", A])])
    new = _report("new", [("Boende", None, ["VERKSAMHETSUPPFÖLJNING", A])])
    result = compare(old, new)
    assert [p.status for p in result.passages] == ["unchanged", "unchanged"]
    assert _passage(result, "new", "VERKSAMHETSUPPFÖLJNING").old.text == "VERKSAMHETSUPPFÖLJNNG"


def test_a_block_without_a_letter_or_digit_is_not_a_passage():
    old = _report("old", [("Boende", None, [A, ".", "–"])])
    new = _report("new", [("Boende", None, [A, "•", "."])])
    result = compare(old, new)
    assert [p.status for p in result.passages] == ["unchanged"]
    assert result.summary["new"] == result.summary["removed"] == 0


ITEMS = ["Trygghetsvandringar i centrum", "Samverkan med polisen", "Föräldravandringar på helger",
         "Fritidsgårdar öppna längre", "Belysning i parker"]


def _list_report(name, items):
    report = _report(name, [("Insatser", None, [A, *items, B])])
    for block in report.blocks[1:-1]:
        block.kind, block.marker = "list_item", "•"
    return report


def test_reordered_list_items_are_moved():
    order = [2, 0, 4, 1, 3]
    result = compare(_list_report("old", ITEMS), _list_report("new", [ITEMS[k] for k in order]))
    for item in ITEMS:
        p = _passage(result, "new", item)
        assert p.status == "unchanged" and p.moved, item
    assert not _passage(result, "new", A).moved and not _passage(result, "new", B).moved


def test_an_item_added_to_a_list_moves_nothing():
    new_items = ITEMS[:2] + ["Nattvandringar med vuxna"] + ITEMS[2:]
    result = compare(_list_report("old", ITEMS), _list_report("new", new_items))
    assert not any(p.moved for p in result.passages)
    assert _passage(result, "new", "Nattvandringar").status == "new"


def test_a_changed_date_and_protocol_reference_are_reported_apart_from_figures():
    """A signing date and a protocol reference that changed are listed as date and reference
    changes, in the JSON, the terminal summary and the HTML page, never as changed figures."""
    from rapportanalys.present.html import compare_html
    from rapportanalys.present.text import compare_text

    old = _report("old", [("Beslut", None, [
        "Enligt protokollsutdrag GSN 2024-03-26 § 59 har nämnden behandlat 120 ärenden under året. "
        "Göteborg den 24 april 2025."])])
    new = _report("new", [("Beslut", None, [
        "Enligt protokollsutdrag SFN 2025-02-26 § 27 har nämnden behandlat 135 ärenden under året. "
        "Göteborg den 23 april 2026."])])
    old.source.sha256, new.source.sha256 = "1" * 64, "2" * 64
    result = compare(old, new)
    data = result.to_dict()
    figures = [(c["old"], c["new"]) for p in data["passages"] for c in p["figure_changes"]]
    references = [(c["old"], c["new"]) for p in data["passages"] for c in p["reference_changes"]]
    assert figures == [("120", "135")]
    assert len(references) == 2 and data["summary"]["reference_changes"] == 2
    assert any("§ 59" in o and "§ 27" in n for o, n in references)
    text = compare_text(result, color=False)
    assert "date and reference changes (2)" in text and "figure changes (1)" in text
    assert "datum och hänvisningar:" in compare_html(result)
    from io import BytesIO

    from openpyxl import load_workbook

    from rapportanalys.present.xlsx import compare_xlsx

    rows = list(load_workbook(BytesIO(compare_xlsx(result)))["Siffror"].iter_rows(values_only=True))
    kinds = [r[0] for r in rows[1:]]
    assert kinds.count("ändrad siffra") == 1 and kinds.count("ändrat datum eller hänvisning") == 2


# -- list entries, sub-headings one edition has, words added to short blocks -----------------------

MEMBERS_OLD = ["Stina Dahlberg (SD)", "Bengt Bivall, ordförande (V)", "Hans-Göran Gustafsson (SD)", "Gun Cederborg (V)"]
MEMBERS_NEW = ["Jan Fridberg (SD)", "Bengt Bivall (V)", "Hans-Göran Gustavsson (SD)", "Gun Cederborg (V)"]


@pytest.mark.parametrize("kind", ["paragraph", "list_item"])
def test_two_members_of_a_list_alike_in_letters_are_two_members(kind):
    """A column of names (one a line, or a bulleted list): a member replaced by another whose
    name looks alike letter by letter is one removed and one new member, not one member
    renamed; a role dropped is an edit of the same entry; a one-letter spelling fix is none."""
    old = _report("old", [("Förtroendevalda revisorer", None, [A, *MEMBERS_OLD])])
    new = _report("new", [("Förtroendevalda revisorer", None, [A, *MEMBERS_NEW])])
    for report in (old, new):
        for block in report.blocks[1:]:
            block.kind = kind
    result = compare(old, new)
    assert _passage(result, "new", "Jan Fridberg").status == "new"
    assert _passage(result, "old", "Stina Dahlberg").status == "removed"
    bivall = _passage(result, "new", "Bengt Bivall")
    assert bivall.status == "modified" and bivall.old.text == "Bengt Bivall, ordförande (V)"
    assert _passage(result, "new", "Hans-Göran").status == "unchanged"
    assert _passage(result, "new", "Gun Cederborg").status == "unchanged"


def test_a_single_short_line_keeps_its_counterpart_by_letters():
    """Outside a list a short line is still compared letter by letter: a signature whose name
    changed is the same signature line, edited."""
    old = _report("old", [("Förord", None, [A, "Bengt Bivall, ordförande"])])
    new = _report("new", [("Förord", None, [A, "Jonas Ransgård, ordförande"])])
    p = _passage(compare(old, new), "new", "Jonas Ransgård")
    assert p.status == "modified" and p.old.text == "Bengt Bivall, ordförande"


EDITED_OLD = "Kostnaderna för lokaler och utbildning ökade under året jämfört med budget."
EDITED_NEW = "Kostnaderna för lokaler ökade mer än väntat under året, medan de för utbildning minskade."


def test_a_paragraph_under_a_sub_heading_only_one_edition_has_keeps_its_counterpart():
    """Last year a caption above the table was read as a sub-heading; this year the paragraph
    stands in the chapter itself. The paragraph is still in the corresponding section, so it
    pairs at the same similarity as any other edit in place, not only as a move would."""
    old = _report("old", [("Analys av årets ekonomiska utfall", None, [A]),
                          ("Utfall per 2022-12-31", "Analys av årets ekonomiska utfall", [EDITED_OLD])])
    new = _report("new", [("Analys av årets ekonomiska utfall", None, [A, EDITED_NEW])])
    p = _passage(compare(old, new), "new", EDITED_NEW[:30])
    assert p.status == "modified" and p.old.text == EDITED_OLD and not p.moved
    # the other way round: a sub-heading added this year
    p = _passage(compare(new, old), "new", EDITED_OLD[:30])
    assert p.status == "modified" and p.old.text == EDITED_NEW and not p.moved


def test_the_same_paragraph_under_an_unrelated_heading_still_needs_the_stricter_match():
    """The sub-heading rule reaches only up to the nearest heading both editions have: a
    paragraph in another chapter is paired only as a clear move."""
    old = _report("old", [("Analys", None, [A]), ("Utfall", "Analys", [EDITED_OLD]), ("Personal", None, [C])])
    new = _report("new", [("Analys", None, [A]), ("Personal", None, [C, EDITED_NEW])])
    result = compare(old, new)
    assert _passage(result, "new", EDITED_NEW[:30]).status == "new"


def test_words_added_to_a_short_line_keep_it_recognisable():
    """A footnote that keeps its words and gains two long ones: letter by letter it is less
    than half the same, word by word most of it is."""
    old = _report("old", [("Analys", None, [A, "*utbildning, lokaler med mera"])])
    new = _report("new", [("Analys", None, [A, "*driftskostnader, lokalkostnader, utbildning med mera."])])
    p = _passage(compare(old, new), "new", "*driftskostnader")
    assert p.status == "modified" and p.old.text == "*utbildning, lokaler med mera"


RESULT_OLD = ("Årets negativa resultat blev -584 tusen kronor mot budgeterade -500 tusen kronor, vilket ger en "
              "negativ avvikelse på -84 tusen kronor. Anledningen till det budgeterade minusresultatet är den "
              "planerade ombyggnationen som genomfördes under 2022 där kostnaderna finansieras med medel från "
              "eget kapital. Kostnaderna fördelas på tre år med ett hyrestillägg per år under perioden.")
RESULT_NEW = ("I år ökade efterfrågan på fördjupade granskningar från flera nämnder och bolag. Årets negativa "
              "resultat blev -612 tusen kronor mot budgeterade -750 tusen kronor, vilket ger en positiv avvikelse "
              "på 138 tusen kronor. Den positiva avvikelsen beror på lägre kostnader för räkenskapsrevision och "
              "konsultmedel för sakkunnigt biträde samt kompetenshöjande insatser.")


def test_a_paragraph_rewritten_around_one_kept_sentence_is_one_paragraph():
    """Less than half alike as a whole, but the one sentence both keep (its figures and one word
    edited) says it is the paragraph on the year's result, rewritten."""
    old = _report("old", [("Analys", None, [A, RESULT_OLD])])
    new = _report("new", [("Analys", None, [A, RESULT_NEW])])
    p = _passage(compare(old, new), "new", RESULT_NEW[:30])
    assert p.status == "modified" and p.old.text == RESULT_OLD
    # in a section that does not correspond, a kept sentence is not enough
    new = _report("new", [("Analys", None, [A]), ("Personal", None, [C, RESULT_NEW])])
    assert _passage(compare(old, new), "new", RESULT_NEW[:30]).status == "new"


def test_paragraphs_that_share_only_a_short_sentence_stay_apart():
    old = _report("old", [("Analys", None, [A, "Se bilaga 2. " + C])])
    new = _report("new", [("Analys", None, [A, D + " Se bilaga 2."])])
    result = compare(old, new)
    assert _passage(result, "new", D[:30]).status == "new"
    assert _passage(result, "old", "Se bilaga").status == "removed"
