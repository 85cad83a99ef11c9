"""Jämför: two reports side by side, as documents (the viewer) and as text, with the change list,
filters, charts and downloads. The pair, the filters and the picked change are kept in session
state and in the address (``?gammal=<sha256>&ny=<sha256>&andring=<n>``), so a reload or a visit
to another page and back shows the same thing."""
import data
import pick
import streamlit as st
import viewer

from rapportanalys.compare.diff import STATUSES
from rapportanalys.present import views
from rapportanalys.present.labels import STATUS_SV, percent_sv

TABS = ("Dokumenten sida vid sida", "Texten passage för passage", "Inaktuell text per sektion", "Ändrade siffror",
        "Aktiviteter", "Exportera")
YEARS, KOMMUNER = "Föregående år mot årets", "Jämför kommuner"
state, params = st.session_state, st.query_params


def municipalities_chosen() -> bool:
    """The mode switch; True when the user compares two municipalities (``views/kommuner.py``).
    The mode is kept in session state and in the address (``?jamforelse=kommuner``). Here, not
    in ``kommuner.py``, so that the year-over-year comparison never imports that module (its
    comparison brings scikit-learn and SciPy, its exports openpyxl: a second and more of
    start-up for a freshly started app opening a known pair)."""
    if "jamforelse" not in state:  # a shared link's mode wins over the one kept in the session
        kept = state.get("keep-jamforelse")
        state["jamforelse"] = KOMMUNER if params.get("jamforelse") == "kommuner" or kept == KOMMUNER else YEARS
    mode = st.radio("Jämförelse", [YEARS, KOMMUNER], horizontal=True, key="jamforelse",
                    captions=["Samma rapport, två år", "Två kommuners rapporter av samma slag"])
    state["keep-jamforelse"] = mode
    if mode == KOMMUNER:
        params["jamforelse"] = "kommuner"
    else:
        params.pop("jamforelse", None)
    return mode == KOMMUNER


st.title("Jämför två rapporter")
if municipalities_chosen():  # the other mode: two municipalities' reports
    from views import kommuner

    kommuner.show()
    st.stop()
st.caption("Föregående års rapport mot årets: vad är nytt, borttaget, omskrivet, oförändrat "
           "eller oförändrat med bara nya siffror.")

# the pair named in the address wins over the one kept in the session (a shared link)
want_old = params.get("gammal") or state.get("keep-old")
want_new = params.get("ny") or state.get("keep-new")

old, new = pick.pair("jamfor", ("Föregående rapport (äldre)", "Aktuell rapport (nyare)"), ("old", "new"),
                     (want_old, want_new))

if not (old and new):
    st.info("Välj två rapporter för att jämföra dem.", icon=":material/info:")
    st.stop()

(old_report, old_pdf, old_sha), (new_report, new_pdf, new_sha) = old, new
previous = (state.get("keep-old"), state.get("keep-new"))
if previous != (None, None) and previous != (old_sha, new_sha):
    # another pair: the picked change belonged to the last one (a shared link's is kept)
    state.pop("keep-change", None)
    params.pop("andring", None)
state["keep-old"], state["keep-new"] = old_sha, new_sha
params["gammal"], params["ny"] = old_sha, new_sha

message = views.identical_sv(old_report, new_report)
if message:
    st.warning(message, icon=":material/content_copy:")
    params.pop("andring", None)
    st.stop()

with st.spinner("Jämför rapporterna …"):
    result = data.comparison(old_report, new_report)

st.subheader(f"{views.report_label(old_report)} → {views.report_label(new_report)}")
s = result.summary
# the counts, the OCR notes and the contradictions stand here, above the tabs, but are sent after
# the open tab (summary() at the end of the page): the browser starts the document viewer's frame
# before it lays out this row of badges and the metric
overview = st.container()


def summary() -> None:
    with overview:
        for side, shown_report in (("Föregående rapport", old_report), ("Aktuell rapport", new_report)):
            if note := views.ocr_note_sv(shown_report):
                st.info(f"{side}: {note}", icon=":material/document_scanner:")
        cols = st.columns(len(STATUSES) + 1)
        for col, status in zip(cols, STATUSES):
            col.html(f'{views.COMPARE_CSS}<div style="font-size:28px;font-weight:600">{views.count_sv(s[status])}</div>'
                     f"{views.badge_html(status)}")
        cols[-1].metric("Inaktuell text", percent_sv(s["stale_share"]),
                        help="Andelen av den aktuella rapportens text som är oförändrad eller har bara nya siffror.")
        for text in views.inconsistency_texts(result):
            st.warning("Motsägelse: " + text, icon=":material/warning:")


rows = views.passage_rows(result)
sections = dict(views.section_options(result))
with st.sidebar:
    st.header("Filter")
    kept_statuses = [x for x in state.get("keep-statuses", list(STATUSES)) if x in STATUSES]
    statuses = st.multiselect("Status", list(STATUSES), default=kept_statuses, format_func=STATUS_SV.get,
                              key="statuses", placeholder="Välj statusar …")
    kept_section = state.get("keep-section")
    section = st.selectbox("Sektion", [None, *sections], key="section",
                           index=[None, *sections].index(kept_section) if kept_section in sections else 0,
                           format_func=lambda k: "Alla sektioner" if k is None else sections[k],
                           placeholder="Välj sektion …")
