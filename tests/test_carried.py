"""Sentences carried over from last year inside edited passages: found, counted in the stale
share, and shown in every output."""
from openpyxl import load_workbook
from io import BytesIO

import pytest

from rapportanalys.compare import compare
from rapportanalys.compare.text import tokenize
from rapportanalys.present.html import compare_html
from rapportanalys.present.text import compare_text
from rapportanalys.present.xlsx import compare_xlsx
from conftest import ROOT, real_pdf
from test_compare import _passage, _report

KEPT = "Revisorerna ska enligt kommunallagen utöva sitt uppdrag självständigt och opartiskt."
FIGURE_OLD = "Stadsrevisionen hade vid utgången av 2022 totalt 30 medarbetare varav 21 yrkesrevisorer."
FIGURE_NEW = "Stadsrevisionen hade vid utgången av 2023 totalt 32 medarbetare varav 23 yrkesrevisorer."
OLD_PARA = f"Granskningen av bolagen sker årligen enligt en fastställd plan. {KEPT} Det är ett viktigt arbete."
NEW_PARA = (f"Under året har vi fördjupat granskningen av bostadsbolagen och deras underhåll. {KEPT} "
            f"Vi ser brister i uppföljningen av avtalen hos flera bolag. {FIGURE_NEW}")
OTHER = "Årets granskning omfattade samtliga nämnder och styrelser i staden under hela året."


def _pair():
    old = _report("old", [("Uppdraget", None, [OLD_PARA]), ("Organisation", None, [FIGURE_OLD, OTHER])])
    new = _report("new", [("Uppdraget", None, [NEW_PARA]), ("Organisation", None, [OTHER])])
    return old, new, compare(old, new)


def test_sentences_kept_inside_a_new_paragraph_are_carried_over():
    old, new, result = _pair()
    p = _passage(result, "new", "Under året")
    assert p.status in ("new", "modified")
    carried = {p.new.text[c.start:c.end]: c for c in p.carried}
    assert set(carried) == {KEPT, FIGURE_NEW}
    assert carried[KEPT].status == "unchanged" and carried[KEPT].old["text"] == KEPT
    assert carried[FIGURE_NEW].status == "figures_updated" and carried[FIGURE_NEW].old["text"] == FIGURE_OLD
    assert carried[FIGURE_NEW].old["block"] == old.blocks[1].id and carried[FIGURE_NEW].old["page"] == 1
    assert result.summary["carried"] == 2


def test_carried_sentences_count_in_the_stale_share():
    _, new, result = _pair()
    total = sum(len(b.text) for b in new.blocks)
    stale = len(KEPT) + len(FIGURE_NEW) + len(OTHER)  # OTHER is an unchanged passage
    assert result.summary["stale_share"] == round(stale / total, 3)


def test_an_unrelated_paragraph_carries_nothing():
    old = _report("old", [("Uppdraget", None, [OLD_PARA])])
    new = _report("new", [("Uppdraget", None, ["Helt ny text om något annat än förra året, skriven i år."])])
    result = compare(old, new)
    assert all(not p.carried for p in result.passages) and result.summary["stale_share"] == 0.0


def test_short_sentences_are_not_carried_over():
    old = _report("old", [("A", None, ["Se bilaga. " + OLD_PARA])])
    new = _report("new", [("A", None, ["Helt ny text om något annat i år. Se bilaga."])])
    assert all(not p.carried for p in compare(old, new).passages)


def test_carried_sentences_are_shown_in_every_output():
    _, _, result = _pair()
    html = compare_html(result)
    assert html.count('<mark class="carried unchanged"') == 1 and html.count('<mark class="carried figures_updated"') == 1
    assert "2 meningar från föregående rapport" in html
    text = " ".join(compare_text(result).split())  # lines wrapped at 100 characters
    assert f"carried over (word for word, old p. 1): {KEPT}" in text
    book = load_workbook(BytesIO(compare_xlsx(result)), rich_text=True)
    sheet = book["Passager"]
    header = [c.value for c in sheet[1]]
    col = header.index("Meningar från föregående rapport")
    row = next(r for r in sheet.iter_rows(min_row=2) if r[col].value)
    assert KEPT in row[col].value and FIGURE_NEW in row[col].value
    runs = [part for part in row[header.index("Aktuell text")].value if not isinstance(part, str)]
    assert [r.text for r in runs] == [KEPT, FIGURE_NEW] and runs[0].font.i


def test_json_has_carried_with_the_old_place():
    _, _, result = _pair()
    p = [x for x in result.to_dict()["passages"] if x["carried"]][0]
    assert set(p["carried"][0]) == {"start", "end", "status", "old"}
    assert set(p["carried"][0]["old"]) == {"text", "page", "bbox", "block"}


# -- words that stand inside last year's text ------------------------------------------------------

OLD_ITEM = ("kommunstyrelsens och de enskilda nämndernas räkenskaper är rättvisande, samt om stadens "
            "årsredovisning, som omfattar kommunens och koncernens sammanställda redovisning, är rättvisande")
NEW_ITEM = "om stadens årsredovisning, som omfattar kommunens och koncernens sammanställda redovisning, är rättvisande"


