"""Train the Swedish spaCy pipeline `sv_rapportanalys` that rapportanalys ships in
`models/sv_rapportanalys/`.

Why we train our own: no trained Swedish spaCy pipeline can be installed here and
nothing may be downloaded at run time, so the pipeline lives in the repository.

What it builds (pipeline order):
  thousands_marker, thousands_merger, thousands_reset   "1 250" → one token (rules)
  tok2vec, tagger, morphologizer, trainable_lemmatizer, parser
      trained on UD Talbanken v1 train (mapped to v2) + UD Talbanken v2 test + UD PUD
  entity_ruler, ner, place_ruler
      ner trained on swedish-ner train; rulers from models/nlp_rules.py
plus tokenizer exceptions for abbreviations ("bl.a.", "prop.", "Dnr", ...).

Held out, never trained on or used to pick a checkpoint: UD Talbanken v2 dev and
swedish-ner test. They are for `benchmarks/nlp_accuracy.py`. Checkpoints are chosen
on a validation slice of the training data instead (every 20th document).

Stages (all by default, or one with --stage):
  convert    shared data → DocBins in models/build/corpus/
  train-ud   spaCy training with models/config_ud.cfg  → models/build/ud/
  train-ner  spaCy training with models/config_ner.cfg → models/build/ner/
  assemble   both + entity rulers + licence metadata   → models/sv_rapportanalys/

Run from the repository root, on one core and politely:
  OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 \\
      nice -n 10 .venv/bin/python models/train.py [--data ../shared/nlp-data]

Training is deterministic for a given spaCy version (fixed seed, fixed step counts).
"""

from __future__ import annotations

import os

# One thread: the machine is shared. Must be set before numpy is imported.
for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

import spacy
from spacy.cli.train import train as spacy_train
from spacy.tokens import DocBin

sys.path.insert(0, str(Path(__file__).resolve().parent))
import nlp_data  # noqa: E402
import nlp_rules  # noqa: E402  (also registers the config callback)

MODELS = Path(__file__).resolve().parent
REPO = MODELS.parent
BUILD = MODELS / "build"
CORPUS = BUILD / "corpus"
OUTPUT = MODELS / "sv_rapportanalys"

VALIDATION_EVERY = 20  # every 20th training document is held out to pick checkpoints
UD_STEPS = 4000
NER_STEPS = 3000

META = {
    "lang": "sv",
    "name": "rapportanalys",
    "version": "0.1.0",
    "description": (
        "Swedish pipeline for reading municipal follow-up reports: tokenizer rules for "
        "abbreviations and thousands separators, tagger (SUC tags), morphologizer (UD "
        "POS and features), trainable lemmatizer, dependency parser (UD v2), and named "
        "entities (PER, ORG, LOC, MISC) with rules for Swedish municipalities, regions, "
        "agencies and municipal bodies. Trained by models/train.py."
    ),
    "author": "rapportanalys",
    "license": "CC BY-SA 4.0",
    "sources": [
        {
            "name": "UD Swedish-Talbanken (v2 test; v1 train mapped to v2)",
            "url": "https://github.com/UniversalDependencies/UD_Swedish-Talbanken",
            "license": "CC BY-SA 4.0",
            "author": "Joakim Nivre, Aaron Smith et al.; Talbanken: Ulf Teleman et al., Lund University",
        },
        {
            "name": "UD Swedish-PUD",
            "url": "https://github.com/UniversalDependencies/UD_Swedish-PUD",
            "license": "CC BY-SA 4.0",
            "author": "Universal Dependencies contributors",
        },
        {
            "name": "Swedish NER corpus (Webbnyheter 2012, Språkbanken), klintan/swedish-ner-corpus",
            "url": "https://github.com/klintan/swedish-ner-corpus",
            "license": "CC BY 4.0",
            "author": "Andreas Klintberg",
        },
    ],
}


def log(message: str) -> None:
    print(f"[train] {message}", file=sys.stderr, flush=True)


