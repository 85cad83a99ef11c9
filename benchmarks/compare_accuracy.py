"""Benchmark: ``compare`` against hand-written labels of the Kungälv 2022 → 2023 pair.

The labels (``benchmarks/labels/kungalv_2022_2023.json``) give every paragraph, list item,
footnote and cover line of both years its status and counterpart, and the figure changes, as a
reader sees them in the seed texts. This script parses the two sample-corpus PDFs, runs
``compare``, finds each labelled paragraph among the parsed blocks (by its section path and
text) and scores the status of the passage the block ended up in:

- accuracy of the statuses over all labelled paragraphs of both years (target ≥ 0.95),
- precision and recall per status,
- counterparts: whether each paired paragraph's passage holds its labelled counterpart,
- figure changes found (target: all), and the labelled inconsistency.

    python benchmarks/compare_accuracy.py [--labels FILE] [--show-errors]
    python benchmarks/compare_accuracy.py --variants     # every layout of the old × every layout of the new

``--variants`` scores every pair of corpus layouts of the labelled reports (the base PDF and each
of ``corpus/variants/<stem>.*.pdf`` on both sides, corpus/README.md): the labels hold for all,
since a layout changes the look, never the words (target ≥ 0.99 and every figure change).

With labels that have ``activities`` (``benchmarks/labels/trygg_2023_2024_derived.json``) the
activities across the two editions are scored instead: every labelled status transition, kept
comment, added and dropped activity, and nothing else reported as changed.

``tests/test_compare.py`` runs the same scoring (:func:`score`).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rapportanalys import parse  # noqa: E402
from rapportanalys.compare import STATUSES, Comparison, compare  # noqa: E402
from rapportanalys.compare.text import keys, tokenize  # noqa: E402
from rapportanalys.model import Report  # noqa: E402

DEFAULT_LABELS = ROOT / "benchmarks" / "labels" / "kungalv_2022_2023.json"


@dataclass
class Score:
    labelled: int
    gold: list[str] = field(default_factory=list)  # status per located paragraph
    predicted: list[str] = field(default_factory=list)
    not_located: list[str] = field(default_factory=list)
    errors: list[tuple[str, str, str, str]] = field(default_factory=list)  # id, labelled, got, text
    counterparts_right: int = 0
    counterparts_all: int = 0
    figures_found: list[dict] = field(default_factory=list)
    figures_missed: list[dict] = field(default_factory=list)
    figures_with_unit: int = 0
    figures_reported: int = 0
    inconsistencies_found: int = 0
    inconsistencies_labelled: int = 0
    inconsistencies_reported: int = 0
    headings: int = 0  # labelled headings: sections in the parse, not passages, so not scored
    figures_in_scope: int = 0  # reported figure changes on the labelled pages ...
    figures_in_scope_right: int = 0  # ... that are labelled
    carried_labelled: int = 0
    carried_found: list[str] = field(default_factory=list)
    carried_missed: list[str] = field(default_factory=list)
    carried_in_scope: int = 0  # reported carried sentences in labelled passages ...
    carried_wrong: list[str] = field(default_factory=list)  # ... that are not labelled

    @property
    def figure_precision(self) -> float:
        return self.figures_in_scope_right / self.figures_in_scope if self.figures_in_scope else float("nan")

    @property
    def carried_recall(self) -> float:
        return len(self.carried_found) / self.carried_labelled if self.carried_labelled else float("nan")

    @property
    def carried_precision(self) -> float:
        return 1 - len(self.carried_wrong) / self.carried_in_scope if self.carried_in_scope else float("nan")

    @property
    def accuracy(self) -> float:
        return sum(g == p for g, p in zip(self.gold, self.predicted)) / len(self.gold) if self.gold else 0.0

    def precision_recall(self, status: str) -> tuple[float, float, int, int]:
        tp = sum(g == p == status for g, p in zip(self.gold, self.predicted))
        n_pred, n_gold = self.predicted.count(status), self.gold.count(status)
        return (tp / n_pred if n_pred else float("nan"), tp / n_gold if n_gold else float("nan"), n_gold, n_pred)


def norm(text: str) -> str:
    return keys(tokenize(text))


def norm_path(path: str | None) -> str:
    if not path:
        return ""
    parts = [re.sub(r"^\d+(?:\.\d+)*\.?\s+", "", p.strip()) for p in path.split(" > ")]
    return " > ".join(norm(p) for p in parts)


def locate(entries: list[dict], report: Report) -> dict[str, str]:
    """Label id -> block id: the block of the labelled section whose text starts with the
    label's text (or contains it, for captions the parser printed as one paragraph)."""
    paths = {s.id: " > ".join(x.label for x in report.section_path(s.id)) for s in report.sections}
    out = {}
    used: Counter = Counter()
    def in_path(want: str, path: str) -> bool:
        """The labelled heading path, as a run of the parsed one: labels may give the last
        levels only ("3 Analys …" for "Årsrapport för 2023 > 3 Analys …"), and the parse may
        have a heading more below (a table caption read as a heading)."""
        if want == path:
            return True
        w, p = want.split(" > "), path.split(" > ")
        return bool(want) and any(p[k:k + len(w)] == w for k in range(len(p) - len(w) + 1))

    normed = {sid: norm_path(p) for sid, p in paths.items()}
    for e in entries:
        want_path, want_text = norm_path(e["section"]), norm(e["text"])
        in_section = [b for b in report.blocks if normed.get(b.section, "") == want_path]
        if not [b for b in in_section if want_text in norm(b.text)] and want_path:
            in_section = [b for b in report.blocks if in_path(want_path, normed.get(b.section, ""))]
        if "page" in e:  # the labelled page first, where the same text stands in several sections
            in_section.sort(key=lambda b: b.page != e["page"] and all(sp.page != e["page"] for sp in b.spans))
        if e.get("kind") == "table_row" and e.get("table_row") and e["table_row"] != "header":
            label = norm(e["table_row"])
            cells = [b for b in report.blocks if b.table is not None and b.col == 0 and norm(b.text).startswith(label)]
            if cells:
                out[e["id"]] = cells[min(used[("row", label)], len(cells) - 1)].id
                used[("row", label)] += 1
            continue
        hits = [b for b in in_section if norm(b.text).startswith(want_text)]
        hits = hits or [b for b in in_section if want_text in norm(b.text)]
        if hits:
            # several identical items in one section: take them in order
            block = hits[min(used[(want_path, want_text)], len(hits) - 1)]
            used[(want_path, want_text)] += 1
            out[e["id"]] = block.id
    return out


