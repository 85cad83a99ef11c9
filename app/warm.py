"""Imports the libraries the app's pages need, in a thread of the server, before a page asks.

Streamlit imports a page's modules only when the first browser connects, so the first visit to a
freshly started app paid 2–3 s of imports (pandas, the library) before it could show anything,
and the first comparison 2 s more (scikit-learn and SciPy for ``compare``, spaCy for ``parse``).
``app/serve.py`` (what ``rapportanalys app`` runs) calls :func:`start` with the server.

In two stages. First what the Jämför page needs to show a pair it has compared before (pandas
and the library's reading of stored reports and comparisons), at once, while the server starts
and the browser loads Streamlit's own page. Then what a new comparison needs (the parser and
spaCy with its pipeline, SciPy, scikit-learn), then what the other pages need (altair, DuckDB),
in small steps: while Streamlit's server is still starting (no browser can come yet), then from
the first page on (or when no one has come for a while), but never while a page that shows a
pair is laid out or in the few seconds after it, while the browser draws the viewer
(``main.py`` calls :func:`page_started` and :func:`page_done`), nor while a report is parsed
(:func:`paused`). A page that waits for the user to pick or upload two reports lets them go on:
the first comparison after an upload needs them soon.

Going on from the server's start regardless, the second stage took the machine (two cores,
shared with the browser) from a freshly started app's first page, which also waited for the
import under way: a pair opened again came 0.4–0.5 s later. Waiting for the first page
instead, it left the first comparison after an upload 1–2 s later: what it imports while
the server starts is free. A page starting while a module loads runs beside it; it waits only
where it needs that module (Python's import lock: nothing is imported twice) or where it parses.
A library that fails to import here fails again, with its message, where the page imports it.

Beside the imports, a thread makes Streamlit's own once-per-process check of how it was started
(:func:`streamlit_stack_check`) as soon as the server's runtime exists, so that a freshly started
app's first page does not make it before its first element is shown.
"""
import importlib
import threading
import time
from contextlib import contextmanager

QUIET = 3.0  # seconds after a page that shows a pair (the browser drawing it) before going on
ALONE = 10.0  # seconds after the start with no page laid out, after which the second stage begins
FIRST = ("pandas", "rapportanalys.cache", "rapportanalys.read", "rapportanalys.present.views",
         "rapportanalys.present.corpus_views", "rapportanalys.present.page_images", "streamlit.components.v1",
         "streamlit.emojis")  # its one large pattern, compiled on import, for the page icon: 50-90 ms
# a new comparison's first (an upload is compared as soon as it is parsed), then the other pages'
THEN = ("rapportanalys.pipeline", "spacy", "scipy.sparse", "scipy.optimize", "sklearn.feature_extraction.text",
        "rapportanalys.compare.compare", "altair", "rapportanalys.store")
_state = threading.Condition()  # guards the counters below; held only for a moment
_step = threading.Lock()  # held by this thread through each import
_drawing = 0  # pages under way that show a pair
_parsing = 0  # parses under way (paused)
_pages = 0  # pages started since the server started
_alone_until = 0.0  # monotonic time after which the second stage need not wait for a first page
_quiet_from = 0.0  # monotonic time from which no page needs the machine to itself


def page_started(drawing: bool = True) -> None:
    """A page begins; ``drawing``: it shows a pair (named in the address), much for the browser
    to draw. No import starts until such a page is done; beside any other page (a picker, an
    upload, whose parse holds imports back itself, see :func:`paused`) they go on. An import
    under way goes on in any case: the page waits only where it needs that module (Python's
    import lock)."""
    global _drawing, _pages
    with _state:
        _drawing += drawing
        _pages += 1
        _state.notify_all()


def page_done(drawing: bool = True, started_drawing: bool = True) -> None:
    """A page has been laid out; ``drawing``: it sent the browser a pair to draw (the quiet time
    follows); ``started_drawing``: what :func:`page_started` was told."""
    global _drawing, _quiet_from
    with _state:
        _drawing = max(0, _drawing - started_drawing)
        if drawing:
            _quiet_from = time.monotonic() + QUIET
        _state.notify_all()