def write_docbin(docs, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    DocBin(docs=docs, store_user_data=False).to_disk(path)
    log(f"wrote {path.relative_to(REPO)}: {len(docs)} docs, {sum(len(d) for d in docs)} tokens")


def convert(data: Path) -> dict:
    """Shared data → DocBins for training and validation."""
    vocab = spacy.blank("sv").vocab
    dev = nlp_data.read_conllu(data / nlp_data.TALBANKEN_DEV)
    v2_test = nlp_data.read_conllu(data / nlp_data.TALBANKEN_TEST)
    pud = nlp_data.read_conllu(data / nlp_data.PUD)
    v1 = nlp_data.read_conllu(data / nlp_data.TALBANKEN_TRAIN_V1)

    # The v1→v2 lexicons are learnt from the v2 files we train on, never from dev.
    mapper = nlp_data.V1ToV2.learn(v2_test + pud)
    v1_mapped = [mapper.convert(s) for s in v1]

    # Guard against overlap with the held-out dev set (there is none in these files,
    # but the check keeps the evaluation honest if the data ever change).
    dev_texts = {s.text for s in dev}
    overlapping = [s for s in v1_mapped + v2_test + pud if s.text in dev_texts]
    if overlapping:
        log(f"dropping {len(overlapping)} training sentences that also occur in v2 dev")
        v1_mapped = [s for s in v1_mapped if s.text not in dev_texts]
        v2_test = [s for s in v2_test if s.text not in dev_texts]
        pud = [s for s in pud if s.text not in dev_texts]

    v2_docs = nlp_data.ud_docs(vocab, v2_test) + nlp_data.ud_docs(vocab, pud)
    v2_train, ud_valid = nlp_data.every_nth(v2_docs, VALIDATION_EVERY)
    ud_train = nlp_data.ud_docs(vocab, v1_mapped) + v2_train
    write_docbin(ud_train, CORPUS / "ud-train.spacy")
    write_docbin(ud_valid, CORPUS / "ud-valid.spacy")

    ner_all = nlp_data.ner_docs(vocab, nlp_data.read_ner(data / nlp_data.NER_TRAIN))
    ner_train, ner_valid = nlp_data.every_nth(ner_all, VALIDATION_EVERY)
    write_docbin(ner_train, CORPUS / "ner-train.spacy")
    write_docbin(ner_valid, CORPUS / "ner-valid.spacy")

    stats = {
        "v1_sentences": mapper.stats["sentences"],
        "v1_sentences_without_v2_tree": mapper.stats["sentences without v2 tree"],
        "v1_tokens_with_lemma": f"{mapper.stats['tokens with lemma']} of {mapper.stats['tokens']}",
        "v1_prepositional_mwe_restructured": mapper.stats["prepositional mwe restructured"],
        "v1_cc_attached_to_next_conjunct": mapper.stats["cc attached to the next conjunct"],
        "v1_punct_attached_to_next_conjunct": mapper.stats["punct attached to the next conjunct"],
        "v1_upos_changed": {k[5:]: v for k, v in mapper.stats.most_common() if k.startswith("upos ") and v},
        "v1_deprel_changed": {k[7:]: v for k, v in mapper.stats.most_common() if k.startswith("deprel ") and v},
    }
    log(f"v1→v2 mapping: {json.dumps(stats, ensure_ascii=False)}")
    return stats


def train_component(config: Path, name: str, steps: int) -> float:
    """Train one config; return the wall time in seconds."""
    output = BUILD / name
    if output.exists():
        shutil.rmtree(output)
    started = time.monotonic()
    spacy_train(
        config,
        output,
        use_gpu=-1,
        overrides={
            "paths.train": str(CORPUS / f"{name}-train.spacy"),
            "paths.dev": str(CORPUS / f"{name}-valid.spacy"),
            "training.max_steps": steps,
        },
    )
    seconds = time.monotonic() - started
    log(f"trained {name} in {seconds / 60:.1f} min")
    return seconds


def assemble(timings: dict) -> None:
    """The syntactic pipeline + the trained ner + entity rulers, with metadata, saved
    so that `spacy.load("models/sv_rapportanalys")` needs nothing but spaCy."""
    nlp = spacy.load(BUILD / "ud" / "model-best")
    ner_nlp = spacy.load(BUILD / "ner" / "model-best")
    nlp.add_pipe("ner", source=ner_nlp)
    nlp_rules.add_entity_rulers(nlp, nlp_rules.load_municipalities())

    # Nothing in the saved config may point at our code or at the build directory.
    nlp.config["initialize"]["after_init"] = None
    nlp.config["paths"]["train"] = None
    nlp.config["paths"]["dev"] = None

    validation = {
        "ud": json.loads((BUILD / "ud" / "model-best" / "meta.json").read_text())["performance"],
        "ner": json.loads((BUILD / "ner" / "model-best" / "meta.json").read_text())["performance"],
    }
    nlp.meta.update(META)
    nlp.meta["spacy_version"] = ">=3.8.0,<3.9.0"
    nlp.meta["performance"] = {
        k: v
        for part in validation.values()
        for k, v in part.items()
        if k.endswith(("_acc", "_uas", "_las", "_p", "_r", "_f")) and not k.startswith("tag_micro")
    }
    nlp.meta["notes"] = (
        "performance: scores on the validation slice used to pick checkpoints (every "
        f"{VALIDATION_EVERY}th training document), not on held-out data; see "
        "benchmarks/nlp_accuracy.py for UD Talbanken v2 dev and swedish-ner test. "
        f"Training time: {json.dumps({k: round(v) for k, v in timings.items()})} seconds."
    )
    if OUTPUT.exists():
        shutil.rmtree(OUTPUT)
    nlp.to_disk(OUTPUT)
    size = sum(f.stat().st_size for f in OUTPUT.rglob("*") if f.is_file())
    log(f"saved {OUTPUT.relative_to(REPO)} ({size / 1e6:.1f} MB): {nlp.pipe_names}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=nlp_data.DEFAULT_DATA_DIR, help="the shared nlp-data directory")
    parser.add_argument("--stage", choices=["convert", "train-ud", "train-ner", "assemble", "all"], default="all")
    parser.add_argument("--ud-steps", type=int, default=UD_STEPS)
    parser.add_argument("--ner-steps", type=int, default=NER_STEPS)
    args = parser.parse_args(argv)

    timings_file = BUILD / "timings.json"
    timings = json.loads(timings_file.read_text()) if timings_file.exists() else {}
    if args.stage in ("convert", "all"):
        started = time.monotonic()
        convert(args.data.resolve())
        timings["convert"] = time.monotonic() - started
    if args.stage in ("train-ud", "all"):
        timings["train-ud"] = train_component(MODELS / "config_ud.cfg", "ud", args.ud_steps)
    if args.stage in ("train-ner", "all"):
        timings["train-ner"] = train_component(MODELS / "config_ner.cfg", "ner", args.ner_steps)
    BUILD.mkdir(exist_ok=True)
    timings_file.write_text(json.dumps(timings, indent=2))
    if args.stage in ("assemble", "all"):
        assemble(timings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
