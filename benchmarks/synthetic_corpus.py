"""A synthetic corpus with known reuse, for ``reuse --db`` tests and benchmarks.

N municipalities × Y years of reports, each report a list of passages (one block each), fed
straight into the store as structured reports (no PDF rendering). Year by year, each passage of
last year's report is copied as it was, with its figures updated, edited (about one word in
ten changed), put inside a longer passage, or dropped; new passages are written, or copied from
another municipality's earlier report. Each report also carries template passages (boilerplate)
with the municipality's name in them.

Negatives are hard: new text is generated from a word-bigram model of real Swedish municipal
reports (``../shared/seeds``) and the Talbanken treebank, so every municipality writes on the
same topics in the same words; paragraphs of the real PDFs in ``../shared/real`` (when given,
each used once) are mixed in.

Truth: ``Synthetic.edges`` holds every derivation (parent passage, child passage, class); every
passage has a ``family`` (the passage it descends from), so a found pair is right when both
passages are of one family. Passage ids are block ids ``g<gid>``.

    python benchmarks/synthetic_corpus.py --municipalities 20 --years 4 --db /tmp/syn.duckdb
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CACHE = ROOT / "benchmarks" / ".cache"

CLASSES = ("exact", "figures_updated", "edited", "contained")

_BOILERPLATE = [
    "{name} kommun arbetar utifrån de globala målen i Agenda 2030 och kopplar varje mål i denna "
    "uppföljning till de delmål som berörs. Uppföljningen har tagits fram av förvaltningarna i {name} "
    "kommun tillsammans med kommunledningskontoret.",
    "Koppling till Agenda 2030. Målområdet bidrar till att uppfylla flera av de globala målen för hållbar "
    "utveckling. {name} kommun följer upp arbetet varje år i samband med årsredovisningen.",
    "Revisorerna i {name} kommun har granskat verksamheten enligt kommunallagen och god revisionssed i "
    "kommunal verksamhet. Granskningen har genomförts med den inriktning och omfattning som behövs för att "
    "ge rimlig grund för bedömning och ansvarsprövning.",
    "Denna rapport är en uppföljning av de mål som kommunfullmäktige i {name} har beslutat om. Rapporten "
    "redovisar måluppfyllelse, genomförda aktiviteter och de resultat som har uppnåtts under året.",
    "Kommunstyrelsen i {name} ansvarar för att samordna arbetet och följa upp att insatserna genomförs. "
    "Varje nämnd ansvarar för att aktiviteterna inom det egna ansvarsområdet genomförs och följs upp.",
    "Källa: Kolada och Statistiska centralbyrån. Uppgifterna för {name} jämförs med riket och med liknande "
    "kommuner, där sådana uppgifter finns tillgängliga för den aktuella perioden.",
]
_SYLLABLES = ["kung", "älv", "berg", "by", "ström", "sala", "mark", "holm", "sjö", "lek", "vik", "dal", "torp",
              "hag", "ås", "lund", "ham", "fors", "ryd", "borg", "näs", "sund", "ö", "stad", "kinda", "tran",
              "vara", "ljung", "ed", "mo", "arv", "ting", "hed", "skog", "rå", "falk", "värn", "kil", "ale", "boda"]
_NUMBER = re.compile(r"\d+(?:[ ,]\d+)*")


@dataclass
class Passage:
    gid: int
    text: str
    family: int
    boilerplate: bool = False


@dataclass
class Synthetic:
    reports: list[dict] = field(default_factory=list)  # Report.to_dict() data (unless sent to a sink)
    family: list[int] = field(default_factory=list)  # by gid: the passage it descends from
    boilerplate: list[bool] = field(default_factory=list)  # by gid
    edges: list[tuple[int, int, str]] = field(default_factory=list)  # (parent gid, child gid, class)
    n_passages: int = 0


class TextModel:
    """Word bigrams of real municipal text: fluent enough, same topics, new sentences."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        texts = []
        for path in sorted((SHARED / "seeds").glob("*.txt")):
            texts.append(path.read_text(encoding="utf-8"))
        for path in sorted((SHARED / "nlp-data" / "talbanken").glob("*.conllu")):
            texts.extend(line[9:] for line in path.read_text(encoding="utf-8").splitlines()
                         if line.startswith("# text = "))
        words = " ".join(texts).split()
        words = [w for w in words if not _NUMBER.fullmatch(w) and len(w) < 25]
        self.next: dict[str, list[str]] = {}
        self.starts = []
        for a, b in zip(words, words[1:]):
            self.next.setdefault(a, []).append(b)
            if a.endswith(".") and b[:1].isupper():
                self.starts.append(b)
        self.vocab = sorted({w.strip(".,:;()") for w in words if w.isalpha() and len(w) > 3})

    def sentence(self, figure: bool) -> str:
        rng = self.rng
        word = rng.choice(self.starts)
        out = [word]
        for _ in range(rng.randint(9, 22)):
            options = self.next.get(word)
            if not options:
                break
            word = rng.choice(options)
            out.append(word)
            if word.endswith(".") and len(out) >= 8:
                break
        if figure:
            out.insert(rng.randint(1, len(out)), _figure(rng))
        text = " ".join(out).rstrip(".,:;") + "."
        return text[0].upper() + text[1:]

    def passage(self) -> str:
        n = self.rng.randint(2, 4)
        return " ".join(self.sentence(figure=(i == 0 or self.rng.random() < 0.3)) for i in range(n))


