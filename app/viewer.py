"""The side-by-side document viewer: a Streamlit custom component shipped in the repository
(``app/component/index.html``: plain HTML and JavaScript speaking Streamlit's component protocol;
nothing is downloaded or built). Written here rather than taken from PyPI because no kept-up
package draws many coloured boxes on two PDFs with synchronised scrolling and a change list, and
PDF.js viewers would load the whole PDF into the browser and re-render on every visit.

Streamlit serves a component's files from one folder and refuses files outside it (symbolic
links included), so the folder is in the cache: ``index.html`` is copied there, and the page
images (``present.page_images``) are rendered into its ``pages/``, once per report and scale.
"""
from __future__ import annotations

import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

import streamlit.components.v1 as components

from rapportanalys import cache
from rapportanalys.present import page_images

SOURCE = Path(__file__).resolve().parent / "component" / "index.html"
HEIGHT = 820


@lru_cache(maxsize=1)
def root() -> Path:
    """The folder Streamlit serves the viewer from: ``<cache>/viewer`` (a temporary folder when
    the cache is off)."""
    base = cache.cache_dir()
    folder = base / "viewer" if base else Path(tempfile.mkdtemp(prefix="rapportanalys-viewer-"))
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "index.html"
    if not target.exists() or target.read_bytes() != SOURCE.read_bytes():
        tmp = folder / ".index.html.tmp"
        shutil.copyfile(SOURCE, tmp)
        tmp.replace(target)
    return folder


_component = components.declare_component("dokumentvy", path=str(root()))


def render_pages(sha256: str, pdf: str, pages: int) -> None:
    """Start rendering a report's page images (those not on disk yet) in the background: called
    as soon as an upload is parsed, so that its first pages are ready while the pair is compared."""
    page_images.ensure_rendered(pdf, root() / "pages" / page_images.folder_name(sha256), pages)


def document(sha256: str, pdf: str | None, sizes: list, title: str) -> dict:
    """One side's page sizes and the URL folder of its page images (rendering started)."""
    if pdf is not None:
        render_pages(sha256, pdf, len(sizes))
    return {"base": f"pages/{page_images.folder_name(sha256)}/", "pages": [list(wh) for wh in sizes], "title": title}


def show(data: dict, old: dict, new: dict, selected: int | None, key: str):
    """Draw the viewer; returns the index of the change the user picked last (or None)."""
    value = _component(old=old, new=new, passages=data["passages"], shown=data["shown"],
                       statuses=data["statuses"], selected=selected, height=HEIGHT, key=key, default=None)
    return value.get("selected") if isinstance(value, dict) else None
