"""Read the shared Swedish training data and turn it into spaCy `Doc`s.

Used by `models/train.py` (training data) and `benchmarks/nlp_accuracy.py` (held-out
data), so that both see the data converted the same way. The data stay where they are
(`../shared/nlp-data/`, see its README); nothing here copies them into the repository.

Three conversions need care:

* UD Talbanken **v1** train (the only train split we have) uses v1 labels and has no
  lemmas. `V1ToV2` maps it to the v2 scheme of the dev/test files, partly by fixed
  renames and partly by lexicons learnt from the v2 files we train on (v2 test and
  PUD). Where v1 has an analysis with no v2 counterpart (`mwe`, `dep`), the sentence
  keeps its tags but not its tree. Lemmas are filled in where the v2 files make them
  near certain (about 80% of tokens, 99% right when checked on held-out v2 text);
  the rest stay missing, which spaCy's lemmatizer ignores.
  The mapping's effect is logged by train.py (how many labels changed, and how).
* Sentences are grouped into documents of up to ten sentences (within a UD document),
  as `spacy convert -n 10` does, so that the parser learns where sentences end.
* The NER corpus has labels without B-/I- prefixes: consecutive tokens with the same
  label are one entity (two adjacent entities of the same type cannot be told apart).
"""

from __future__ import annotations

import collections
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Iterator

from spacy.tokens import Doc
from spacy.vocab import Vocab

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA_DIR = REPO / ".." / "shared" / "nlp-data"

TALBANKEN_DEV = "talbanken/sv_talbanken-ud-dev.conllu"
TALBANKEN_TEST = "talbanken/sv_talbanken-ud-test.conllu"
TALBANKEN_TRAIN_V1 = "talbanken/sv_talbanken-ud-train-v1.conllu"
PUD = "pud/sv_pud-ud-test.conllu"
NER_TRAIN = "swedish-ner/train_corpus.txt"
NER_TEST = "swedish-ner/test_corpus.txt"

SENTENCES_PER_DOC = 10


# --------------------------------------------------------------------------------------
# CoNLL-U
# --------------------------------------------------------------------------------------


@dataclass
class Token:
    form: str
    lemma: str | None  # None: not annotated
    upos: str
    xpos: str
    feats: str  # "" for none
    head: int | None  # 1-based, 0 = root; None: unknown
    deprel: str | None  # None: unknown
    space_after: bool


@dataclass
class Sentence:
    doc_id: str | None
    tokens: list[Token]
    has_parse: bool = True

    @property
    def text(self) -> str:
        return "".join(t.form + (" " if t.space_after else "") for t in self.tokens).strip()


def read_conllu(path: Path) -> list[Sentence]:
    """Read a CoNLL-U file. Multi-word token lines and empty nodes are skipped (the
    Swedish treebanks have no multi-word tokens; empty nodes only matter for the
    enhanced graph)."""
    sentences: list[Sentence] = []
    tokens: list[Token] = []
    doc_id: str | None = None
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            line = line.rstrip("\n")
            if not line:
                if tokens:
                    sentences.append(Sentence(doc_id, tokens))
                    tokens = []
                continue
            if line.startswith("#"):
                if line.startswith("# newdoc id"):
                    doc_id = line.split("=", 1)[1].strip()
                continue
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:
                continue
            tokens.append(
                Token(
                    form=cols[1],
                    lemma=None if cols[2] == "_" else cols[2],
                    upos=cols[3],
                    xpos=cols[4],
                    feats="" if cols[5] == "_" else cols[5],
                    head=int(cols[6]),
                    deprel=cols[7],
                    space_after="SpaceAfter=No" not in cols[9],
                )
            )
    if tokens:
        sentences.append(Sentence(doc_id, tokens))
    return sentences


# --------------------------------------------------------------------------------------
# UD v1 → v2
# --------------------------------------------------------------------------------------

# Dependency labels renamed between UD v1 and v2 (https://universaldependencies.org/v2/summary.html).
V1_DEPREL_RENAMES = {
    "dobj": "obj",
    "nsubjpass": "nsubj:pass",
    "csubjpass": "csubj:pass",
    "auxpass": "aux:pass",
    "neg": "advmod",  # v2 Talbanken: "inte" is PART with advmod
    "name": "flat:name",
    "nmod:agent": "obl:agent",
}
# v1 analyses that v2 Talbanken does not have: "för att", "den här", "på grund av" are
# `mwe` in v1 but analysed word by word in v2; `dep` is v1's "unknown". Their trees are
# not used for training rather than teaching the parser the wrong structure (the
# simplest kind, "i dag", is rewritten instead: `_restructure_prepositional_mwes`).
V1_UNMAPPABLE_DEPRELS = {"mwe", "dep"}
V1_UPOS_RENAMES = {"CONJ": "CCONJ", "DT": "DET"}
# v2 turned nominal dependents of predicates from nmod into obl.
PREDICATE_UPOS = {"VERB", "AUX", "ADJ", "ADV"}


