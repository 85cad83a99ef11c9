"""Imports the libraries the app's pages need, in a thread of the server, before a page asks.

Streamlit imports a page's modules only when the first browser connects, so the first visit to a
freshly started app paid 2–3 s of imports (pandas, altair, the library) before it could show
anything, and the first comparison 2 s more (scikit-learn and SciPy for ``compare``, spaCy for
``parse``). ``app/serve.py`` (what ``rapportanalys app`` runs) calls :func:`start` with the
server: what every page needs is imported at once, while the server starts and the browser
loads Streamlit's own page; what a new comparison needs only once no page has been running for
a few seconds (``main.py`` calls :func:`page_started` and :func:`page_done`), so that it never
competes with a page being laid out and drawn (a pair opened again comes from the disk cache and
needs neither). A page that needs a module still being imported waits for it (Python's import
lock); nothing is imported twice, and a library that fails to import here fails again, with its
message, where the page imports it.
"""
import threading
import time

QUIET = 3.0  # seconds without a page running (the browser drawing it) before the second round
_state = threading.Condition()
_running = 0
_last_done: float | None = None


def page_started() -> None:
    global _running
    with _state:
        _running += 1


def page_done() -> None:
    global _running, _last_done
    with _state:
        _running = max(0, _running - 1)
        _last_done = time.monotonic()
        _state.notify_all()


def _wait_for_quiet() -> None:
    with _state:
        while True:
            if _running == 0 and _last_done is not None:
                left = _last_done + QUIET - time.monotonic()
                if left <= 0:
                    return
                _state.wait(left)
            else:
                _state.wait()


def start() -> None:
    threading.Thread(target=_run, name="rapportanalys-warm", daemon=True).start()


def _run() -> None:
    try:
        import altair  # noqa: F401
        import pandas  # noqa: F401

        import rapportanalys.cache  # noqa: F401
        import rapportanalys.present.views  # noqa: F401
        from rapportanalys.store import Corpus  # noqa: F401

        _wait_for_quiet()
        from rapportanalys.compare import compare  # noqa: F401
        from rapportanalys.extract import prepare

        prepare()  # the spaCy pipeline parse uses
    except Exception:  # noqa: BLE001 - only a head start; the page reports any failure itself
        pass
