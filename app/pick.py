"""The one widget both the Jämför and the Rapport page use: pick a report from the corpus (or
the sample corpus) or upload a PDF. Returns (report, pdf) or None; errors are shown in Swedish."""
from __future__ import annotations

import data
import streamlit as st

from rapportanalys.present.views import UPLOAD_LIMIT_MB

FROM_CORPUS = "Från korpusen"
UPLOAD = "Ladda upp PDF"


def source(key: str, upload_label: str = UPLOAD) -> str:
    where = "korpusdatabasen" if data.db_path() else "exempelkorpusen"
    return st.radio("Källa", [FROM_CORPUS, upload_label], horizontal=True, key=f"{key}-source",
                    captions=[f"Rapporter i {where}", f"Högst {UPLOAD_LIMIT_MB} MB per fil"])


def from_corpus(label: str, key: str, choices: list[data.Choice], default: int | None = None):
    choice = st.selectbox(label, choices, index=default, format_func=lambda c: c.label, key=key,
                          placeholder="Välj rapport …")
    return _load(lambda: data.load(choice)) if choice else None


def from_upload(label: str, key: str):
    file = st.file_uploader(label, type=["pdf"], key=key, max_upload_size=UPLOAD_LIMIT_MB)
    if file is None:
        return None
    return _load(lambda: data.load_upload(file.name, file.getvalue()))


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