def _coarse_deprel(deprel: str | None) -> str:
    """A label that means the same in v1 and v2, for lexicon keys."""
    if deprel is None:
        return ""
    deprel = V1_DEPREL_RENAMES.get(deprel, deprel)
    return {"obl": "nmod", "obl:agent": "nmod:agent"}.get(deprel, deprel)


def _dominant(counter: collections.Counter, min_count: int, min_share: float) -> str | None:
    if not counter:
        return None
    value, count = counter.most_common(1)[0]
    total = sum(counter.values())
    if count >= min_count and count / total >= min_share:
        return value
    return None


@dataclass
class V1ToV2:
    """Maps v1 sentences to v2: UPOS, features, lemmas, dependency labels and the
    places where v2 draws the tree differently.

    The same treebank's XPOS (SUC tags) did not change between versions, so the v2
    files tell, for a word form and its XPOS, which UPOS, features and lemma v2 gives
    it ("inte"/AB → PART with Polarity=Neg, possessive "sin"/PS → PRON, "som"/KN as a
    subordinator → SCONJ). A value is taken from these lexicons only when v2 is
    consistent about it; otherwise the v1 value is kept (renamed where v2 renamed it),
    or the lemma is left missing. Tree changes are in `_v2_deprel`,
    `_attach_coordinators_to_next_conjunct` and `_restructure_prepositional_mwes`;
    each was found by comparing label statistics of v1 train with the v2 files.
    """

    upos_by_word: dict = field(default_factory=lambda: collections.defaultdict(collections.Counter))
    upos_by_word_rel: dict = field(default_factory=lambda: collections.defaultdict(collections.Counter))
    upos_by_xpos: dict = field(default_factory=lambda: collections.defaultdict(collections.Counter))
    feats_by_word: dict = field(default_factory=lambda: collections.defaultdict(collections.Counter))
    feats_by_xpos: dict = field(default_factory=lambda: collections.defaultdict(collections.Counter))
    lemma_by_word: dict = field(default_factory=lambda: collections.defaultdict(collections.Counter))
    base_form_tags: set = field(default_factory=set)
    stats: collections.Counter = field(default_factory=collections.Counter)

    @classmethod
    def learn(cls, v2_sentences: Iterable[Sentence]) -> "V1ToV2":
        mapper = cls()
        tag_count: collections.Counter = collections.Counter()
        tag_is_base_form: collections.Counter = collections.Counter()
        for sentence in v2_sentences:
            for t in sentence.tokens:
                form = t.form.lower()
                mapper.upos_by_word[(form, t.xpos)][t.upos] += 1
                mapper.upos_by_word_rel[(form, t.xpos, _coarse_deprel(t.deprel))][t.upos] += 1
                mapper.upos_by_xpos[t.xpos.split("|")[0]][t.upos] += 1
                mapper.feats_by_word[(form, t.xpos, t.upos)][t.feats] += 1
                mapper.feats_by_xpos[(t.xpos, t.upos)][t.feats] += 1
                mapper.lemma_by_word[(form, t.xpos)][t.lemma] += 1
                tag_count[t.xpos] += 1
                tag_is_base_form[t.xpos] += t.lemma == form
        # Tags whose words are their own lemma (lower-cased) in v2: "NN|UTR|SIN|IND|NOM",
        # "VB|INF|AKT", "PP", ... (at least 98% of at least 30 tokens).
        mapper.base_form_tags = {
            tag for tag, n in tag_count.items() if n >= 30 and tag_is_base_form[tag] / n >= 0.98
        }
        return mapper

    def upos(self, t: Token) -> str:
        if t.xpos.startswith("VB"):
            # v1 tags auxiliaries and copulas VERB; v2 tags them AUX.
            return "AUX" if t.deprel in {"aux", "auxpass", "cop"} else "VERB"
        form = t.form.lower()
        for lexicon, key in (
            (self.upos_by_word_rel, (form, t.xpos, _coarse_deprel(t.deprel))),
            (self.upos_by_word, (form, t.xpos)),
        ):
            value = _dominant(lexicon.get(key, collections.Counter()), min_count=3, min_share=0.8)
            if value:
                return value
        value = _dominant(self.upos_by_xpos.get(t.xpos.split("|")[0], collections.Counter()), 1, 0.95)
        return value or V1_UPOS_RENAMES.get(t.upos, t.upos)

    def feats(self, t: Token, upos: str) -> str:
        value = _dominant(self.feats_by_word.get((t.form.lower(), t.xpos, upos), collections.Counter()), 2, 0.8)
        if value is None:
            value = _dominant(self.feats_by_xpos.get((t.xpos, upos), collections.Counter()), 2, 0.9)
        return t.feats if value is None else value

    def lemma(self, t: Token) -> str | None:
        """The lemma v2 gives this form with this tag, if it always gives the same one
        (seen twice or more); else the lower-cased form for a base-form tag; else
        None (missing)."""
        seen = self.lemma_by_word.get((t.form.lower(), t.xpos))
        if seen and len(seen) == 1 and sum(seen.values()) >= 2:
            return next(iter(seen))
        if t.xpos in self.base_form_tags:
            return t.form.lower()
        return None

    def convert(self, sentence: Sentence) -> Sentence:
        """The sentence in v2 labels. `has_parse` is False when its tree used a v1
        relation with no v2 counterpart."""
        upos = [self.upos(t) for t in sentence.tokens]
        heads = [t.head for t in sentence.tokens]
        deprels = [V1_DEPREL_RENAMES.get(t.deprel, t.deprel) for t in sentence.tokens]
        self._restructure_prepositional_mwes(upos, heads, deprels)
        self._attach_coordinators_to_next_conjunct(heads, deprels)
        has_parse = not any(d in V1_UNMAPPABLE_DEPRELS for d in deprels)
        tokens = []
        for i, t in enumerate(sentence.tokens):
            deprels[i] = self._v2_deprel(deprels[i], upos[i], upos[heads[i] - 1] if heads[i] else None)
            self.stats[f"upos {t.upos}->{upos[i]}"] += t.upos != upos[i]
            self.stats[f"deprel {t.deprel}->{deprels[i]}"] += t.deprel != deprels[i]
            lemma = self.lemma(t)
            self.stats["tokens"] += 1
            self.stats["tokens with lemma"] += lemma is not None
            tokens.append(
                replace(t, upos=upos[i], feats=self.feats(t, upos[i]), lemma=lemma, head=heads[i], deprel=deprels[i])
            )
        self.stats["sentences"] += 1
        self.stats["sentences without v2 tree"] += not has_parse
        return Sentence(sentence.doc_id, tokens, has_parse)

    @staticmethod
    def _v2_deprel(deprel: str, upos: str, head_upos: str | None) -> str:
        """Relations v2 Talbanken labels differently (counts: v1 train, then the v2
        test + PUD files):
        - nominal dependents of predicates are obl, not nmod (the UD v2 change);
        - a preposition introducing a clause ("för att ...") is mark, not case
          (case under a verb: 413, 3);
        - quantifying adjectives ("andra", "hela", "samma", "många") are amod, not
          det (ADJ as det: 934, 0);
        - words the lexicon makes SCONJ ("när", "då") are mark, not advmod (SCONJ as
          advmod in v2: 2 of 906)."""
        if deprel == "nmod" and head_upos in PREDICATE_UPOS:
            return "obl"
        if deprel == "case" and head_upos in {"VERB", "AUX"}:
            return "mark"
        if deprel == "det" and upos == "ADJ":
            return "amod"
        if deprel == "advmod" and upos == "SCONJ":
            return "mark"
        return deprel

    def _attach_coordinators_to_next_conjunct(self, heads: list, deprels: list[str]) -> None:
        """UD v1 attaches a coordinating conjunction ("och", "eller") and the comma
        between conjuncts to the first conjunct; v2 attaches them to the conjunct that
        follows (in v2 Talbanken, cc follows its head 21 times in 1,376; in v1 train,
        1,891 times in 2,277). Rewritten in place (1-based heads)."""
        for i, deprel in enumerate(deprels):
            if deprel not in ("cc", "punct") or not heads[i] or heads[i] - 1 > i:
                continue
            first = heads[i]
            following = [j for j in range(i + 1, len(heads)) if heads[j] == first and deprels[j] == "conj"]
            if following:
                heads[i] = following[0] + 1
                self.stats[f"{deprel} attached to the next conjunct"] += 1

    def _restructure_prepositional_mwes(self, upos: list[str], heads: list, deprels: list[str]) -> None:
        """v1 "i dag", "i regel", "i stället": preposition as head, noun as `mwe`.
        v2: the noun heads the phrase and the preposition is its `case`. Rewritten in
        place (1-based heads); other `mwe` stay and make the tree unusable."""
        for n, deprel in enumerate(deprels):
            if deprel != "mwe" or not heads[n]:
                continue
            a = heads[n] - 1  # the preposition
            other_mwes = [i for i, d in enumerate(deprels) if d == "mwe" and heads[i] == a + 1 and i != n]
            if (
                upos[a] == "ADP"
                and upos[n] == "NOUN"
                and n == a + 1
                and deprels[a] in ("advmod", "nmod")  # an adverbial or modifier phrase
                and not other_mwes
            ):
                for i in range(len(heads)):
                    if heads[i] == a + 1 and i != n:
                        heads[i] = n + 1
                heads[n], deprels[n] = heads[a], ("nmod" if deprels[a] == "advmod" else deprels[a])
                heads[a], deprels[a] = n + 1, "case"
                self.stats["prepositional mwe restructured"] += 1


