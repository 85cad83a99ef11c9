"""Accuracy of the shipped Swedish pipeline `models/sv_rapportanalys` on held-out data.

Why: the pipeline is trained in this repository (models/train.py), so its accuracy is
ours to measure and to state with the command that produced it. The data it is
measured on were never used for training or for picking a checkpoint:

* UD Swedish-Talbanken v2 dev (504 sentences): TAG (SUC tags), POS (UD), MORPH,
  LEMMA, UAS, LAS and sentence F. The pipeline reads the raw text (its own
  tokenization, sentence splitting included), and spaCy's scorer aligns its tokens
  with the gold tokens, the way the published spaCy figures are computed. Sentences
  are grouped ten to a text, as in training.
* swedish-ner test (2,453 sentences): entity precision, recall and F, overall and
  per label, for the full pipeline (rules + statistical NER) and for the statistical
  NER alone.

The table puts the figures next to those published for spaCy's `sv_core_news_sm` 3.7
(trained on the full v2 train + SUC 3.0, see ../shared/nlp-data/README.md). Its NER
figure is on SUC 3.0 with other labels, so only roughly comparable.

It also reports sentence splitting on municipal text with abbreviations
(benchmarks/municipal_sentences.txt).

Usage (from the repository root):
  .venv/bin/python benchmarks/nlp_accuracy.py [--data ../shared/nlp-data] [--model models/sv_rapportanalys] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import spacy
from spacy.training import Example

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "models"))
import nlp_data  # noqa: E402

MODEL = REPO / "models" / "sv_rapportanalys"
SENTENCES_FILE = REPO / "benchmarks" / "municipal_sentences.txt"

# sv_core_news_sm 3.7, as published (../shared/nlp-data/README.md); None: not published.
SV_CORE_NEWS_SM = {
    "TAG": None,
    "POS": 95.1,
    "MORPH": None,
    "LEMMA": 94.9,
    "UAS": 81.9,
    "LAS": 76.7,
    "SENTS F": 93.7,
    "ENTS F": 74.9,
}


def read_sentence_cases(path: Path = SENTENCES_FILE) -> list[list[str]]:
    """Blocks of expected sentences (see the file's header)."""
    cases, block = [], []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("#"):
            continue
        if line.strip():
            block.append(line.strip())
        elif block:
            cases.append(block)
            block = []
    return cases


def evaluate_ud(nlp, data: Path) -> dict:
    gold_docs = nlp_data.ud_docs(nlp.vocab, nlp_data.read_conllu(data / nlp_data.TALBANKEN_DEV))
    examples = [Example(nlp.make_doc(doc.text), doc) for doc in gold_docs]
    words = sum(len(doc) for doc in gold_docs)
    started = time.monotonic()
    scores = nlp.evaluate(examples)
    seconds = time.monotonic() - started
    return {
        "TAG": scores["tag_acc"],
        "POS": scores["pos_acc"],
        "MORPH": scores["morph_acc"],
        "LEMMA": scores["lemma_acc"],
        "UAS": scores["dep_uas"],
        "LAS": scores["dep_las"],
        "SENTS P": scores["sents_p"],
        "SENTS R": scores["sents_r"],
        "SENTS F": scores["sents_f"],
        "words": words,
        "words_per_second": words / seconds,
    }


def evaluate_ner(nlp, data: Path, disable: list[str]) -> dict:
    gold_docs = nlp_data.ner_docs(nlp.vocab, nlp_data.read_ner(data / nlp_data.NER_TEST))
    examples = [Example(nlp.make_doc(doc.text), doc) for doc in gold_docs]
    with nlp.select_pipes(disable=disable):
        scores = nlp.evaluate(examples)
    # Same keys as spaCy's per-label scores.
    return {"p": scores["ents_p"], "r": scores["ents_r"], "f": scores["ents_f"], "per_label": scores["ents_per_type"]}


def evaluate_sentence_cases(nlp) -> list[dict]:
    results = []
    for expected in read_sentence_cases():
        doc = nlp(" ".join(expected))
        got = [sent.text for sent in doc.sents]
        results.append({"expected": expected, "got": got, "ok": got == expected})
    return results


def pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}"


def print_report(ud: dict, ner_full: dict, ner_stat: dict, cases: list[dict]) -> None:
    print("## UD Swedish-Talbanken v2 dev (raw text, pipeline tokenization)\n")
    print("| metric | sv_rapportanalys | sv_core_news_sm 3.7 (published) |")
    print("|---|---:|---:|")
    for key in ("TAG", "POS", "MORPH", "LEMMA", "UAS", "LAS", "SENTS F"):
        published = SV_CORE_NEWS_SM[key]
        print(f"| {key} | {pct(ud[key])} | {'–' if published is None else f'{published:.1f}'} |")
    print(f"| ENTS F (swedish-ner test) | {pct(ner_full['f'])} | {SV_CORE_NEWS_SM['ENTS F']:.1f} (SUC 3.0, other labels) |")
    print(
        f"\nSentences: P {pct(ud['SENTS P'])}, R {pct(ud['SENTS R'])}. "
        f"{ud['words']} words at {ud['words_per_second']:.0f} words/s (whole pipeline, this machine).\n"
    )
    print("## swedish-ner test: entities\n")
    print("| label | P | R | F | P (NER only) | R (NER only) | F (NER only) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    labels = sorted(set(ner_full["per_label"]) | set(ner_stat["per_label"]))
    rows = [("all", ner_full, ner_stat)] + [
        (label, ner_full["per_label"].get(label, {}), ner_stat["per_label"].get(label, {})) for label in labels
    ]
    for label, full, stat in rows:
        cells = [pct(full.get(k)) for k in "prf"] + [pct(stat.get(k)) for k in "prf"]
        print(f"| {label} | " + " | ".join(cells) + " |")
    print("\n(NER only: the statistical `ner` with `entity_ruler` and `place_ruler` disabled.)\n")
    print("## Sentence splitting in municipal text (benchmarks/municipal_sentences.txt)\n")
    ok = sum(case["ok"] for case in cases)
    print(f"{ok} of {len(cases)} texts split as expected.")
    for case in cases:
        if not case["ok"]:
            print("  expected: " + " || ".join(case["expected"]))
            print("  got:      " + " || ".join(case["got"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=nlp_data.DEFAULT_DATA_DIR, help="the shared nlp-data directory")
    parser.add_argument("--model", type=Path, default=MODEL)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    nlp = spacy.load(args.model)
    data = args.data.resolve()
    ud = evaluate_ud(nlp, data)
    ner_full = evaluate_ner(nlp, data, disable=[])
    ner_stat = evaluate_ner(nlp, data, disable=["entity_ruler", "place_ruler"])
    cases = evaluate_sentence_cases(nlp)
    print_report(ud, ner_full, ner_stat, cases)
    if args.json:
        args.json.write_text(
            json.dumps(
                {"ud_dev": ud, "ner_test": ner_full, "ner_test_statistical_only": ner_stat, "sentences": cases},
                ensure_ascii=False,
                indent=2,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
