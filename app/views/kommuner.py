"""Jämför kommuner: the Jämför page's second mode, two municipalities' reports of one kind side
by side (``compare --across``): which topics both treat and which one lacks ("saknas"), the
closest passages of each shared topic, text shared word for word or from a template, the
indicators both report with their values, and the activities by status.

Not a page of its own: Jämför shows the mode switch (``municipalities_chosen`` in
``jamfor.py``) and, in this mode only, imports this module and calls :func:`show` instead of its
year-over-year comparison. The mode is kept in session state and in the address
(``?jamforelse=kommuner``), the pair in session state, like the Jämför page's."""
import data
import pandas as pd
import pick
import streamlit as st

from rapportanalys.compare.which import different_municipalities
from rapportanalys.present import across as present
from rapportanalys.present import views

TABS = ("Ämnen", "Närmaste passager", "Gemensam text", "Indikatorer", "Aktiviteter", "Exportera")


def _frame(rows: list[dict]) -> pd.DataFrame:
    return views.swedish_frame(pd.DataFrame(rows))


def _marked(frame: pd.DataFrame):
    """"saknas" in red, as in the HTML report."""
    return frame.style.map(lambda v: "color:#c0392b;font-style:italic" if v == present.MISSING_SV else "")


def _height(frame: pd.DataFrame) -> int:
    """Tall enough for every row (up to a screen): the topic table is read whole."""
    return min(38 + 35 * len(frame), 1400)


def show() -> None:
    state = st.session_state
    st.caption("Två kommuners rapporter av samma slag: vilka ämnen båda tar upp och vilka som saknas i den "
               "ena, de närmaste passagerna per ämne, text som är gemensam ordagrant eller ur en mall, "
               "indikatorer som båda redovisar och aktiviteterna per status.")
    a, b = pick.pair("kommuner", ("Rapport från kommun A", "Rapport från kommun B"), ("kommun-a", "kommun-b"),
                     (state.get("keep-kommun-a"), state.get("keep-kommun-b")))
    if not (a and b):
        st.info("Välj två rapporter, en från varje kommun, för att jämföra dem.", icon=":material/info:")
        return
    (report_a, _, sha_a), (report_b, _, sha_b) = a, b
    state["keep-kommun-a"], state["keep-kommun-b"] = sha_a, sha_b
    if sha_a == sha_b:
        st.warning("Du har valt samma rapport två gånger. Välj en rapport från en annan kommun.",
                   icon=":material/content_copy:")
        return
    if not different_municipalities(report_a, report_b):
        st.info("Rapporterna anger inte två olika kommuner. Jämförelsen visas ändå, ämne för ämne; "
                "för två år av samma rapport, välj Föregående år mot årets.", icon=":material/info:")
    with st.spinner("Jämför kommunernas rapporter …"):
        result = data.across(report_a, report_b)
    _summary(result, report_a, report_b)
    topics, passages, shared, indicators, activities, export = st.tabs(list(TABS))
    with topics:
        _topics(result)
    with passages:
        _passages(result)
    with shared:
        _shared(result)
    with indicators:
        _indicators(result)
    with activities:
        _activities(result)
    with export:
        _export(result)


def _summary(result, report_a, report_b) -> None:
    st.subheader(f"{views.report_label(report_a)} ↔ {views.report_label(report_b)}")
    a, b = present.side_names(result)
    s = result.summary
    cols = st.columns(6)
    cols[0].metric("Gemensamma ämnen", views.count_sv(s["topics_paired"]))
    cols[1].metric(f"Saknas i {a}", views.count_sv(s["a_lacks"]), help="Ämnen som bara den andra rapporten tar upp.")
    cols[2].metric(f"Saknas i {b}", views.count_sv(s["b_lacks"]), help="Ämnen som bara den andra rapporten tar upp.")
    cols[3].metric("Gemensam text", views.count_sv(s["shared_text"]), help="Passager som står ordagrant i båda.")
    cols[4].metric("Text ur mall", views.count_sv(s["template_text"]),
                   help="Gemensam text som står i många rapporter (en mall eller standardtext).")
    cols[5].metric("Gemensamma indikatorer", views.count_sv(s["indicators_shared"]))


def _topics(result) -> None:
    s = result.summary
    st.caption(f"Varje ämne i båda rapporterna: avsnittet i vardera rapporten, eller ”saknas” där rapporten inte "
               f"tar upp ämnet ({views.count_sv(s['a_lacks'])} saknas i A, {views.count_sv(s['b_lacks'])} i B). "
               "Ämnen paras efter innehåll (de närmaste passagerna), inte efter rubrik.")
    frame = _frame(present.topic_rows(result))
    st.dataframe(_marked(frame), hide_index=True, width="stretch", height=_height(frame))


def _passages(result) -> None:
    if not result.passages:
        st.write("Inga närliggande passager i de gemensamma ämnena.")
        return
    st.caption("De passager i varje gemensamt ämne som liknar varandra mest (liknande, inte nödvändigtvis "
               "kopierade).")
    st.html(views.COMPARE_CSS + present.passages_html(result))


def _table(rows: list, empty: str, caption: str) -> None:
    """One tab's table, with what it shows above it, or what it would have shown."""
    if not rows:
        st.write(empty)
        return
    st.caption(caption)
    st.dataframe(_frame(rows), hide_index=True, width="stretch")


def _shared(result) -> None:
    _table(present.shared_text_rows(result), "Rapporterna har ingen text gemensam ord för ord.",
           "Text som står ordagrant i båda rapporterna; ”ur mall” när den också står i många andra "
           "rapporter (en mall eller standardtext).")


def _indicators(result) -> None:
    _table(present.indicator_rows(result), "Ingen indikator redovisas i båda rapporterna.",
           "Indikatorer som båda rapporterna redovisar, med vardera kommunens eget värde (senaste period); "
           "”(mål)” där värdet är ett mål och inte ett utfall.")


def _activities(result) -> None:
    rows = present.activity_status_rows(result)
    if not rows:
        st.write("Ingen av rapporterna har aktiviteter med status (aktivitetstabeller finns i uppföljningar av "
                 "planer).")
        return
    st.dataframe(_frame(rows), hide_index=True)
    pairs = present.activity_pair_rows(result)
    if pairs:
        st.caption("Aktiviteter med liknande rubrik i båda rapporterna.")
        st.dataframe(_frame(pairs), hide_index=True, width="stretch")


def _export(result) -> None:
    import re

    def stem(report) -> str:
        name = views.file_name(report.source.path).removesuffix(".pdf").removesuffix(".PDF")
        return re.sub(r"[^\w.-]+", "-", name).strip("-.")[:60] or "rapport"

    name = f"kommuner_{stem(result.a_report)}_{stem(result.b_report)}"
    st.caption("Filerna anger rapporterna med filnamn, aldrig med sökvägar på din dator.")

    named = present.named_by_file(result)

    def made(kind: str):
        """The file, made only when its button is clicked (and cached for the pair)."""
        return lambda: data.across_export_bytes(named)[kind]

    st.download_button("Ladda ned som Excel", made("xlsx"), f"{name}.xlsx", on_click="ignore",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       icon=":material/table_view:", key="kommuner-xlsx")
    st.download_button("Ladda ned som HTML (en fristående sida)", made("html"), f"{name}.html", on_click="ignore",
                       mime="text/html", icon=":material/html:", key="kommuner-html")
    st.download_button("Ladda ned som JSON", made("json"), f"{name}.json", on_click="ignore",
                       mime="application/json", icon=":material/data_object:", key="kommuner-json")