def _row_status(statuses: list[str]) -> str:
    """A table row as a reader sees it, from the passages of its cells: kept with a figure
    changed is figures_updated."""
    if all(s == "unchanged" for s in statuses):
        return "unchanged"
    if all(s in ("new",) for s in statuses):
        return "new"
    if all(s in ("removed",) for s in statuses):
        return "removed"
    if all(s in ("unchanged", "figures_updated") for s in statuses):
        return "figures_updated"
    return "modified"


def score(labels: dict, old: Report, new: Report, result: Comparison) -> Score:
    status_of: dict[tuple[str, str], str] = {}
    partners: dict[tuple[str, str], set[str]] = {}  # block -> blocks on the other side of its passage
    for p in result.passages:
        for side, other in (("old", "new"), ("new", "old")):
            s, o = getattr(p, side), getattr(p, other)
            for block in (s.blocks if s else []):
                status_of[(side, block)] = p.status
                partners[(side, block)] = set(o.blocks) if o else set()
    # a table row: the statuses of its cells' passages
    for side, report in (("old", old), ("new", new)):
        rows: dict[tuple, list[str]] = {}
        for b in report.blocks:
            if b.table is not None:
                rows.setdefault((b.table, b.row), []).append(status_of.get((side, b.id), "(none)"))
        row_of = {b.id: (b.table, b.row) for b in report.blocks if b.table is not None and b.col == 0}
        for block_id, key in row_of.items():
            status_of[(side, "row:" + block_id)] = _row_status(rows[key])
    scored = {side: [e for e in labels[side] if e.get("kind") != "heading" and e.get("in_scope", True)]
              for side in ("old", "new")}
    out = Score(labelled=len(scored["old"]) + len(scored["new"]))
    out.headings = sum(e.get("kind") == "heading" for side in ("old", "new") for e in labels[side])
    where = {**locate(labels["old"], old), **locate(labels["new"], new)}
    rows = {e["id"] for side in ("old", "new") for e in labels[side] if e.get("kind") == "table_row"}
    for side in ("old", "new"):
        for e in scored[side]:
            if e["id"] not in where:
                out.not_located.append(e["id"])
                continue
            key = ("row:" if e["id"] in rows else "") + where[e["id"]]
            got = status_of.get((side, key), "(none)")
            out.gold.append(e["status"])
            out.predicted.append(got)
            if got != e["status"]:
                out.errors.append((e["id"], e["status"], got, e["text"][:70]))
            if e["counterpart"]:
                # ⊆, not =: where the parser printed several labelled captions as one block,
                # that block's passage holds all their counterparts
                out.counterparts_all += 1
                want = {where.get(c) for c in e["counterpart"]}
                if want <= partners.get((side, where[e["id"]]), set()):
                    out.counterparts_right += 1
                else:
                    out.errors.append((e["id"], "counterpart " + " ".join(e["counterpart"]), "other", e["text"][:70]))
    changes = [c for p in result.passages for c in p.figure_changes]
    values = {(c.old, c.new) for c in changes}
    with_unit = {(c.old, c.new, c.unit) for c in changes}
    for f in labels["figure_changes"]:
        (out.figures_found if (f["old"], f["new"]) in values else out.figures_missed).append(f)
        out.figures_with_unit += (f["old"], f["new"], f["unit"]) in with_unit
    out.figures_reported = len(changes)
    scope = labels.get("scope")
    labelled_pairs = {(f["old"], f["new"]) for f in labels["figure_changes"]}
    for p in result.passages:
        pages = {sp["page"] for sp in p.new.spans} if p.new else set()
        if scope and not pages & set(scope["new_pages"]):
            continue
        for c in p.figure_changes:
            out.figures_in_scope += 1
            out.figures_in_scope_right += (c.old, c.new) in labelled_pairs
    _score_carried(labels, result, where, out)
    wanted = {(i["period"], i["old_value"], i["new_value"]) for i in labels["inconsistencies"]}
    got = {(i.period, i.old_value, i.new_value) for i in result.inconsistencies}
    out.inconsistencies_labelled, out.inconsistencies_found, out.inconsistencies_reported = (
        len(wanted), len(wanted & got), len(got))
    return out


