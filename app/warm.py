"""Imports the libraries the app's pages need, in a thread of the server, before a page asks.

Streamlit imports a page's modules only when the first browser connects, so the first visit to a
freshly started app paid 2–3 s of imports (pandas, altair, the library) before it could show
anything, and the first comparison 2 s more (scikit-learn and SciPy for ``compare``, spaCy for
``parse``). ``app/serve.py`` (what ``rapportanalys app`` runs) starts :func:`start` with the
server: what every page needs is imported while the server starts and the browser loads
Streamlit's own page; what a new comparison needs only once the first page is on screen
(:func:`page_done`, called by ``main.py``), so that it never competes with that page (a pair
opened again comes from the disk cache and needs neither). A page that needs a module still being
imported waits for it (Python's import lock); nothing is imported twice, and a library that fails
to import here fails again, with its message, where the page imports it.
"""
import threading

_first_page = threading.Event()


def page_done() -> None:
    """A page has been laid out: the rest may be imported now."""
    _first_page.set()


def start() -> None:
    threading.Thread(target=_run, name="rapportanalys-warm", daemon=True).start()


def _run() -> None:
    try:
        import altair  # noqa: F401
        import pandas  # noqa: F401

        import rapportanalys.cache  # noqa: F401
        import rapportanalys.present.views  # noqa: F401
        from rapportanalys.store import Corpus  # noqa: F401

        _first_page.wait()
        from rapportanalys.compare import compare  # noqa: F401
        from rapportanalys.extract import prepare

        prepare()  # the spaCy pipeline parse uses
    except Exception:  # noqa: BLE001 - only a head start; the page reports any failure itself
        pass
