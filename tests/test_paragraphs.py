"""Joining lines into running text: hyphenation, compounds, list markers."""
import pytest

from rapportanalys.structure.paragraphs import join_hyphenated, join_lines, list_marker


@pytest.mark.parametrize("left,right,joined", [
    ("Granskningen visade att bo-", "lagets rutiner", "Granskningen visade att bolagets rutiner"),
    ("insatser för barn- och", "ungdomar", "insatser för barn- och ungdomar"),
    ("samverkan mellan hälso-", "och sjukvård", "samverkan mellan hälso- och sjukvård"),
    ("drift av IT-", "system", "drift av IT-system"),
    ("en ökning i Agenda-", "2030", "en ökning i Agenda-2030"),
    ("utan avstavning", "här", "utan avstavning här"),
    ("mjuk\u00adav-\u00ad", "stavning", "mjuk\u00adav-stavning"),
])
def test_join_hyphenated(left, right, joined):
    assert join_hyphenated(left, right) == joined


def test_join_lines_collapses_spaces():
    assert join_lines(["Kungälv  har", " bra resultat."]) == "Kungälv har bra resultat."


@pytest.mark.parametrize("text,marker", [
    ("• Ett utökat arbete mot våld.", "•"),
    ("- Tidiga insatser", "-"),
    ("1. Tidiga insatser för barn och unga", "1."),
    ("2) Hälsa", "2)"),
    ("a) första punkten", "a)"),
    ("2022 var andelen elever särskilt hög", None),
    ("Kungälv placerade sig på plats 71", None),
    ("-5 grader", None),
])
def test_list_marker(text, marker):
    assert list_marker(text) == marker


def test_real_hyphen_kept_when_the_document_spells_it_so():
    from rapportanalys.structure.paragraphs import Vocabulary

    vocab = Vocabulary(["samarbete", "med", "Mini-Maria", "och", "bolagets"])
    assert join_hyphenated("polis/TUM/Mini-", "maria och SSPF", vocab) == "polis/TUM/Mini-maria och SSPF"
    assert join_hyphenated("granskat bo-", "lagets uthyrning", vocab) == "granskat bolagets uthyrning"