@dataclass
class ActivityScore:
    labelled: int = 0
    right: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)  # "title: expected …, got …"
    extra: list[str] = field(default_factory=list)  # reported added/dropped/status changes not labelled

    @property
    def all_found(self) -> bool:
        return not self.wrong and not self.extra


def score_activities(labels: dict, result: Comparison) -> ActivityScore:
    """Each labelled activity: kept (with its status change and comment status), added or
    dropped, as labelled; and nothing reported added, dropped or changed in status that is not
    labelled so."""
    out = ActivityScore(labelled=len(labels["activities"]))

    def title_of(a) -> str:
        return (a.new or a.old)["title"]

    def sec(a) -> str:
        return (a.new or a.old)["section"]

    matched = set()
    for e in labels["activities"]:
        want = norm(e["title"])
        hits = [k for k, a in enumerate(result.activities) if norm(title_of(a)).startswith(want)
                and re.search(rf"(^|> ){re.escape(e['section'])}\b", sec(a)) and k not in matched]
        name = f"{e['section']} {e['title'][:50]}"
        if not hits:
            out.wrong.append(f"{name}: not found among the activities")
            continue
        a = result.activities[hits[0]]
        matched.add(hits[0])
        got = (a.change, a.status_change, a.comment) if e["change"] == "kept" else (a.change,)
        expected = (e["change"], e["status_change"], e["comment"]) if e["change"] == "kept" else (e["change"],)
        (out.right if got == expected else out.wrong).append(
            name if got == expected else f"{name}: expected {expected}, got {got}")
    for k, a in enumerate(result.activities):
        if k not in matched and (a.change != "kept" or a.status_change):
            out.extra.append(f"{a.change} {a.status_change or ''} {title_of(a)[:50]}")
    return out