def test_an_item_that_keeps_the_tail_of_last_years_item_is_carried_over():
    """A list item that drops the first clause of last year's item keeps the rest word for
    word: that rest is last year's text, though it equals no sentence of last year's."""
    intro = "Revisorerna ska pröva om verksamheten har skötts ändamålsenligt och om"
    old = _report("old", [("Granskningen", None, [intro, OLD_ITEM])])
    new = _report("new", [("Granskningen", None, [intro, NEW_ITEM])])
    for report in (old, new):
        report.blocks[1].kind = "list_item"
    p = _passage(compare(old, new), "new", NEW_ITEM)
    assert p.status == "modified"
    assert [(p.new.text[c.start:c.end], c.status, c.old["text"]) for c in p.carried] == [
        (NEW_ITEM, "unchanged", OLD_ITEM)]


def test_a_sentence_with_a_word_added_inside_is_not_carried_over():
    old = _report("old", [("A", None, ["Revisorerna riktar anmärkning mot styrelsen i år."])])
    new = _report("new", [("A", None, ["Helt ny text om något annat i år. Revisorerna riktar en anmärkning mot styrelsen i år."])])
    assert all(not p.carried for p in compare(old, new).passages)


CUT_HEAD = ("För nämnderna kan en anmärkning lämnas med eller utan tillstyrkan om ansvarsfrihet. Graden av "
            "kritik beror på frågans betydelse med avseende på mål (verksamhet), medel (ekonomi) och sammanhang")
CUT_TAIL = "(bland annat förtroende). Graden av kritik har också en tidsdimension."
WHOLE = ("Graden av kritik beror på frågans betydelse med avseende på mål (verksamhet), medel (ekonomi) och "
         "sammanhang (bland annat förtroende).")


def test_a_sentence_a_column_break_cut_in_last_years_report_is_carried_over():
    """Last year's paragraph ran from one column into the next and was read as two blocks,
    cutting a sentence: the sentence stands in last year's report all the same."""
    old = _report("old", [("Språkbruk", None, [CUT_HEAD, CUT_TAIL])])
    new = _report("new", [("Språkbruk", None, [f"Revisorerna lämnar rekommendationer varje år. {WHOLE}"])])
    carried = [c for p in compare(old, new).passages for c in p.carried]
    assert len(carried) == 1 and carried[0].status == "unchanged"
    assert carried[0].old["text"] == WHOLE and carried[0].old["block"] == old.blocks[0].id


def test_a_finished_sentence_does_not_run_into_the_next_block():
    old = _report("old", [("A", None, ["Graden av kritik beror på frågans betydelse.", "Den bedöms varje år av revisorerna."])])
    new = _report("new", [("A", None, ["Helt ny text om något annat i år. Graden av kritik beror på frågans betydelse den bedöms varje år av revisorerna."])])
    assert all(not p.carried for p in compare(old, new).passages)


# -- on real pairs: what is shown as last year's text holds the sentence ----------------------------

PAIRS = [(ROOT / "corpus" / "kungalv_social-hallbarhet_2022.pdf", ROOT / "corpus" / "kungalv_social-hallbarhet_2023.pdf"),
         ("goteborg_stadsrevisionen_arsredogorelse_2022.pdf", "goteborg_stadsrevisionen_arsredogorelse_2023.pdf")]


def _words(text, masked):
    return [t.masked if masked else t.key for t in tokenize(text)]


@pytest.mark.parametrize("old_pdf,new_pdf", PAIRS, ids=["kungalv", "goteborg"])
def test_every_carried_sentence_stands_in_the_old_text_shown_for_it(parsed, old_pdf, new_pdf):
    """Invariant: for each carried-over sentence, the old text the views show beside it holds
    its words in order (with numbers masked for figures_updated), and names a block of the old
    report on the page it gives; an unchanged sentence has the same figures, an updated one not."""
    old = parsed(old_pdf if not isinstance(old_pdf, str) else real_pdf(old_pdf))
    new = parsed(new_pdf if not isinstance(new_pdf, str) else real_pdf(new_pdf))
    result = compare(old, new)
    pages = {b.id: b.page for b in old.blocks}
    carried = [(p, c) for p in result.passages for c in p.carried]
    assert carried
    for p, c in carried:
        sentence = p.new.text[c.start:c.end]
        masked = c.status == "figures_updated"
        mine, theirs = _words(sentence, masked), _words(c.old["text"], masked)
        assert any(theirs[k:k + len(mine)] == mine for k in range(len(theirs) - len(mine) + 1)), (sentence, c.old["text"])
        if masked:
            assert not any(_words(c.old["text"], False)[k:k + len(mine)] == _words(sentence, False)
                           for k in range(len(theirs) - len(mine) + 1)), sentence
        assert pages[c.old["block"]] == c.old["page"]


def test_goteborg_labels_statuses_and_carried_sentences(parsed):
    """The hand labels of the real Göteborg pair (benchmarks/labels/README.md)."""
    import json
    from test_compare import _benchmark
    labels = json.loads((ROOT / "benchmarks" / "labels" / "goteborg_arsredogorelse_2022_2023.json").read_text(encoding="utf-8"))
    old, new = parsed(real_pdf("goteborg_stadsrevisionen_arsredogorelse_2022.pdf")), parsed(real_pdf("goteborg_stadsrevisionen_arsredogorelse_2023.pdf"))
    score = _benchmark().score(labels, old, new, compare(old, new))
    assert score.accuracy >= 0.95, score.errors
    assert score.carried_recall >= 0.95, score.carried_missed
    assert score.carried_precision >= 0.95, score.carried_wrong
