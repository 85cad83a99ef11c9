"""Template follow-ups: the Kalmar memo's ten plans against its seed, template detection from
repetition, and reading names and titles out of signatures."""
import pytest

from labels import labels_of
from rapportanalys.extract.plans import extract_plans, split_signature
from rapportanalys.model import Block, Report, Section, Source


QUESTIONS = ["Status nuläge", "Genomfört t.o.m. 2019", "Innevarande verksamhetsår, 2020", "Risker/Svårigheter",
             "Genomförande och sluttid"]

# Read off ../shared/seeds/kalmar_handlingsplaner_2020.txt: the quoted plan name of each
# "Uppföljning av … på kommunfullmäktige 2020-05-25" heading, its "genomförandetid" ("2020 och
# framåt" and "2017- tillsvidare" are open-ended), and the name and title signed at its end.
KALMAR_PLANS = [
    ("Implementeringsplan för barnkonventionen", "2020-", "Sophia Sundlin", "Ungdomsombud"),
    ("Riktlinjer för bostadsförsörjning", "2017-", "Hanna Gustafsson",
     "verksamhetsutvecklare samhällsbyggnadskontoret"),
    ("Drogpolitiskt program", "2016-2020", "Cim Wahlström", "Folkhälsosamordnare, Kalmar kommun"),
    ("Funktionshinderstrategi", "2020-2030", "Louise Weidolf", "Strateg social hållbarhet"),
    ("Hbtq-handlingsplan", "2016-2020", "Louise Weidolf", "Strategi social hållbarhet"),
    ("Handlingsplan för integration med fokus på inrikes och utrikes födda kalmarbor 2016-2020", "2016-2020",
     "Violeta Öhman", "integrationsutvecklare"),
    ("Riktlinjer för Kalmar kommuns minoritetspolitiska arbete", "2019-2022", "Stina Nordström",
     "Handläggare social hållbarhet"),
    ("Serviceplan 2016-2020", "2016-2020", "Jonas Svendsén", "landsbygdsutvecklare"),
    ("Handlingsprogram för förebyggande och operativ verksamhet enligt Lagen om skydd mot olyckor", "2019-2022",
     "Karl-Johan Daleén", "Räddningschef"),
    ("Förebyggande insatser mot våldsbejakande extremism – handlingsplan", "2017-2025", "Ann-Sofie Lagercrantz",
     "strateg social hållbarhet"),
]


KALMAR_LABELS = labels_of("kalmar_handlingsplaner_2020")  # the base PDF and its layout variants


@pytest.fixture(scope="module", params=[label.pdf for label in KALMAR_LABELS], ids=[label.name for label in KALMAR_LABELS])
def kalmar(request, parsed):
    """Template questions as headings, as numbered list items or as bold lines (variants): the
    plans and their answers are the same."""
    report = parsed(request.param)
    return report, extract_plans(report)


def test_ten_plans_with_period_responsible_and_role(kalmar):
    _, plans = kalmar
    assert [(p.title, p.period, p.responsible, p.role) for p in plans] == KALMAR_PLANS


def test_five_answers_per_plan(kalmar):
    _, plans = kalmar
    for plan in plans:
        assert list(plan.answers) == QUESTIONS, plan.title
        empty = [q for q, text in plan.answers.items() if not text]
        # the seed leaves one question unanswered: "4. Risker/Svårigheter" of the extremism plan
        assert empty == (["Risker/Svårigheter"] if "extremism" in plan.title else []), plan.title


def test_answers_are_the_seed_text(kalmar):
    _, plans = kalmar
    by_title = {p.title: p for p in plans}
    assert by_title["Drogpolitiskt program"].answers["Risker/Svårigheter"] == (
        "Vissa förvaltningar lägger in sina insatser/aktiviteter och följer upp dem i Hypergene, andra inte.")
    assert by_title["Funktionshinderstrategi"].answers["Genomförande och sluttid"] == (
        "Strategin bedöms kunna genomföras inom planerad tid.")
    service = by_title["Serviceplan 2016-2020"].answers["Risker/Svårigheter"].split("\n")
    assert len(service) == 2 and service[1].startswith("Flera handlare har inte anslutit sig")
    hbtq = by_title["Hbtq-handlingsplan"].answers
    # "2. Genomfört under 2019" in this plan: filed under the template's wording, lists kept
    assert hbtq["Genomfört t.o.m. 2019"].split("\n")[0] == (
        "• Upphandling av ramavtal med RFSL kring webb-utbildning och certifieringar är gjord.")
    assert len(hbtq["Innevarande verksamhetsår, 2020"].split("\n")) == 8


def test_signatures_are_not_answer_text(kalmar):
    _, plans = kalmar
    for plan in plans:
        assert plan.responsible not in "\n".join(plan.answers.values())