state["keep-statuses"], state["keep-section"] = statuses, section
shown = views.filter_passages(rows, statuses, section)

# only the open tab runs and is sent to the browser (a long text tab would slow every page);
# the open tab is in the address too
tab_docs, tab_text, tab_sections, tab_figures, tab_activities, tab_export = st.tabs(
    list(TABS), key="flik", on_change="rerun", bind="query-params")

if tab_docs.open:
    with tab_docs:
        st.caption(f"{views.count_sv(len(shown))} av {views.count_sv(len(rows))} passager i listan. Klicka på en "
                   "ändring (eller en ruta på sidan) för att visa den i båda dokumenten; N och F (eller J och K) "
                   "går till nästa och föregående. Varje passage är inramad i sin statusfärg.")
        if old_pdf is None or new_pdf is None:
            st.info("PDF-filen finns inte tillgänglig för den ena rapporten; se fliken Texten passage för passage.",
                    icon=":material/info:")
        else:
            picked = params.get("andring", state.get("keep-change"))
            picked = int(picked) if picked is not None and str(picked).isdigit() else None
            docs = {side: viewer.document(sha, pdf, data.page_sizes(pdf, sha), views.report_label(report))
                    for side, sha, pdf, report in (("old", old_sha, old_pdf, old_report),
                                                   ("new", new_sha, new_pdf, new_report))}
            chosen = viewer.show(views.viewer_data(result, shown), docs["old"], docs["new"], picked,
                                 key=f"viewer-{old_sha[:12]}-{new_sha[:12]}")
            if chosen is not None:
                picked = chosen
            if picked is not None:
                state["keep-change"] = picked
                params["andring"] = str(picked)

summary()

if tab_text.open:
    with tab_text:
        st.caption(f"{views.count_sv(len(shown))} av {views.count_sv(len(rows))} passager visas. "
                   "Överstruket: borttagna ord; grönmarkerat: nya ord; brunmarkerat: meningar som står i "
                   f"föregående rapport (i ändrade och nya passager: {views.count_sv(s.get('carried', 0))}).")
        st.html(views.side_by_side_html(result, shown))

if tab_sections.open:
    with tab_sections:
        frame = views.section_stale_frame(result)
        if frame.empty:
            st.write("Inga sektioner med text.")
        else:
            import altair as alt  # here: the other tabs and a reopened pair need no chart library

            chart = alt.Chart(frame).mark_bar(color="#C98A00").encode(
                x=alt.X("Inaktuell text (%):Q", scale=alt.Scale(domain=[0, 100]),
                        axis=alt.Axis(format="d", title="Inaktuell text (%)")),
                y=alt.Y("Sektion:N", sort=None, title=None, axis=alt.Axis(labelLimit=520)),
                tooltip=["Sektion", alt.Tooltip("Andel:N", title="Inaktuell text"),
                         alt.Tooltip("Tecken (text):N", title="Tecken")]).properties(height=max(200, 24 * len(frame)))
            st.altair_chart(views.swedish_chart(chart), width="stretch")
            st.dataframe(views.swedish_frame(frame.drop(columns=["Andel", "Tecken (text)"])), hide_index=True,
                         width="stretch")

if tab_figures.open:
    with tab_figures:
        figures = views.figure_changes_frame(result)
        st.caption(f"{views.count_sv(len(figures))} ändrade siffror.")
        if figures.empty:
            st.write("Inga ändrade siffror.")
        else:
            st.dataframe(figures, hide_index=True, width="stretch")

if tab_activities.open:
    with tab_activities:
        if not result.activities:
            st.write("Rapporterna har inga aktiviteter att jämföra (aktivitetstabeller finns i uppföljningar av planer).")
        else:
            a = s["activities"]
            cols = st.columns(4)
            cols[0].metric("Ändrad status", views.count_sv(a["status_changed"]))
            cols[1].metric("Samma kommentar som i fjol", views.count_sv(a["comment_unchanged"]),
                           help="Aktiviteter vars kommentar står ord för ord i föregående rapport.")
            cols[2].metric("Nya aktiviteter", views.count_sv(a["added"]))
            cols[3].metric("Borttagna aktiviteter", views.count_sv(a["dropped"]))
            st.dataframe(views.activity_changes_frame(result), hide_index=True, width="stretch")

if tab_export.open:
    with tab_export:
        export = views.for_export(result, shown, statuses, section)
        stem = views.export_stem(result)
        filtered = len(shown) < len(rows)
        st.caption((f"Exporten följer filtren: {views.count_sv(len(shown))} av {views.count_sv(len(rows))} passager."
                    if filtered else "Exporten innehåller alla passager.") + " Filerna anger rapporterna med filnamn, "
                   "aldrig med sökvägar på din dator.")
        shown_ids = tuple(r.index for r in shown)

        def made(kind: str):
            """The file, made only when its button is clicked (and cached for the same filters)."""
            return lambda: data.export_bytes(export, shown_ids)[kind]

        st.download_button("Ladda ned som Excel", made("xlsx"), f"{stem}.xlsx", on_click="ignore",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           icon=":material/table_view:")
        st.download_button("Ladda ned som HTML (en fristående sida)", made("html"), f"{stem}.html", on_click="ignore",
                           mime="text/html", icon=":material/html:")
        st.download_button("Ladda ned som JSON", made("json"), f"{stem}.json", on_click="ignore",
                           mime="application/json", icon=":material/data_object:")
