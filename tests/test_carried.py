"""Sentences carried over from last year inside edited passages: found, counted in the stale
share, and shown in every output."""
from openpyxl import load_workbook
from io import BytesIO

from rapportanalys.compare import compare
from rapportanalys.present.html import compare_html
from rapportanalys.present.text import compare_text
from rapportanalys.present.xlsx import compare_xlsx
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