# --------------------------------------------------------------------------------------
# Sentences → Docs
# --------------------------------------------------------------------------------------


def group_sentences(sentences: list[Sentence], size: int = SENTENCES_PER_DOC) -> list[list[Sentence]]:
    """Consecutive sentences in groups of up to `size`, never across a UD document
    boundary, and never mixing sentences with and without a tree (a spaCy Doc either
    has a parse or has none)."""
    groups: list[list[Sentence]] = []
    current: list[Sentence] = []
    for sentence in sentences:
        if current and (
            len(current) == size
            or sentence.doc_id != current[-1].doc_id
            or sentence.has_parse != current[-1].has_parse
        ):
            groups.append(current)
            current = []
        current.append(sentence)
    if current:
        groups.append(current)
    return groups


def sentences_to_doc(vocab: Vocab, sentences: list[Sentence]) -> Doc:
    """One Doc with words, spaces, tags, POS, morphology, lemmas (where annotated) and
    either the dependency tree or, without one, the sentence boundaries."""
    words, spaces, tags, pos, morphs, lemmas, heads, deps, sent_starts = ([] for _ in range(9))
    offset = 0
    with_parse = all(s.has_parse for s in sentences)
    for sentence in sentences:
        for i, t in enumerate(sentence.tokens):
            words.append(t.form)
            spaces.append(t.space_after)
            tags.append(t.xpos)
            pos.append(t.upos)
            morphs.append(t.feats)
            lemmas.append(t.lemma or "")
            heads.append(offset + (t.head - 1 if t.head else i))
            deps.append(t.deprel)
            sent_starts.append(i == 0)
        offset += len(sentence.tokens)
    if spaces:
        spaces[-1] = False
    return Doc(
        vocab,
        words=words,
        spaces=spaces,
        tags=tags,
        pos=pos,
        morphs=morphs,
        lemmas=lemmas,
        heads=heads if with_parse else None,
        deps=deps if with_parse else None,
        sent_starts=None if with_parse else sent_starts,
    )


