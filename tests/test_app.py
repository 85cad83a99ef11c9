"""The Streamlit app, page by page, headless with Streamlit's AppTest."""
import subprocess
import sys

import pytest

pytest.importorskip("streamlit")
from click.testing import CliRunner
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from rapportanalys.cli import app_command, main
from rapportanalys.present.labels import STATUS_SV

APP = str(ROOT / "app" / "main.py")
CORPUS = ROOT / "corpus"
K22, K23 = "kungalv_social-hallbarhet_2022.pdf", "kungalv_social-hallbarhet_2023.pdf"
TRYGG = "kungalv_trygg-i-kungalv_2023.pdf"


@pytest.fixture
def app(monkeypatch):
    """The app on the sample corpus (no --db)."""
    monkeypatch.delenv("RAPPORTANALYS_DB", raising=False)
    return AppTest.from_file(APP, default_timeout=240)


@pytest.fixture(scope="module")
def small_db(tmp_path_factory):
    """A corpus database made by `rapportanalys ingest` with the two Kungälv follow-ups."""
    db = tmp_path_factory.mktemp("korpus") / "korpus.duckdb"
    result = CliRunner().invoke(main, ["ingest", str(CORPUS / K22), str(CORPUS / K23), "--db", str(db),
                                       "--workers", "1"])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(main, ["reuse", "--db", str(db), "--format", "text"])
    assert result.exit_code == 0, result.output
    return db


def texts(at) -> str:
    parts = [e.value for kind in ("markdown", "html", "caption", "error", "warning", "info", "title",
                                  "subheader") for e in at.get(kind)]
    return "\n".join(str(p) for p in parts)


def assert_clean(at):
    assert not at.exception, [e.value for e in at.exception]
    assert "Traceback" not in texts(at)


def pick(at, key, name):
    box = at.selectbox(key=key)
    matching = [i for i, label in enumerate(box.options) if name in label]
    assert matching, (name, box.options)
    box.select_index(matching[0])


def test_every_page_renders_without_an_exception(app, small_db, monkeypatch):
    app.run()
    assert_clean(app)
    assert "Välj två rapporter" in texts(app)
    app.switch_page("views/rapport.py").run()
    assert_clean(app)
    assert "Välj en rapport" in texts(app)
    monkeypatch.setenv("RAPPORTANALYS_DB", str(small_db))
    app.switch_page("views/korpus.py").run()
    assert_clean(app)


def open_tab(at, label: str):
    """Only the open tab of the Jämför page runs (its state is the widget ``flik``)."""
    at.session_state["flik"] = label
    return at.run()


def test_compare_the_kungalv_reports(app):
    app.run()
    pick(app, "old", K22)
    pick(app, "new", K23)
    app.run()
    assert_clean(app)
    assert not [h for h in app.html if 'class="ra-pair' in h.value]  # the text tab is not open: not run
    open_tab(app, "Texten passage för passage")
    page = texts(app)
    for status in STATUS_SV.values():
        assert status in page
    assert "<del>" in page and "<ins>" in page  # deleted and inserted words are marked
    assert "Motsägelse" in page  # 162 vs 163 hushåll in December 2022
    open_tab(app, "Ändrade siffror")
    figures = [df.value for df in app.dataframe if "Föregående" in df.value.columns][0]
    row = figures[(figures["Föregående"] == "1,9") & (figures["Aktuell"] == "1,7")]
    assert len(row) >= 1 and row.iloc[0]["Skillnad"] == "−0,2" and row.iloc[0]["Enhet"] == "procent"
    open_tab(app, "Exportera")
    assert {b.label for b in app.download_button} >= {
        "Ladda ned som Excel", "Ladda ned som HTML (en fristående sida)", "Ladda ned som JSON"}

    # both documents in the viewer: every passage with its boxes, the change list as filtered
    open_tab(app, "Dokumenten sida vid sida")
    args = viewer_args(app)
    assert len(args["passages"]) == len(args["shown"]) > 100
    assert args["old"]["pages"] and args["new"]["pages"] and args["old"]["base"] != args["new"]["base"]
    # filters: only the passages with new figures, in the text and in the viewer's change list
    app.multiselect(key="statuses").set_value(["figures_updated"]).run()
    args = viewer_args(app)
    assert args["shown"] and {args["passages"][i]["s"] for i in args["shown"]} == {"figures_updated"}
    open_tab(app, "Texten passage för passage")
    side = [h.value for h in app.html if 'class="ra-pair' in h.value][-1]
    assert "nya siffror" in side and "ra-pair ra-unchanged" not in side
    # the pair is in the address
    assert set(app.query_params) >= {"gammal", "ny"}