def _figure(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.4:
        return f"{rng.randint(1, 99)},{rng.randint(0, 9)} procent"
    if kind < 0.7:
        return f"{rng.randint(2, 900)} hushåll"
    return str(rng.randint(10, 9999))


def update_figures(text: str, rng: random.Random) -> str:
    def new(m: re.Match) -> str:
        old = m.group(0)
        while True:
            value = _NUMBER.sub(lambda _: str(rng.randint(1, 999)), old)
            if value != old:
                return value
    return _NUMBER.sub(new, text)


def edit(text: str, rng: random.Random, vocab: list[str]) -> str:
    """Change about one word in ten (at least one): replace, drop or insert a word."""
    words = text.split()
    n = max(1, round(len(words) * rng.uniform(0.05, 0.12)))
    for _ in range(n):
        i = rng.randrange(len(words))
        op = rng.random()
        if op < 0.5:
            words[i] = rng.choice(vocab)
        elif op < 0.75 and len(words) > 10:
            del words[i]
        else:
            words.insert(i, rng.choice(vocab))
    return " ".join(words)


def municipality_names(n: int, rng: random.Random) -> list[str]:
    names: set[str] = set()
    while len(names) < n:
        k = 2 if len(names) < 500 else 3
        names.add("".join(rng.choice(_SYLLABLES) for _ in range(k)).capitalize())
    return sorted(names)


def real_paragraphs() -> list[str]:
    """Paragraphs of the real PDFs in ../shared/real, parsed once and cached."""
    cache = CACHE / "real_paragraphs.json"
    if cache.exists():
        return json.loads(cache.read_text(encoding="utf-8"))
    sys.path.insert(0, str(ROOT / "src"))
    from rapportanalys import RapportanalysError, parse

    out = []
    for pdf in sorted((SHARED / "real").glob("*.pdf")):
        try:
            report = parse(pdf)
        except RapportanalysError:
            continue
        out.extend(b.text for b in report.blocks if b.kind == "paragraph" and 150 <= len(b.text) <= 1100)
    out = _distinct(sorted(set(out)))
    CACHE.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
    return out


def _distinct(paragraphs: list[str]) -> list[str]:
    """One of each group of paragraphs that reuse each other (the audit summaries of one city
    share their standard paragraphs): a negative must not be a copy of another."""
    from rapidfuzz import fuzz, process

    keys = [" ".join(re.findall(r"\w+", _NUMBER.sub("0", p.lower()))) for p in paragraphs]
    ratio = process.cdist(keys, keys, scorer=fuzz.ratio, workers=2)
    partial = process.cdist(keys, keys, scorer=fuzz.partial_ratio, workers=2)
    kept: list[int] = []
    for i in range(len(keys)):
        if all(ratio[i, j] < 60 and partial[i, j] < 75 for j in kept):
            kept.append(i)
    return [paragraphs[i] for i in kept]


def generate(municipalities: int, years: int, passages_per_report: int = 100, seed: int = 1,
             real: list[str] | None = None, boilerplate_per_report: int = 3,
             rates: dict[str, float] | None = None, cross_copy: float = 0.1, sink=None) -> Synthetic:
    """The corpus. ``rates``: what becomes of last year's passages (copied, figures_updated,
    edited, contained, dropped); a dropped one is replaced by a new passage, or by one copied
    from another municipality (share ``cross_copy``). ``sink``: called with each year's
    reports instead of keeping them in ``Synthetic.reports`` (a big corpus)."""
    rng = random.Random(seed)
    model = TextModel(rng)
    rates = rates or {"exact": 0.42, "figures_updated": 0.2, "edited": 0.12, "contained": 0.04, "dropped": 0.22}
    names = municipality_names(municipalities, rng)
    real = list(real or [])
    rng.shuffle(real)
    syn = Synthetic()
    previous: dict[str, list[Passage]] = {}
    history: list[list[Passage]] = []  # every report's own passages, for cross-municipality copies
    ops, weights = zip(*rates.items())

    def add(text: str, family: int | None, boiler: bool = False) -> Passage:
        gid = len(syn.family)
        p = Passage(gid, text, gid if family is None else family, boiler)
        syn.family.append(p.family)
        syn.boilerplate.append(boiler)
        return p

    def derived(parent: Passage, kind: str) -> Passage:
        if kind == "contained" and len(parent.text) > 600:
            kind = "exact"
        if kind == "exact":
            text = parent.text
        elif kind == "figures_updated":
            text = update_figures(parent.text, rng)
        elif kind == "edited":
            text = edit(parent.text, rng, model.vocab)
        else:
            text = f"{model.sentence(False)} {parent.text} {model.sentence(True)}"
        child = add(text, parent.family)
        syn.edges.append((parent.gid, child.gid, kind))
        return child

    def fresh() -> Passage:
        if history and rng.random() < cross_copy:
            source = rng.choice(rng.choice(history[-min(len(history), 3 * municipalities):]))
            return derived(source, rng.choices(("exact", "figures_updated", "edited"), (0.5, 0.25, 0.25))[0])
        if real and rng.random() < 0.05:
            return add(real.pop(), None)
        return add(model.passage(), None)

    for year in range(2019, 2019 + years):
        made, year_reports = [], []
        for m, name in enumerate(names):
            own = []
            for old in previous.get(name, []):
                op = rng.choices(ops, weights)[0]
                own.append(fresh() if op == "dropped" else derived(old, op))
            while len(own) < passages_per_report - boilerplate_per_report:
                own.insert(rng.randrange(len(own) + 1), fresh())
            picks = random.Random(f"{seed}-{name}").sample(range(len(_BOILERPLATE)), boilerplate_per_report)
            boiler = [add(_BOILERPLATE[i].format(name=name), -1 - i, True) for i in picks]
            made.append((name, own))
            blocks = boiler[:1] + own + boiler[1:]
            sha = hashlib.sha256(f"{seed}/{name}/{year}".encode()).hexdigest()
            syn.n_passages += len(blocks)
            year_reports.append({
                "source": {"path": f"synthetic/{name.lower()}_{year}.pdf", "sha256": sha, "pages": 10},
                "metadata": {"municipality": name, "year": year, "title": f"Uppföljning {year}",
                             "doc_type": "uppföljning", "date": None, "diarienummer": None, "body": None,
                             "series": f"{name.lower()}|uppföljning|uppföljning"},  # one series per municipality
                "sections": [{"id": "s1", "number": "1", "title": "Uppföljning", "level": 1, "parent": None,
                              "page": 1, "bbox": None}],
                "blocks": [{"id": f"g{p.gid}", "kind": "paragraph", "text": p.text, "section": "s1",
                            "page": 1 + i // 10, "bbox": [0.0, 0.0, 1.0, 1.0], "spans": [], "marks": []}
                           for i, p in enumerate(blocks)],
                "figures": [], "activities": [], "plans": []})
        for name, own in made:
            previous[name] = own
            history.append(own)
        del history[:-3 * municipalities]
        if sink is None:
            syn.reports.extend(year_reports)
        else:
            sink(year_reports)
    return syn


def load(reports: list[dict], db: str | Path, chunk: int = 500) -> None:
    """Store synthetic reports (and their reuse index) in the database ``db``."""
    sys.path.insert(0, str(ROOT / "src"))
    from rapportanalys.store import Corpus

    with Corpus(db, read_only=False) as corpus:
        for i in range(0, len(reports), chunk):
            corpus.add_many(reports[i:i + chunk])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--municipalities", type=int, default=20)
    ap.add_argument("--years", type=int, default=4)
    ap.add_argument("--passages", type=int, default=100, help="passages per report")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--real", action="store_true", help="mix in paragraphs of ../shared/real")
    ap.add_argument("--db", required=True)
    args = ap.parse_args()
    syn = generate(args.municipalities, args.years, args.passages, args.seed,
                   real=real_paragraphs() if args.real else None)
    load(syn.reports, args.db)
    print(f"{len(syn.reports)} reports, {syn.n_passages} passages, {len(syn.edges)} derivations -> {args.db}")


if __name__ == "__main__":
    main()
