"""Metadata rules on the lines real reports print (the real PDFs' labels test them whole)."""
import pytest

from rapportanalys.structure.metadata import (covered_title, extract_metadata, find_bare_municipality,
                                              find_doc_type, find_report_date)


def test_a_cover_letters_report_title_is_the_title():
    pages = [("Missiv till ansvariga nämnder och bolagsstyrelser", 25.0), (None, 11.0),
             ("Granskning av avgifter för vatten och avlopp i Göteborgs Stad", 25.0)]
    assert covered_title(pages[0][0], pages) == "Granskning av avgifter för vatten och avlopp i Göteborgs Stad"


def test_a_report_headed_only_by_a_document_label_takes_the_letters_subject():
    title = "Missiv till granskningen av Göteborgs Stads arbete mot våldsbejakande extremism"
    pages = [(title, 25.0), (None, 11.0), ("Rapportsammandrag", 25.0), ("Granskningens utgångspunkter", 17.0)]
    assert covered_title(title, pages) == "Göteborgs Stads arbete mot våldsbejakande extremism"


def test_the_signing_line_is_the_date_and_a_deadline_is_not():
    lines = ["Skicka yttrandet till stadsrevisionen senast den 21 juni 2024.",
             "Göteborg den 1 september 2023", "För revisorsgruppen"]
    assert find_report_date(lines) == "2023-09-01"
    assert find_report_date(["Yttrande senast den 21 juni 2024"]) is None


def test_month_and_year_is_a_date_at_that_precision():
    assert find_report_date(["Förstudie avseende trygghet", "April 2022"]) == "2022-04"


def test_a_version_date_in_the_running_header():
    meta = extract_metadata("Samsynsguiden", ["Samsynsguiden"], ["Version 2023-10-10"], {})
    assert meta.date == "2023-10-10"


def test_a_municipality_named_bare_twice():
    assert find_bare_municipality("Eleverna i Göteborg … skolor i Göteborg och Mölndal") == "Göteborg"
    assert find_bare_municipality("Vi gick över Mark och Ale") is None


def test_an_annual_report_is_named_by_its_running_footer():
    meta = extract_metadata("Stadsrevisionen sammanfattar granskningen av verksamhetsåret 2022",
                            ["Stadsrevisionen sammanfattar granskningen av verksamhetsåret 2022"],
                            ["Stadsrevisionens årsredogörelse 2022 3"], {})
    assert (meta.doc_type, meta.year) == ("verksamhetsberättelse", 2022)


@pytest.mark.parametrize("title, first_page, expected", [
    # the head of the title names the kind; a plan or strategy after a preposition is its subject
    ("Samordning av mål och strategier för miljö och klimat", "Uppdrag i strategisk plan 2022-2025", "other"),
    ("Uppföljning av handlingsplan mot våld", "", "uppföljning"),
    ("Handlingsplan för klimat och energi", "", "plan"),
    ("Program för trygghet och säkerhet", "", "program"),
    # a numbered line of the first pages is a chapter (a contents entry), not the document
    ("Om miljöarbetet", "Innehåll\n3 Befintliga mål och strategier ..... 5", "other"),
    ("Om miljöarbetet", "Strategi för hållbar utveckling", "plan"),
])
def test_doc_type_from_the_head_of_a_title(title, first_page, expected):
    assert find_doc_type(title, first_page) == expected


@pytest.mark.parametrize("created, expected", [
    ("D:20230124093126Z", 2023),  # the review of 2022 made the next January: the year it was made
    ("D:20220601000000Z", 2022),
    ("D:20260101000000Z", 2022),  # re-exported years later: the page's year stands
    ("", 2022),
])
def test_an_undated_report_is_of_the_year_it_was_made_unless_re_exported(created, expected):
    lines = ["Rapportsammandrag", "Granskning av informationssäkerhet i skolsystemet",
             "Förvaltningen tog över systemet i augusti 2022."]
    meta = extract_metadata("Granskning av informationssäkerhet i skolsystemet", lines, [],
                            {"CreationDate": created} if created else {})
    assert meta.year == expected


def test_a_capitals_label_beside_the_addressee_types_the_memo_and_names_the_body():
    lines = ["Kalmar kommun", "Datum", "2020-04-21", "TJÄNSTESKRIVELSE Kommunfullmäktige",
             "Uppföljning av handlingsplaner och program 2020"]
    meta = extract_metadata("Uppföljning av handlingsplaner och program 2020", lines, [], {})
    assert (meta.doc_type, meta.body) == ("tjänsteskrivelse", "Kommunfullmäktige")
    # a sentence that begins with the word is not a label
    meta = extract_metadata("Uppföljning 2023", ["Tjänsteskrivelse om uppföljning skickas"], [], {})
    assert meta.doc_type == "uppföljning"
