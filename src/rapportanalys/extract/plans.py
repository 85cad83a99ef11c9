"""Plans from a template follow-up: one document following up several plans with the same
fixed questions.

A council memo such as Kalmar's "Uppföljning av handlingsplaner och program 2020" bundles one
follow-up per plan, each answering the same numbered questions ("1. Status nuläge", "2.
Genomfört t.o.m. 2019", …) and signed by the official responsible. The template is found from
repetition, not from a list of known questions: a numbered sub-heading ("1. Status nuläge") that
recurs under two or more sections is a template question, and a section with at least two such
questions below it is a plan. A plan may word a question its own way ("2. Genomfört under 2019");
its number places it, and the answer is filed under the template's usual wording, so that the
same key means the same question in every plan.

For each plan:

- ``title``: the quoted plan name in the heading ('Uppföljning av "Serviceplan 2016-2020" på
  kommunfullmäktige …' → "Serviceplan 2016-2020"), else the heading without "Uppföljning av";
- ``period``: from a line like "Handlingsplanens/programmets genomförandetid: 2016 – 2020" before
  the first question ("2016-2020"; open-ended "2017- tillsvidare" and "2020 och framåt" give
  "2017-" and "2020-"), else a year range in the plan's name;
- ``responsible`` and ``role``: the signature at the end of the plan's section, read by
  :func:`split_signature`;
- ``answers``: question (template wording, without its number) → the answer's paragraphs, list
  items ("• …") and table cells, one per line.

A plan followed up per sub-goal answers the questions once per sub-goal (the numbering starts
again at 1). It stays one plan: each answer holds every round, in order, separated by a blank
line, and each round starts with its sub-goal line when the plan states one (the paragraph before
its first question, and the last paragraph before each restart of the numbering).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from ..model import Block, Plan, Report, Section

_QUESTION_NUMBER = re.compile(r"^\d{1,2}$")
_QUOTED = re.compile(r'["“”„«»]\s*([^"“”„«»]{3,}?)\s*["“”„«»]')
_FOLLOW_UP_PREFIX = re.compile(r"^uppföljning\s+(?:av|för)\s+", re.I)
_PERIOD_LINE = re.compile(r"(?:genomförandetid|tidsperiod|period|giltighetstid|löptid)\w*\s*:\s*(?P<value>.+)", re.I)
_YEAR = r"(?:19|20)\d\d"
_CLOSED_SPAN = re.compile(rf"({_YEAR})\s*[-–—]\s*({_YEAR})")
_OPEN_SPAN = re.compile(rf"({_YEAR})\s*(?:[-–—]\s*(?:tills?\s*vidare|och\s+framåt)?"
                        rf"|(?:och\s+)?framåt|tills?\s*vidare)(?!\s*\d)", re.I)

# Signatures: a name is 2–4 capitalised words (hyphenated first names and surnames are one
# word; nobiliary particles may sit inside); the job title follows.
_UPPER, _LOWER = "A-ZÅÄÖÉÜÆØ", "a-zåäöéüèáíóúøæß'’"
_NAME_WORD = re.compile(rf"^(?:[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)*|[{_UPPER}]\.)$")
_PARTICLES = {"von", "van", "af", "de", "der", "den", "du", "la", "le", "di"}
# How Swedish job titles end ("Folkhälsosamordnare", "Räddningschef", "Ungdomsombud"): a
# capitalised word with one of these endings after a name starts the title, not the surname.
_TITLE_ENDINGS = (
    "samordnare", "utvecklare", "ombud", "strateg", "chef", "handläggare", "sekreterare",
    "direktör", "ansvarig", "controller", "ekonom", "analytiker", "ingenjör", "konsult",
    "specialist", "administratör", "planerare", "arkitekt", "kommunikatör", "rådgivare", "ledare",
    "koordinator", "inspektör", "utredare", "förvaltare", "assistent", "jurist", "revisor",
    "rektor", "ordförande", "tjänsteman", "tjänsteperson", "expert", "registrator", "kurator",
    "psykolog", "sjuksköterska", "pedagog", "lärare", "handledare", "representant", "officer",
)


def extract_plans(report: Report) -> list[Plan]:
    numbered = [s for s in report.sections if s.parent and s.number and _QUESTION_NUMBER.match(s.number)]
    blocks_of = {s.id: _subtree_blocks(report, s.id) for s in numbered}
    recurring, wording = _template(numbered)
    if not recurring:  # the questions may be numbered list items instead of headings
        recurring, wording = _template(_listed_questions(report)[0])
        # again, taking as questions only the template's (an answer's own numbered list stays text)
        numbered, blocks_of = _listed_questions(report, lambda n, t: (n, _norm(t)) in recurring
                                                or _same_question(t, wording.get(n)))
    if not recurring:
        return []
    questions: dict[str, list[Section]] = defaultdict(list)
    for s in numbered:
        questions[s.parent].append(s)
    plans = []
    for section in report.sections:
        asked = questions.get(section.id, [])
        if sum((q.number, _norm(q.title)) in recurring for q in asked) >= 2:
            plans.append(_plan(report, section, asked, wording, blocks_of))
    return plans


_LIST_NUMBER = re.compile(r"^(\d{1,2})[.)]$")


def _same_question(title: str, usual: str | None) -> bool:
    """A plan's own wording of the question its number places ("Genomfört under 2019" for
    "Genomfört t.o.m. 2019"): it shares the usual wording's first word."""
    return bool(usual) and _norm(title).split()[:1] == _norm(usual).split()[:1]


