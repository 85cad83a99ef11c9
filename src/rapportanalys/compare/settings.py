"""Every threshold of ``compare`` and ``reuse``, with its default, in one place.

Settings are data: a comparison stores the settings it ran with (``Comparison.settings``), so a
result can be reproduced and two results can be told apart. Each field says what it decides and
why its default is where it is; the defaults were set on the Kungälv 2022 → 2023 labels
(``benchmarks/labels/``) and checked on the real Göteborg pair.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any


@dataclass(frozen=True)
class CompareSettings:
    # -- section alignment -------------------------------------------------------------------
    # A section pair scores title similarity and content similarity (TF-IDF of the section's
    # text and its sub-sections'); renamed sections keep their content, renumbered ones their
    # title words, so both count.
    section_title_weight: float = 0.4
    section_content_weight: float = 0.6
    # Repeated sub-headings ("Strategi för förvaltningens insatser" in every goal area) are told
    # apart by their parents: this share of the parents' score is added to the pair's.
    section_parent_weight: float = 0.5
    # Below this (title + content) score two sections are not the same section.
    section_min_score: float = 0.35

    # -- passage alignment -------------------------------------------------------------------
    # Candidate pairs: each passage's best TF-IDF neighbours on the other side ...
    candidates_per_passage: int = 5
    # ... whose cosine similarity is at least this (pairs below share almost no words).
    candidate_min_cosine: float = 0.1
    # Two passages correspond when their number-masked texts are at least this similar
    # (rapidfuzz Indel ratio, 0-1) and they sit in sections that correspond ...
    min_similarity: float = 0.55
    # ... or at least this similar anywhere else (a passage moved to another section must be
    # clearly the same passage: template sentences in unrelated sections look alike).
    min_similarity_elsewhere: float = 0.7
    # Among equally similar candidates (the same caption in seven goal areas) prefer the one in
    # the corresponding section; small, so it only breaks ties.
    section_bonus: float = 0.05
    # Blocks up to this many characters (masked text) are also paired letter by letter: a typo
    # in a short heading or caption changes one of its few words, which TF-IDF cannot see.
    short_block_chars: int = 80
    # A paragraph joins a neighbour's passage (merge or split) when at least this share of it
    # is found inside the other side's text (rapidfuzz partial ratio, 0-1).
    containment_min: float = 0.9

    # Two blocks still without a counterpart after that, in corresponding sections, are one
    # paragraph rewritten when they hold the same sentence: a sentence of each (numbers masked,
    # as long as a carried-over sentence must be) at least this alike (rapidfuzz Indel ratio,
    # 0-1). The reuse finder's "same sentence" (ReuseSettings.sentence_min_similarity).
    same_sentence_min: float = 0.85

    # -- statuses ----------------------------------------------------------------------------
    # A word changed by at most this many characters is a typo-level edit ("Områdesbaserat" /
    # "Områdebaserat", "Kungälv bostäder" / "Kungälvsbostäder"), not a rewording; never more than
    # half of a word's letters ("(D)" → "(M)" is another party). Also the typo tolerance of list
    # entries, which pair by shared words.
    typo_max_chars: int = 2
    # "figures_updated" allows this many changed words beside the figures: the words that
    # agree with them ("ökat" → "minskat", a dropped "nu").
    figure_word_edits: int = 2
    # ... and at most this share of the passage's words: in a ten-word line, a changed name
    # ("Göteborg Energi AB" → "Älvstranden Utveckling AB") is a rewording, not agreement.
    figure_word_share: float = 0.15

    # -- figure changes ----------------------------------------------------------------------
    # A sentence of a removed passage restated with new figures in a new passage of the
    # corresponding section (its words, numbers masked, at least this alike: Indel similarity
    # 0-1) has its figures paired all the same (compare/figure_pairs.py).
    restated_min_similarity: float = 0.7

    # -- carried-over sentences ----------------------------------------------------------------
    # A sentence of a modified or new passage found in last year's report counts as carried
    # over when it has at least this many words and characters (words as compared): shorter
    # ones ("Se bilaga.") recur everywhere and say nothing about reuse; "Anmärkning är
    # allvarligast." (three words) is a sentence an auditor counts.
    carried_min_words: int = 3
    carried_min_chars: int = 25

    # -- activities across editions ----------------------------------------------------------
    # Two activities are the same activity when their titles (numbers masked, word order aside)
    # are at least this alike ...
    activity_min_title: float = 0.7
    # ... or, with a reworded title, their comments are at least this alike and their sections
    # correspond.
    activity_min_comment: float = 0.8
    # Among equally alike titles, the one under the corresponding section wins.
    activity_section_bonus: float = 0.15

    # -- inconsistencies ---------------------------------------------------------------------
    # Two figures measure the same quantity when their unit and period agree and the words
    # around them overlap at least this much (Jaccard, 0-1).
    inconsistency_min_context: float = 0.5

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def with_(self, **changes: Any) -> "CompareSettings":
        return replace(self, **changes)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "CompareSettings":
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(frozen=True)
class ReuseSettings:
    # Sentences shorter than this (normalised characters) never start a match: "Källa: Kolada"
    # recurs everywhere and says nothing.
    min_sentence_chars: int = 12
    # Two sentences are the same sentence at this similarity (rapidfuzz Indel ratio, 0-1) ...
    sentence_min_similarity: float = 0.85
    # ... or when the shorter one, at least ``containment_min_chars`` long, sits inside the
    # longer one at this partial-ratio similarity ("Utökat samarbete kring …" inside
    # "Beträffande trygghet har förvaltningen Utökat samarbete kring …").
    containment_min: float = 0.9
    containment_min_chars: int = 60
    # Sentence pairs are found among TF-IDF neighbours (word bigrams) at least this similar.
    candidate_min_cosine: float = 0.4
    # A reused passage is two sentences or more and at least ``min_passage_chars`` long, or
    # one sentence of at least ``long_sentence_chars``.
    min_sentences: int = 2
    min_passage_chars: int = 50
    long_sentence_chars: int = 100
    # Template text: a sentence found in at least this many reports ...
    boilerplate_min_reports: int = 3
    # ... or, shorter than a long sentence, at least this many times in all (a caption repeated
    # in every goal area). A passage is boilerplate when most of its characters are template
    # sentences.
    boilerplate_min_occurrences: int = 4

    # -- reuse across a corpus database (``reuse --db``) --------------------------------------
    # Passages are a block's text, a long block cut into runs of sentences of at most
    # ``corpus_passage_max_chars``; shorter than ``min_passage_chars`` (masked) is not indexed.
    corpus_passage_max_chars: int = 1200
    # Candidates share word ``corpus_shingle_words``-grams (numbers masked, lower case), of
    # which only the winnowed ones are kept (the least hash in every ``corpus_winnow_window``
    # consecutive n-grams: a shared run of window + n - 1 words always shares one) ...
    corpus_shingle_words: int = 5
    corpus_winnow_window: int = 4
    # ... at least this many of them (one shared 5-gram is a common phrase, not a copy).
    corpus_min_shared: int = 2
    # ... or one, when a passage has at most this many (a short passage, edited, may keep
    # only one).
    corpus_small_passage_shingles: int = 12
    # Template text in a corpus: an n-gram found in at least this many municipalities (stale
    # text stays in one, a copy reaches a few), or in this many passages (a caption repeated
    # everywhere), is template; a passage whose n-grams are mostly template is boilerplate.
    # Boilerplate is grouped into clusters and never paired.
    corpus_boilerplate_min_municipalities: int = 5
    corpus_boilerplate_min_passages: int = 200
    # Verification (rapidfuzz on number-masked text): the same passage, edited, at this Indel
    # ratio or more; a passage inside a longer one at ``containment_min`` partial ratio.
    corpus_min_similarity: float = 0.75
    # Above this Indel ratio (unmasked) two passages are the same text (typo-level edits).
    corpus_exact_similarity: float = 0.98
    # DuckDB resources for the corpus run.
    corpus_threads: int = 2
    corpus_memory_limit: str = "2GB"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def with_(self, **changes: Any) -> "ReuseSettings":
        return replace(self, **changes)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ReuseSettings":
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})
