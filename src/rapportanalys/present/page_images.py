"""Page images of a report, rendered once and kept on disk, for the app's side-by-side view.

A page is rendered by pypdfium2 to ``<folder>/<page>.jpg`` (1-based), where the folder is named
after the PDF's sha256 and the scale, under the cache (``rapportanalys.cache``), so a report
opened again, or by another session, is never rendered twice. Rendering a 55-page report takes
a few seconds, so it runs in a child process (pdfium is not thread-safe, and the app parses with
it in its own threads): the viewer shows each page as soon as its file exists. Page sizes are read
at once (cheap, and kept beside the images), so the layout and the passage boxes are right before
any image arrives.

This file runs as a script in that child process and imports nothing of rapportanalys there.
"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

SCALE = 1.5  # 893 px for an A4 page: sharp in a half-screen column
QUALITY = 82
_lock = threading.Lock()
_running: dict[str, subprocess.Popen] = {}


def page_sizes(pdf: str | os.PathLike, keep: Path | None = None) -> list[tuple[float, float]]:
    """(width, height) in PDF points of every page, as shown (after /Rotate); read from
    ``keep`` (a JSON file) when an earlier call wrote them there, so that a report opened again
    is not opened in pdfium at all."""
    import json

    if keep is not None:
        try:
            return [tuple(wh) for wh in json.loads(Path(keep).read_text(encoding="utf-8"))]
        except (OSError, ValueError, TypeError):
            pass
    import pypdfium2 as pdfium

    with _lock:
        doc = pdfium.PdfDocument(str(pdf))
        try:
            sizes = [tuple(round(v, 2) for v in doc[i].get_size()) for i in range(len(doc))]
        finally:
            doc.close()
    if keep is not None:
        try:
            Path(keep).parent.mkdir(parents=True, exist_ok=True)
            tmp = Path(keep).with_name(f".{Path(keep).name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(sizes), encoding="utf-8")
            os.replace(tmp, keep)
        except OSError:
            pass  # only a head start next time
    return sizes


def folder_name(sha256: str, scale: float = SCALE) -> str:
    return f"{sha256}-{int(round(scale * 100))}"


def missing(pdf_folder: Path, pages: int) -> list[int]:
    return [n for n in range(1, pages + 1) if not (pdf_folder / f"{n}.jpg").exists()]


def ensure_rendered(pdf: str | os.PathLike, folder: Path, pages: int, scale: float = SCALE,
                    wait: bool = False) -> None:
    """Start rendering the pages of ``pdf`` not yet in ``folder`` (a child process; one per
    folder at a time). ``wait`` blocks until it is done (tests, benchmarks)."""
    folder = Path(folder)
    if not missing(folder, pages):
        return
    key = str(folder)
    with _lock:
        proc = _running.get(key)
        if proc is None or proc.poll() is not None:
            folder.mkdir(parents=True, exist_ok=True)
            proc = subprocess.Popen([sys.executable, __file__, str(pdf), str(folder), str(scale)],
                                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _running[key] = proc
    if wait:
        proc.wait()


def render_all(pdf: str, folder: str, scale: float) -> None:
    """Render every page that has no image yet (atomically: a half-written file is never
    served)."""
    import pypdfium2 as pdfium

    out = Path(folder)
    doc = pdfium.PdfDocument(pdf)
    try:
        for i in range(len(doc)):
            target = out / f"{i + 1}.jpg"
            if target.exists():
                continue
            image = doc[i].render(scale=scale).to_pil().convert("RGB")
            tmp = out / f".{i + 1}.{os.getpid()}.tmp"
            image.save(tmp, format="JPEG", quality=QUALITY, optimize=False)
            os.replace(tmp, target)
    finally:
        doc.close()


if __name__ == "__main__":  # the child process: python page_images.py PDF FOLDER SCALE
    try:
        os.nice(5)  # behind the app's own work
    except OSError:
        pass
    render_all(sys.argv[1], sys.argv[2], float(sys.argv[3]))