def viewer_args(at) -> dict:
    import json

    found = [e for e in at.get("component_instance") if e.proto.component_name.endswith("dokumentvy")]
    assert found, "the document viewer is not on the page"
    return json.loads(found[-1].proto.json_args)


def test_the_same_report_twice_gives_a_message_not_a_result(app):
    app.run()
    pick(app, "old", K22)
    pick(app, "new", K22)
    app.run()
    assert_clean(app)
    assert any("samma rapport två gånger" in w.value for w in app.warning)
    assert "100,0 %" not in texts(app) and not app.get("component_instance")


def test_the_pair_survives_a_reload_and_a_visit_to_another_page(app):
    app.run()
    pick(app, "old", K22)
    pick(app, "new", K23)
    app.run()
    params = dict(app.query_params)
    app.multiselect(key="statuses").set_value(["new"]).run()
    # another page and back: the pair and the filter are kept
    app.switch_page("views/rapport.py").run()
    app.switch_page("views/jamfor.py").run()
    assert_clean(app)
    assert K22 in app.selectbox(key="old").value.label and K23 in app.selectbox(key="new").value.label
    assert app.multiselect(key="statuses").value == ["new"]
    # a reload is a new session with the address only
    fresh = AppTest.from_file(APP, default_timeout=240)
    for k, v in params.items():
        fresh.query_params[k] = v
    fresh.run()
    assert_clean(fresh)
    assert viewer_args(fresh)["passages"]
    # another pair forgets the change picked in the last one
    fresh.query_params["andring"] = "3"
    fresh.run()
    assert viewer_args(fresh)["selected"] == 3
    pick(fresh, "new", TRYGG)
    fresh.run()
    assert_clean(fresh)
    assert "andring" not in fresh.query_params and viewer_args(fresh)["selected"] is None


def test_exports_are_named_after_the_reports_and_follow_the_filters(app):
    app.run()
    pick(app, "old", K22)
    pick(app, "new", K23)
    app.run()
    app.multiselect(key="statuses").set_value(["modified"]).run()
    open_tab(app, "Exportera")
    names = {b.proto.label: b.proto.url for b in app.download_button}
    assert len(names) == 3
    captions = texts(app)
    assert "Exporten följer filtren" in captions
    # the files themselves (named by views.export_stem, filtered by views.for_export) are
    # checked in test_views.py: AppTest keeps a download's name out of its element


def test_reports_with_the_same_title_are_told_apart(app, tmp_path, monkeypatch):
    """A draft and its final version: same title, municipality and year."""
    final = tmp_path / "slutlig" / K22
    final.parent.mkdir()
    final.write_bytes((CORPUS / K22).read_bytes() + b"\n% slutlig version\n")
    db = tmp_path / "korpus.duckdb"
    result = CliRunner().invoke(main, ["ingest", str(CORPUS / K22), str(final), str(CORPUS / K23),
                                       "--db", str(db), "--workers", "1"])
    assert result.exit_code == 0, result.output
    monkeypatch.setenv("RAPPORTANALYS_DB", str(db))
    app.run()
    assert_clean(app)
    labels = [label for label in app.selectbox(key="old").options if not label.startswith("Uppladdad")]
    assert len(labels) == len(set(labels)) == 3
    twins = [label for label in labels if "2022" in label]
    assert len(twins) == 2 and all("sha " in label for label in twins)


# Streamlit's own English texts that must never reach a user (placeholders and defaults)
ENGLISH_DEFAULTS = ("Choose an option", "Choose options", "Select...", "Upload", "Drag and drop", "per file",
                    "Browse files", "No results", "Press Enter", "Clear all", "Running...", "Deploy",
                    "Skip to main content", "or smaller", "Select all", "Download as CSV", "Fullscreen")