def test_a_plan_followed_up_per_sub_goal_is_one_plan_with_both_rounds(kalmar):
    _, plans = kalmar
    children = plans[0]
    first_goal = '"Nämnderna redovisar årligen hur man arbetar för att tillgodose barns rättigheter".'
    second_goal = ('"Ett barnbokslut ska under åren 2020 till 2024, årligen tas fram av nämnderna i samarbete '
                   'med samordnaren för barnrättsfrågor".')
    for question, answer in children.answers.items():
        rounds = answer.split("\n\n")
        assert len(rounds) == 2, question
        assert rounds[0].split("\n")[0] == first_goal
        assert rounds[1].split("\n")[0] == second_goal
        assert answer.count(second_goal) == 1
    status = children.answers["Status nuläge"]
    assert "Arbetet har precis påbörjats" in status.split("\n\n")[0]
    assert "Arbetet löper på som planerat och instruktioner" in status.split("\n\n")[1]


def test_plans_start_on_their_headings_pages(kalmar):
    report, plans = kalmar
    headings = [s for s in report.sections if s.title.startswith("Uppföljning av ") and s.parent is None][1:]
    assert [p.page for p in plans] == [s.page for s in headings]


def test_no_plans_without_a_template(parsed):
    # the program follow-ups repeat unnumbered sub-headings in every goal area: no template
    for name in ("kungalv_trygg-i-kungalv_2023", "kungalv_social-hallbarhet_2022", "kungalv_social-hallbarhet_2023",
                 "lekeberg_forstudie-trygghet_2022"):
        for label in labels_of(name):
            assert extract_plans(parsed(label.pdf)) == [], label.name


# -- the template comes from repetition -----------------------------------------------------------

def _report(parts) -> Report:
    """A report from (heading or None, number, parent index, paragraphs) tuples."""
    report = Report(source=Source("test.pdf", "0", 1))
    for i, (title, number, parent, paragraphs) in enumerate(parts, start=1):
        report.sections.append(Section(f"s{i}", number, title, 2 if parent else 1,
                                       f"s{parent}" if parent else None, i))
        for text in paragraphs:
            report.blocks.append(Block(f"b{len(report.blocks) + 1}", "paragraph", text, f"s{i}", i, (0, 0, 1, 1)))
    return report


def test_any_recurring_numbered_questions_make_a_template():
    report = _report([
        ("Uppföljning av Plan för grönytor 2021-2024", None, None, []),
        ("Läget", "1", 1, ["Parkerna sköts enligt plan."]),
        ("Nästa steg", "2", 1, ["Fler träd planteras.", "Eva Ek kulturstrateg"]),
        ("Uppföljning av Kulturplan", None, None, ["Giltighetstid: 2022 – 2026"]),
        ("Läget", "1", 4, ["Biblioteken har öppet."]),
        ("Nästa steg", "2", 4, ["Ett nytt bibliotek.", "Per Berg", "Kulturchef"]),
    ])
    plans = extract_plans(report)
    assert [(p.title, p.period, p.responsible, p.role, p.page) for p in plans] == [
        ("Plan för grönytor 2021-2024", "2021-2024", "Eva Ek", "kulturstrateg", 1),
        ("Kulturplan", "2022-2026", "Per Berg", "Kulturchef", 4)]
    assert plans[1].answers == {"Läget": "Biblioteken har öppet.", "Nästa steg": "Ett nytt bibliotek."}


def test_numbered_headings_under_one_section_are_no_template():
    report = _report([
        ("Plan", None, None, []),
        ("Bakgrund", "1", 1, ["Text."]),
        ("Mål", "2", 1, ["Text."]),
        ("Annan plan", None, None, []),
        ("Syfte", "1", 4, ["Text."]),
        ("Insatser", "2", 4, ["Text."]),
    ])
    assert extract_plans(report) == []


@pytest.mark.parametrize("text,split", [
    ("Sophia Sundlin Ungdomsombud", ("Sophia Sundlin", "Ungdomsombud")),
    ("Cim Wahlström Folkhälsosamordnare, Kalmar kommun", ("Cim Wahlström", "Folkhälsosamordnare, Kalmar kommun")),
    ("Karl-Johan Daleén Räddningschef", ("Karl-Johan Daleén", "Räddningschef")),
    ("Hanna Gustafsson verksamhetsutvecklare samhällsbyggnadskontoret",
     ("Hanna Gustafsson", "verksamhetsutvecklare samhällsbyggnadskontoret")),
    ("Louise Weidolf Strategi social hållbarhet", ("Louise Weidolf", "Strategi social hållbarhet")),
    ("Anna Maria Svensson verksamhetsutvecklare", ("Anna Maria Svensson", "verksamhetsutvecklare")),
    ("Cim Wahlström, Folkhälsosamordnare", ("Cim Wahlström", "Folkhälsosamordnare")),
    ("Eva von Essen enhetschef", ("Eva von Essen", "enhetschef")),
    ("Per Berg", ("Per Berg", None)),
    ("Strategin bedöms kunna genomföras inom planerad tid.", None),
    ("Kalmar Kommun beslutade om planen 2019.", None),
    ("Ungdomsombud", None),
])
def test_split_signature(text, split):
    assert split_signature(text) == split