@contextmanager
def paused():
    """Around a parse (``data.py``): waits for the import under way to end, and none starts
    until the parse is done. A parse forks a child for the PDF's first look
    (``read/isolated.py``), and a child forked while another thread is inside an import would
    wait forever for that import's lock. Parses side by side do not wait for each other."""
    global _parsing
    with _state:
        _parsing += 1
    try:
        with _step:  # the import under way, if any, ends
            pass
        yield
    finally:
        with _state:
            _parsing -= 1
            _state.notify_all()


def _booting() -> bool:
    """Streamlit's server is still starting (its runtime not made, or not serving yet): no page
    can come yet."""
    try:
        from streamlit.runtime.runtime import Runtime, RuntimeState

        return not Runtime.exists() or Runtime.instance().state == RuntimeState.INITIAL
    except Exception:  # noqa: BLE001 - not under Streamlit (a test): as if started
        return False


def _when_quiet(step) -> None:
    """Run ``step`` while Streamlit's server is still starting, or once a first page has started
    (or ``ALONE`` seconds passed without one); never while a page that shows a pair runs or a
    parse runs, nor in the quiet time after a page that drew a pair."""
    with _state:
        while True:
            now = time.monotonic()
            left = max(_quiet_from - now, 0.0 if _pages or _booting() else _alone_until - now)
            if _drawing == 0 and _parsing == 0 and left <= 0:
                break
            _state.wait(left if _drawing == 0 and _parsing == 0 else None)
        _step.acquire()  # under _state: a parse counted from now on waits for this step
    try:
        step()
    finally:
        _step.release()


def _first(name: str) -> None:
    """A first-stage import: not while a parse runs (see :func:`paused`)."""
    with _state:
        while _parsing:
            _state.wait()
        _step.acquire()
    try:
        importlib.import_module(name)
    finally:
        _step.release()


def streamlit_stack_check(wait: float = 30.0) -> bool:
    """Streamlit's once-per-process check, on the first element a page draws, that it runs under
    ``streamlit run`` (``delta_generator._maybe_print_use_warning``), made here as soon as the
    server's runtime exists. The check walks the drawing thread's whole stack with
    ``inspect.stack()``, which reads the source of every frame and looks up the module of every
    loaded file: 0.07 s idle and 0.1–0.15 s on a loaded machine of a freshly started app's first
    page, before anything was shown. Made from this thread (whose stack is short, and not that of a
    REPL), it finds the runtime and prints nothing, as it would have on the page; a Streamlit
    without the check (renamed or gone) is left alone. True when the check was made here."""
    try:
        from streamlit import delta_generator
        from streamlit.runtime import Runtime
    except Exception:  # noqa: BLE001 - not under Streamlit: nothing to do
        return False
    check = getattr(delta_generator, "_maybe_print_use_warning", None)
    deadline = time.monotonic() + wait
    while not Runtime.exists():  # without a runtime the check would print its warning
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    if check is None:
        return False
    check()
    return True


def start() -> None:
    """Start the warm-up threads, once Streamlit is imported whole in the calling thread.

    Streamlit's package import must not run in two threads at once: with the stack check's
    ``from streamlit import delta_generator`` in one thread and the server's ``from streamlit.web
    import cli`` in the other, Python's import locks saw a deadlock (``_DeadlockError`` on
    ``streamlit.web``), failed the thread's import half-way and took ``streamlit`` out of
    ``sys.modules``; the main thread then ran ``streamlit/__init__.py`` a second time and the app
    died at start with "DeltaGeneratorSingleton instance already exists!" (1 start in 6 with
    freshly compiled modules, as in a new clone; seen as a never-listening app in the tests and
    benchmarks). So Streamlit's command line is imported here, before any thread starts."""
    global _alone_until
    import streamlit.web.cli  # noqa: F401 - see above: before the threads, never beside them

    _alone_until = time.monotonic() + ALONE
    threading.Thread(target=_run, name="rapportanalys-warm", daemon=True).start()
    threading.Thread(target=streamlit_stack_check, name="rapportanalys-stack-check", daemon=True).start()


def _run() -> None:
    try:
        for name in FIRST:
            _first(name)
        for name in THEN:
            _when_quiet(lambda: importlib.import_module(name))
            if name == "spacy":
                from rapportanalys.extract import prepare

                _when_quiet(prepare)  # the spaCy pipeline parse uses
    except Exception:  # noqa: BLE001 - only a head start; the page reports any failure itself
        pass