def _page_texts(at) -> list[str]:
    out = [texts(at)]
    for kind in ("selectbox", "multiselect", "text_input", "radio", "file_uploader", "button", "download_button"):
        for w in at.get(kind):
            proto = w.proto
            for field in ("label", "placeholder", "help"):
                value = getattr(proto, field, "")
                out.append(value)
            if kind in ("selectbox", "multiselect"):
                assert getattr(proto, "placeholder", ""), f"{kind} {proto.label!r} has Streamlit's English placeholder"
            out += list(getattr(proto, "options", []))
    return out


def test_no_page_shows_an_english_default(app, small_db, monkeypatch):
    app.run()
    pick(app, "old", K22)
    pick(app, "new", K23)
    app.run()
    seen = _page_texts(app)
    for tab in ("Texten passage för passage", "Inaktuell text per sektion", "Ändrade siffror", "Exportera"):
        seen += _page_texts(open_tab(app, tab))
    app.radio(key="jamfor-source").set_value("Ladda upp två PDF-filer").run()
    seen += _page_texts(app)
    app.switch_page("views/rapport.py").run()
    pick(app, "report", TRYGG)
    app.run()
    seen += _page_texts(app)
    monkeypatch.setenv("RAPPORTANALYS_DB", str(small_db))
    app.switch_page("views/korpus.py").run()
    seen += _page_texts(app)
    import re

    # the CSS and the script that put Streamlit's own texts in Swedish are code, not text shown
    seen = [re.sub(r"<(style|script)>.*?</\1>", "", str(t), flags=re.S) for t in seen]
    english = [(t, e) for t in seen for e in ENGLISH_DEFAULTS if e in t]
    assert not english, english


@pytest.mark.parametrize("name, data, mime, message", [
    ("anteckningar.txt", b"bara text", "text/plain", "anteckningar.txt: filen är inte en PDF (en .txt-fil)"),
    ("inte-en.pdf", b"hej, det har ar ingen pdf", "application/pdf", "inte-en.pdf: filen är inte en PDF."),
])
def test_upload_of_a_bad_file_gives_the_swedish_message(app, name, data, mime, message):
    app.run()
    app.radio(key="jamfor-source").set_value("Ladda upp två PDF-filer").run()
    app.file_uploader(key="old-upload").upload(name, data, mime)
    app.run()
    assert_clean(app)
    assert any(message in e.value for e in app.error)


def test_upload_of_two_pdfs_compares_them(app):
    app.run()
    app.radio(key="jamfor-source").set_value("Ladda upp två PDF-filer").run()
    app.file_uploader(key="old-upload").upload(K22, (CORPUS / K22).read_bytes(), "application/pdf")
    app.file_uploader(key="new-upload").upload(K23, (CORPUS / K23).read_bytes(), "application/pdf")
    app.run()
    assert_clean(app)
    assert "nya siffror" in texts(app)


def test_report_page_shows_metadata_and_activities_of_trygg(app):
    app.switch_page("views/rapport.py").run()
    pick(app, "report", TRYGG)
    app.run()
    assert_clean(app)
    meta = app.dataframe[0].value
    values = dict(zip(meta["Uppgift"], meta["Värde"]))
    assert values["Kommun"] == "Kungälv" and values["År"] == "2023"
    assert values["Titel"] == "Uppföljning 2023 Trygg i Kungälv"
    activities = [df.value for df in app.dataframe if "Aktivitet" in df.value.columns][0]
    activities = getattr(activities, "data", activities)  # a Styler holds its frame in .data
    assert len(activities) >= 20 and "klar" in set(activities["Status"])
    assert any(b.label == "Ladda ned som JSON" for b in app.download_button)


def test_corpus_page_with_a_database(app, small_db, monkeypatch):
    monkeypatch.setenv("RAPPORTANALYS_DB", str(small_db))
    app.switch_page("views/korpus.py").run()
    assert_clean(app)
    overview = [df.value for df in app.dataframe if "Titel" in df.value.columns][0]
    assert set(overview["Kommun"]) == {"Kungälv"} and set(overview["År"]) == {2022, 2023}
    stale = [df.value for df in app.dataframe if "Inaktuell text (%)" in df.value.columns][0]
    # one point per report with an earlier one from its municipality: the 2023 follow-up
    assert list(stale["År"]) == [2023] and float(stale["Inaktuell text (%)"].iloc[0].replace(",", ".")) > 20
    # one municipality: nothing reused between municipalities, and no same-municipality cell
    assert "Ingen text återanvänd mellan kommuner" in texts(app)
    app.text_input(key="search").input("långtidsarbetslöshet").run()
    assert_clean(app)
    hits = app.dataframe[-1].value
    assert len(hits) >= 2 and hits["Text"].str.contains("ångtidsarbetslöshet").all()
    # the Jämför page lists the database's reports
    app.switch_page("views/jamfor.py").run()
    assert any("Kungälv, 2022" in o for o in app.selectbox(key="old").options)


