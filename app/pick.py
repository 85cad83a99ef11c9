"""The one widget both the Jämför and the Rapport page use: pick a report (from the corpus, the
sample corpus or an earlier upload) or upload a PDF. Returns (report, pdf, choice) or None;
errors are shown in Swedish. What was picked is kept in session state under ``keep`` so that it
survives going to another page and back."""
from __future__ import annotations

import data
import streamlit as st
import viewer

from rapportanalys.present.views import UPLOAD_LIMIT_MB

FROM_CORPUS = "Välj bland rapporterna"
UPLOAD = "Ladda upp PDF"
# the uploader takes somewhat more than the limit, so that a file just over it gets the Swedish
# message (views.too_large_sv) instead of the browser's English one
UPLOADER_MB = UPLOAD_LIMIT_MB * 4


def source(key: str, upload_label: str = UPLOAD) -> str:
    where = "korpusdatabasen" if data.db_path() else "exempelkorpusen"
    return st.radio("Källa", [FROM_CORPUS, upload_label], horizontal=True, key=f"{key}-source",
                    captions=[f"Rapporter i {where} och tidigare uppladdade filer",
                              f"Högst {UPLOAD_LIMIT_MB} MB per fil"])


def from_corpus(label: str, key: str, choices: list[data.Choice], want: str | None = None):
    """A report picker; ``want`` (a sha256 from the address or the session) is picked when the
    widget has no value of its own yet."""
    if key not in st.session_state and want:
        match = next((c for c in choices if c.sha256 == want), None)
        if match is not None:
            st.session_state[key] = match
    choice = st.selectbox(label, choices, index=None, format_func=lambda c: c.label, key=key,
                          placeholder="Välj rapport …")
    if not choice:
        return None
    loaded = _load(lambda: data.load(choice))
    return (*loaded, choice.sha256) if loaded else None


def _uploader(label: str, key: str):
    return st.file_uploader(label, type=None, key=key, max_upload_size=UPLOADER_MB,
                            help=f"En PDF-fil, högst {UPLOAD_LIMIT_MB} MB.")


def from_upload(label: str, key: str):
    file = _uploader(label, key)
    if file is None:
        return None
    loaded = _load(lambda: data.load_upload(file.name, file.getvalue()))
    return (*loaded, loaded[0].source.sha256) if loaded else None


def from_uploads(places: list, labels: list[str], keys: list[str]) -> list:
    """An uploader in each of ``places`` (columns); the files given are parsed at the same time
    (``data.load_uploads``), each error shown under its own uploader."""
    files = []
    for place, label, key in zip(places, labels, keys):
        with place:
            files.append(_uploader(label, key))
    loaded = data.load_uploads([(f.name, f.getvalue()) if f is not None else None for f in files])
    out = []
    for place, item in zip(places, loaded):
        if isinstance(item, data.Unavailable):
            place.error(str(item), icon=":material/error:")
            item = None
        elif item:
            viewer.render_pages(item[0].source.sha256, item[1], item[0].source.pages)
        out.append((*item, item[0].source.sha256) if item else None)
    return out


def _load(fn):
    try:
        return fn()
    except data.Unavailable as exc:
        st.error(str(exc), icon=":material/error:")
        return None


def corpus_choices() -> list[data.Choice] | None:
    try:
        return data.choices()
    except data.Unavailable as exc:
        st.error(str(exc), icon=":material/error:")
        return None


def pair(key: str, labels: tuple[str, str], keys: tuple[str, str], wants=(None, None)) -> tuple:
    """Two reports side by side, for the Jämför page and its Jämför kommuner mode: picked from
    the corpus (``wants``: the sha256 each picker starts from), or two uploads parsed at once."""
    mode = source(key, "Ladda upp två PDF-filer")
    left, right = st.columns(2)
    with st.spinner("Läser rapporterna …"):
        if mode == FROM_CORPUS:
            choices = corpus_choices() or []
            picked = []
            for place, label, k, want in zip((left, right), labels, keys, wants):
                with place:
                    picked.append(from_corpus(label, k, choices, want))
            return tuple(picked)
        return tuple(from_uploads([left, right], list(labels), [f"{k}-upload" for k in keys]))