def _listed_questions(report: Report, accept=lambda number, title: True
                      ) -> tuple[list[Section], dict[str, list[Block]]]:
    """Template questions set as numbered list items ("1. Status nuläge" as an item): each short
    item is a question in its section, and the blocks after it, up to the next such item, its
    answer. Returned as question sections (ids ``q<block id>``), like headings would give."""
    questions: list[Section] = []
    blocks_of: dict[str, list[Block]] = {}
    current: str | None = None
    for block in report.blocks:
        m = _LIST_NUMBER.match(block.marker or "") if block.kind == "list_item" else None
        if (m and block.section and len(block.text) <= 80 and not block.text.rstrip().endswith(".")
                and accept(m.group(1), block.text)):
            q = Section(id=f"q{block.id}", number=m.group(1), title=block.text, level=9,
                        parent=block.section, page=block.page)
            questions.append(q)
            blocks_of[q.id] = []
            current = q.id
        elif current is not None and block.section == questions[-1].parent:
            if block.kind in ("paragraph", "list_item", "table_cell"):
                blocks_of[current].append(block)
        else:
            current = None
    return questions, blocks_of


def _template(numbered: list[Section]) -> tuple[set[tuple[str, str]], dict[str, str]]:
    """The recurring questions as (number, normalised title), and each number's usual wording.

    A template needs at least two distinct questions that each recur under two sections.
    """
    parents: dict[tuple[str, str], set[str]] = defaultdict(set)
    printed: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for s in numbered:
        key = (s.number, _norm(s.title))
        parents[key].add(s.parent)
        printed[key][s.title] += 1
    recurring = {key for key, where in parents.items() if len(where) >= 2}
    if len({number for number, _ in recurring}) < 2:
        return set(), {}
    wording: dict[str, str] = {}
    for number in {n for n, _ in recurring}:
        key = max((k for k in recurring if k[0] == number), key=lambda k: len(parents[k]))
        wording[number] = printed[key].most_common(1)[0][0]
    return recurring, wording


def _norm(title: str) -> str:
    return " ".join(title.casefold().split()).strip(" .:")


def _plan(report: Report, section: Section, asked: list[Section], wording: dict[str, str],
          blocks_of: dict[str, list[Block]]) -> Plan:
    intro = [b for b in report.blocks_in(section.id) if b.kind in ("paragraph", "list_item")]
    if asked and asked[0].id.startswith("q"):  # listed questions: the intro ends at the first one
        first_item = next(b for b in intro if f"q{b.id}" == asked[0].id)
        intro = intro[:intro.index(first_item)]
    period_line = next((b for b in intro if _PERIOD_LINE.search(b.text)), None)
    name = _plan_name(section.title)
    answers_blocks = [list(blocks_of[q.id]) for q in asked]
    responsible, role, n_signature = _signature(answers_blocks[-1])
    if n_signature:
        answers_blocks[-1] = answers_blocks[-1][:-n_signature]
    goal = "\n".join(_line(b) for b in intro if b is not period_line)
    rounds = _rounds(asked, answers_blocks, goal)
    answers: dict[str, str] = {}
    for sub_goal, round_answers in rounds:
        for question, blocks in round_answers:
            key = wording.get(question.number, question.title)
            text = "\n".join(_line(b) for b in blocks)
            if len(rounds) > 1 and sub_goal:
                text = f"{sub_goal}\n{text}".strip()
            answers[key] = f"{answers[key]}\n\n{text}" if key in answers else text
    return Plan(title=name, period=_period(period_line.text if period_line else None, name),
                responsible=responsible, role=role, answers=answers, page=section.page)