def ud_docs(vocab: Vocab, sentences: list[Sentence]) -> list[Doc]:
    return [sentences_to_doc(vocab, group) for group in group_sentences(sentences)]


# --------------------------------------------------------------------------------------
# NER corpus
# --------------------------------------------------------------------------------------


def read_ner(path: Path) -> list[tuple[list[str], list[str | None]]]:
    """Sentences of (words, labels) from the swedish-ner format: `token<whitespace>label`
    per line, `0` = outside, blank line between sentences. A line without a label
    (there is one) gets a missing label (None), not a guessed one."""
    sentences = []
    words: list[str] = []
    labels: list[str | None] = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            line = line.rstrip("\n")
            if not line.strip():
                if words:
                    sentences.append((words, labels))
                    words, labels = [], []
                continue
            parts = line.rsplit(None, 1)
            if len(parts) == 2:
                words.append(parts[0])
                labels.append(parts[1])
            else:
                words.append(parts[0])
                labels.append(None)
    if words:
        sentences.append((words, labels))
    return sentences


def to_bio(labels: list[str | None]) -> list[str | None]:
    """`PER PER 0 LOC` → `B-PER I-PER O B-LOC`."""
    bio: list[str | None] = []
    previous = None
    for label in labels:
        if label is None:
            bio.append(None)
        elif label == "0":
            bio.append("O")
        else:
            bio.append(("I-" if label == previous else "B-") + label)
        previous = label
    return bio


def ner_docs(vocab: Vocab, sentences: list[tuple[list[str], list[str | None]]]) -> list[Doc]:
    """Docs of up to ten sentences with entity annotation and sentence starts. The
    corpus does not record spacing, so tokens are separated by spaces."""
    docs = []
    for start in range(0, len(sentences), SENTENCES_PER_DOC):
        group = sentences[start : start + SENTENCES_PER_DOC]
        words, ents, sent_starts = [], [], []
        for sentence_words, labels in group:
            words.extend(sentence_words)
            ents.extend(to_bio(labels))
            sent_starts.extend([True] + [False] * (len(sentence_words) - 1))
        docs.append(Doc(vocab, words=words, ents=ents, sent_starts=sent_starts))
    return docs


def every_nth(items: list, n: int) -> tuple[list, list]:
    """Split `items` into (kept, held out), holding out every n-th item (deterministic)."""
    kept = [item for i, item in enumerate(items) if i % n != n - 1]
    held_out = [item for i, item in enumerate(items) if i % n == n - 1]
    return kept, held_out