def test_corpus_page_never_loads_every_report(app, small_db, monkeypatch):
    """The Korpus page draws from SQL aggregates: no stored report is rebuilt."""
    import rapportanalys.store

    def refuse(*a, **k):
        raise AssertionError("the Korpus page loaded a whole report")

    monkeypatch.setattr(rapportanalys.store.Corpus, "report", refuse)
    monkeypatch.setenv("RAPPORTANALYS_DB", str(small_db))
    app.switch_page("views/korpus.py").run()
    assert_clean(app)


def test_a_locked_database_gives_a_clear_message(app, tmp_path, monkeypatch):
    db = tmp_path / "upptagen.duckdb"
    holder = subprocess.Popen([sys.executable, "-c",
                               "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                               "c.execute('CREATE TABLE t (x INT)'); print('ready', flush=True); time.sleep(120)",
                               str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        monkeypatch.setenv("RAPPORTANALYS_DB", str(db))
        app.switch_page("views/korpus.py").run()
        assert_clean(app)
        assert any("används av en annan process" in e.value for e in app.error)
        app.switch_page("views/jamfor.py").run()
        assert_clean(app)
        assert any("används av en annan process" in e.value for e in app.error)
    finally:
        holder.kill()
        holder.wait()


def test_streamlit_stack_check_made_before_the_first_page(monkeypatch, capsys):
    """app/warm.py makes Streamlit's once-per-process check (a walk of the drawing thread's whole
    stack, 0.07-0.15 s of a fresh app's first page) as soon as the server's runtime exists, and
    never before it (without a runtime the check prints a warning)."""
    import importlib.util

    from streamlit import delta_generator
    from streamlit.runtime import Runtime

    spec = importlib.util.spec_from_file_location("warm_under_test", ROOT / "app" / "warm.py")
    warm = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(warm)
    monkeypatch.setattr(delta_generator, "_use_warning_has_been_displayed", False)
    monkeypatch.setattr(Runtime, "exists", classmethod(lambda cls: False))
    assert warm.streamlit_stack_check(wait=0.05) is False
    assert delta_generator._use_warning_has_been_displayed is False  # not made without a runtime
    monkeypatch.setattr(Runtime, "exists", classmethod(lambda cls: True))
    assert warm.streamlit_stack_check(wait=0.05) is True
    assert delta_generator._use_warning_has_been_displayed is True  # the first page's element skips it
    assert "streamlit run" not in capsys.readouterr().err


def test_background_imports_wait_for_pages_and_parses(monkeypatch):
    """app/warm.py: its second stage goes on while the server starts, then waits for a first
    page; none of its imports starts while a page showing a pair runs (or just after), nor
    while a parse runs; a page does not wait for the import under way (it runs beside it), a
    parse does (it forks)."""
    import importlib.util
    import threading
    import time

    spec = importlib.util.spec_from_file_location("warm_under_test", ROOT / "app" / "warm.py")
    warm = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(warm)
    monkeypatch.setattr(warm, "_alone_until", time.monotonic() + 60)
    monkeypatch.setattr(warm, "QUIET", 0.3)
    log = []

    def step(name, seconds=0.0):
        def run():
            log.append((name, "start", time.monotonic()))
            time.sleep(seconds)
            log.append((name, "end", time.monotonic()))
        return lambda: warm._when_quiet(run)

    booting = [True]
    monkeypatch.setattr(warm, "_booting", lambda: booting[0])
    step("import 0")()  # Streamlit's server still starting: no page can come, it goes on
    assert [e[:2] for e in log] == [("import 0", "start"), ("import 0", "end")]
    log.clear()
    booting[0] = False
    first = threading.Thread(target=step("import 1", 0.4))
    first.start()
    time.sleep(0.2)
    assert log == []  # the server is up, no page yet: the second stage waits
    warm.page_started(drawing=True)  # a freshly started app opening a pair
    time.sleep(0.2)
    assert log == []
    warm.page_done(drawing=True, started_drawing=True)
    time.sleep(0.1)
    assert log == []  # the browser draws the pair: quiet a while
    time.sleep(0.4)
    assert [e[:2] for e in log] == [("import 1", "start")]
    warm.page_started(drawing=False)  # a page starting meanwhile: not held up by the import under way
    assert len(log) == 1
    with warm.paused():  # a parse: waits for the import under way to end ...
        assert [e[:2] for e in log] == [("import 1", "start"), ("import 1", "end")]
        second = threading.Thread(target=step("import 2"))
        second.start()
        time.sleep(0.2)
        assert len(log) == 2  # ... and none starts until it is done
        parsed = time.monotonic()
    second.join(5)  # the page without a pair, still running, does not hold it back
    assert log[2][:2] == ("import 2", "start") and log[2][2] >= parsed
    warm.page_done(drawing=False, started_drawing=False)
    first.join(5)


def test_app_command_is_local_headless_and_private():
    command = app_command(None, 8765)
    args = dict(zip(command[4::2], command[5::2]))
    assert command[1].endswith("app/serve.py") and command[2] == "run" and command[3].endswith("app/main.py")
    assert args["--server.address"] == "127.0.0.1" and args["--server.headless"] == "true"
    assert args["--browser.gatherUsageStats"] == "false" and args["--server.maxUploadSize"] == "200"
    assert args["--server.port"] == "8765"
    assert args["--runner.magicEnabled"] == "false"  # no page uses it; rewriting a page costs its first visit
    # watching the app's own files walks every loaded module after each run, before the last messages go out
    assert args["--server.fileWatcherType"] == "none"
    assert args["--runner.postScriptGC"] == "false"  # a full collection after each run delays its last messages


def test_the_server_stops_with_rapportanalys_app(tmp_path):
    """A SIGTERM to ``rapportanalys app`` (a service manager stopping it) stops the Streamlit
    server it started: the server went on running, holding the port, when only the command
    ended (benchmarks that restarted the app on its port were served by the old one)."""
    import signal
    import socket
    import time

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tmp_path / "app.log"
    command = subprocess.Popen([sys.executable, "-m", "rapportanalys.cli", "app", "--port", str(port)],
                               stdout=log.open("w"), stderr=subprocess.STDOUT,
                               env={**__import__("os").environ, "RAPPORTANALYS_CACHE": str(tmp_path)})

    def listening() -> bool:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            return False

    try:
        deadline = time.time() + 60
        while not listening() and time.time() < deadline and command.poll() is None:
            time.sleep(0.2)
        assert listening(), f"the app never listened (exit {command.poll()}): {log.read_text()[-2000:]}"
        command.send_signal(signal.SIGTERM)
        assert command.wait(30) == 0
        assert not listening()
    finally:
        command.kill()
        command.wait()


def test_app_command_rejects_a_missing_database(tmp_path):
    result = CliRunner().invoke(main, ["app", "--db", str(tmp_path / "nope.duckdb")])
    assert result.exit_code == 2 and "file not found" in result.output


def test_no_page_shows_streamlit_magic_output(tmp_path):
    """An expression statement on a page (``a if c else b``) makes Streamlit print the value:
    a user once saw DeltaGenerator documentation under the figures table."""
    import ast

    for page in (ROOT / "app" / "views").glob("*.py"):
        for node in ast.walk(ast.parse(page.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.IfExp):
                raise AssertionError(f"{page.name}:{node.lineno}: an if-expression as a statement is shown by Streamlit")


def test_warm_up_threads_start_only_after_streamlit_is_imported():
    """``rapportanalys app`` died at start, now and then, with "DeltaGeneratorSingleton instance
    already exists!": the warm-up's stack-check thread imported ``streamlit`` while the main
    thread imported ``streamlit.web.cli``, Python's import locks saw a deadlock and failed one
    import half-way, and ``streamlit/__init__.py`` then ran twice. In a fresh interpreter (nothing
    of Streamlit imported), every thread ``warm.start`` creates must find Streamlit's command
    line imported already."""
    script = f"""
import sys, threading
sys.path.insert(0, {str(ROOT / "app")!r})
seen = []
class Recording(threading.Thread):
    def start(self):
        seen.append("streamlit.web.cli" in sys.modules)
threading.Thread = Recording
import warm
assert "streamlit" not in sys.modules
warm.start()
print(seen)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[True, True]", done.stdout