def _rounds(asked: list[Section], answers_blocks: list[list[Block]], first_goal: str):
    """Split the questions where their numbering starts again; each round with its sub-goal.

    A plan that states a sub-goal before its first question states the next one at the end of
    the previous round, where the page puts it under the last question's heading."""
    rounds: list[tuple[str, list[tuple[Section, list[Block]]]]] = [(first_goal, [])]
    previous = None
    for question, blocks in zip(asked, answers_blocks, strict=True):
        if previous is not None and int(question.number) <= int(previous):
            goal = ""
            last_answer = rounds[-1][1][-1][1] if rounds[-1][1] else []
            if first_goal and last_answer:
                goal = _line(last_answer.pop())  # taken out of that answer
            rounds.append((goal, []))
        rounds[-1][1].append((question, blocks))
        previous = question.number
    return rounds


def _subtree_blocks(report: Report, section_id: str) -> list[Block]:
    """The text blocks of a section and of the sections under it, in document order (a table in
    an answer gives its cells, one per line; footnotes and captions are not answer text)."""
    ids = {section_id}
    for s in report.sections:  # parents come before their children
        if s.parent in ids:
            ids.add(s.id)
    return [b for b in report.blocks if b.section in ids and b.kind in ("paragraph", "list_item", "table_cell")]


def _line(block: Block) -> str:
    return f"• {block.text}" if block.kind == "list_item" else block.text


def _plan_name(heading: str) -> str:
    m = _QUOTED.search(heading)
    return m.group(1) if m else _FOLLOW_UP_PREFIX.sub("", heading).strip()


def _period(line: str | None, name: str) -> str | None:
    if line:
        value = _PERIOD_LINE.search(line).group("value")
        if m := _CLOSED_SPAN.search(value):
            return f"{m.group(1)}-{m.group(2)}"
        if m := _OPEN_SPAN.search(value):
            return f"{m.group(1)}-"
    m = _CLOSED_SPAN.search(name)
    return f"{m.group(1)}-{m.group(2)}" if m else None


def _signature(blocks: list[Block]) -> tuple[str | None, str | None, int]:
    """Name, title and how many blocks the signature takes at the end of a plan's last answer.

    The name and title lines come out as one paragraph ("Cim Wahlström Folkhälsosamordnare,
    Kalmar kommun") or as two (a bare name, then the title)."""
    if not blocks:
        return None, None, 0
    split = split_signature(blocks[-1].text)
    if split:
        return split[0], split[1], 1
    if len(blocks) >= 2:
        alone = split_signature(blocks[-2].text)
        if alone and alone[1] is None and _is_title_line(blocks[-1].text):
            return alone[0], blocks[-1].text.strip(), 2
    return None, None, 0


def split_signature(text: str) -> tuple[str, str | None] | None:
    """"Sophia Sundlin Ungdomsombud" → ("Sophia Sundlin", "Ungdomsombud"); None when the text
    does not start with a name or reads like a sentence.

    Where the name ends: at a capitalised word with a job-title ending ("Karl-Johan Daleén
    Räddningschef"); else at the first lower-case word ("Hanna Gustafsson
    verksamhetsutvecklare"); a third capitalised word followed by lower-case words that are no
    title is the title's first word ("Louise Weidolf Strategi social hållbarhet"), while one
    followed by a title is the name's ("Anna Maria Svensson verksamhetsutvecklare").
    """
    tokens = text.split()
    if not 2 <= len(tokens) <= 10 or text.rstrip().endswith((".", "?", "!", ":")):
        return None
    run: list[str] = []
    for token in tokens[:4]:
        word = token.rstrip(",")
        if not (_NAME_WORD.match(word) or (run and word in _PARTICLES)):
            break
        run.append(word)
        if token.endswith(","):
            break
    while run and run[-1] in _PARTICLES:
        run.pop()
    if len(run) < 2:
        return None
    cut = next((i for i in range(2, len(run)) if _is_title(run[i])), None)
    if cut is None:
        following = tokens[len(run)] if len(tokens) > len(run) else None
        cut = len(run) if len(run) == 2 or (following and _is_title(following)) else len(run) - 1
    role = " ".join(tokens[cut:]).strip() or None
    return " ".join(run[:cut]), role


def _is_title(word: str) -> bool:
    return word.strip(",").lower().endswith(_TITLE_ENDINGS)


def _is_title_line(text: str) -> bool:
    """A line short enough to be a job title under a name, and no sentence."""
    return 0 < len(text.split()) <= 8 and not text.rstrip().endswith((".", "?", "!", ":"))