def _score_carried(labels: dict, result: Comparison, where: dict[str, str], out: Score) -> None:
    """Carried-over sentences: each labelled one found among the reported (same words, or one
    inside the other where the splitters differ); each reported one inside a labelled passage of
    the new edition labelled."""
    if "carried" not in labels:
        return
    wanted = [norm(c["sentence"]) for c in labels["carried"]]
    reported = [(p, norm(p.new.text[c.start:c.end])) for p in result.passages for c in p.carried]
    texts = [t for _, t in reported]

    def same(a: str, b: str) -> bool:
        return a == b or (min(len(a), len(b)) >= 20 and (a in b or b in a))

    out.carried_labelled = len(wanted)
    for c, w in zip(labels["carried"], wanted):
        (out.carried_found if any(same(w, t) for t in texts) else out.carried_missed).append(c["sentence"][:80])
    labelled_blocks = {where[e["id"]] for e in labels["new"] if e["id"] in where and e.get("in_scope", True)
                       and e.get("kind") != "heading"}
    for p, t in reported:
        if not set(p.new.blocks) & labelled_blocks:
            continue
        out.carried_in_scope += 1
        if not any(same(w, t) for w in wanted):
            out.carried_wrong.append(t[:80])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--labels", type=Path, default=DEFAULT_LABELS)
    ap.add_argument("--show-errors", action="store_true", help="list every paragraph scored wrong")
    ap.add_argument("--variants", action="store_true",
                    help="score every pair of corpus layouts (base and corpus/variants/) of the labelled reports")
    args = ap.parse_args()
    if args.variants:
        return _variants(json.loads(args.labels.read_text(encoding="utf-8")), args.show_errors)
    labels = json.loads(args.labels.read_text(encoding="utf-8"))
    old, new = parse(ROOT / labels["old_pdf"]), parse(ROOT / labels["new_pdf"])
    result = compare(old, new)
    if "activities" in labels:
        a = score_activities(labels, result)
        print(f"pair: {labels['old_pdf']} -> {labels['new_pdf']}")
        print(f"labelled activities: {a.labelled}, as labelled: {len(a.right)}; "
              f"reported but not labelled: {len(a.extra)}")
        for line in a.wrong + a.extra:
            print("  " + line)
        print("targets met" if a.all_found else "targets NOT met")
        return 0 if a.all_found else 1
    s = score(labels, old, new, result)
    print(f"pair: {labels['old_pdf']} -> {labels['new_pdf']}")
    print(f"labelled paragraphs: {s.labelled}, located in the parse: {len(s.gold)}"
          + (f", not located: {', '.join(s.not_located)}" if s.not_located else "")
          + (f" (labelled headings, sections not passages, not scored: {s.headings})" if s.headings else ""))
    print(f"status accuracy: {s.accuracy:.3f} (target >= 0.95)")
    print(f"counterparts as labelled: {s.counterparts_right} of {s.counterparts_all} paired paragraphs")
    print(f"{'status':18}{'precision':>10}{'recall':>10}{'labelled':>10}{'predicted':>10}")
    for status in STATUSES:
        prec, rec, n_gold, n_pred = s.precision_recall(status)
        print(f"{status:18}{prec:10.3f}{rec:10.3f}{n_gold:10d}{n_pred:10d}")
    print(f"figure changes found: {len(s.figures_found)} of {len(labels['figure_changes'])} "
          f"({s.figures_with_unit} with the labelled unit); reported in all: {s.figures_reported}")
    for f in s.figures_missed:
        print(f"  missed: {f['old']} -> {f['new']} {f['unit']} ({f['where']})")
    figure_recall = len(s.figures_found) / len(labels["figure_changes"]) if labels["figure_changes"] else float("nan")
    print(f"figure changes: recall {figure_recall:.3f}, precision {s.figure_precision:.3f} "
          f"({s.figures_in_scope_right} of {s.figures_in_scope} reported on the labelled pages are labelled)")
    print(f"inconsistencies: {s.inconsistencies_found} of {s.inconsistencies_labelled} labelled found; "
          f"reported in all: {s.inconsistencies_reported}")
    if "carried" in labels:
        print(f"carried-over sentences: found {len(s.carried_found)} of {s.carried_labelled} "
              f"({s.carried_recall:.3f}), precision {s.carried_precision:.3f} "
              f"({s.carried_in_scope - len(s.carried_wrong)} of {s.carried_in_scope} reported in labelled passages)")
    if args.show_errors:
        for e in s.errors:
            print("  wrong: {} labelled {} got {}: {}".format(*e))
        for c in s.carried_missed:
            print(f"  carried missed: {c}")
        for c in s.carried_wrong:
            print(f"  carried not labelled: {c}")
    met = s.accuracy >= 0.95 and not s.figures_missed
    if "carried" in labels:
        met = (s.accuracy >= 0.95 and figure_recall >= 0.95 and s.figure_precision >= 0.95
               and s.carried_recall >= 0.95 and s.carried_precision >= 0.95)
    print("targets met" if met else "targets NOT met")
    return 0 if met else 1


def layouts(pdf: str) -> list[Path]:
    """A corpus PDF and its layout variants."""
    base = ROOT / pdf
    return [base] + sorted((ROOT / "corpus" / "variants").glob(f"{base.stem}.*.pdf"))


def _variants(labels: dict, show_errors: bool) -> int:
    olds, news = layouts(labels["old_pdf"]), layouts(labels["new_pdf"])
    parsed = {p: parse(p) for p in olds + news}
    met = True
    print(f"{'old layout':40} {'new layout':40} {'accuracy':>8} {'located':>9} {'figures':>8}")
    for o in olds:
        for n in news:
            s = score(labels, parsed[o], parsed[n], compare(parsed[o], parsed[n]))
            ok = s.accuracy >= 0.99 and not s.figures_missed
            met &= ok
            print(f"{o.name:40} {n.name:40} {s.accuracy:8.3f} {len(s.gold):4d}/{s.labelled:<4d} "
                  f"{len(s.figures_found):3d}/{len(labels['figure_changes']):<3d}{'' if ok else '  NOT met'}")
            if show_errors:
                for e in s.errors:
                    print("    wrong: {} labelled {} got {}: {}".format(*e))
                for f in s.figures_missed:
                    print(f"    missed: {f['old']} -> {f['new']} {f['unit']} ({f['where']})")
    print("targets met on every pair" if met else "targets NOT met on every pair")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
