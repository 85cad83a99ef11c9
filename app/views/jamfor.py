"""Jämför: two reports side by side, passage against passage."""
import altair as alt
import data
import pick
import streamlit as st

from rapportanalys.compare.diff import STATUSES
from rapportanalys.present import views
from rapportanalys.present.labels import STATUS_SV, percent_sv

st.title("Jämför två rapporter")
st.caption("Föregående års rapport mot årets: vad är nytt, borttaget, omskrivet, oförändrat "
           "eller oförändrat med bara nya siffror.")

mode = pick.source("jamfor", "Ladda upp två PDF-filer")
left, right = st.columns(2)
with st.spinner("Läser rapporterna …"):
    if mode == pick.FROM_CORPUS:
        choices = pick.corpus_choices() or []
        with left:
            old = pick.from_corpus("Föregående rapport (äldre)", "old", choices)
        with right:
            new = pick.from_corpus("Aktuell rapport (nyare)", "new", choices)
    else:
        with left:
            old = pick.from_upload("Föregående rapport (äldre)", "old-upload")
        with right:
            new = pick.from_upload("Aktuell rapport (nyare)", "new-upload")

if not (old and new):
    st.info("Välj två rapporter för att jämföra dem.", icon=":material/info:")
    st.stop()

(old_report, old_pdf), (new_report, new_pdf) = old, new
with st.spinner("Jämför rapporterna …"):
    result = data.comparison(old_report, new_report)

st.subheader(f"{views.report_label(old_report)} → {views.report_label(new_report)}")
for side, shown_report in (("Föregående rapport", old_report), ("Aktuell rapport", new_report)):
    if note := views.ocr_note_sv(shown_report):
        st.info(f"{side}: {note}", icon=":material/document_scanner:")
s = result.summary
cols = st.columns(len(STATUSES) + 1)
for col, status in zip(cols, STATUSES):
    col.html(f'{views.COMPARE_CSS}<div style="font-size:28px;font-weight:600">{s[status]}</div>'
             f"{views.badge_html(status)}")
cols[-1].metric("Inaktuell text", percent_sv(s["stale_share"]),
                help="Andelen av den aktuella rapportens text som är oförändrad eller har bara nya siffror.")

for text in views.inconsistency_texts(result):
    st.warning("Motsägelse: " + text, icon=":material/warning:")

rows = views.passage_rows(result)
sections = views.section_options(result)
with st.sidebar:
    st.header("Filter")
    statuses = st.multiselect("Status", list(STATUSES), default=list(STATUSES), format_func=STATUS_SV.get,
                              key="statuses")
    section = st.selectbox("Sektion", [None, *[k for k, _ in sections]], key="section",
                           format_func=lambda k: "Alla sektioner" if k is None else dict(sections)[k])
shown = views.filter_passages(rows, statuses, section)

tab_text, tab_sections, tab_figures, tab_export = st.tabs(
    ["Sida vid sida", "Inaktuell text per sektion", f"Ändrade siffror ({s.get('figure_changes', 0)})", "Exportera"])

with tab_text:
    st.caption(f"{len(shown)} av {len(rows)} passager visas. Överstruket: borttagna ord; "
               "grönmarkerat: nya ord.")
    if shown:
        picked = st.selectbox(
            "Visa passagen på PDF-sidan", [None, *[r.index for r in shown]], key="passage",
            format_func=lambda k: "– välj en passage –" if k is None else
            f"#{k + 1} {STATUS_SV[rows[k].status]}: {rows[k].text[:90]}")
        if picked is not None:
            passage = result.passages[picked]
            page_cols = st.columns(2)
            for col, side, pdf, label in ((page_cols[0], "old", old_pdf, "Föregående"),
                                          (page_cols[1], "new", new_pdf, "Aktuell")):
                where = views.passage_boxes(passage, side)
                with col:
                    if where is None:
                        st.caption(f"{label}: passagen finns inte i den här rapporten.")
                    elif pdf is None:
                        st.caption(f"{label}: s. {where[0]} (PDF-filen finns inte tillgänglig).")
                    else:
                        st.image(data.page_png(pdf, where[0], tuple(where[1])), caption=f"{label}, sida {where[0]}")
    st.html(views.side_by_side_html(result, shown))

with tab_sections:
    frame = views.section_stale_frame(result)
    if frame.empty:
        st.write("Inga sektioner med text.")
    else:
        chart = alt.Chart(frame).mark_bar(color="#C98A00").encode(
            x=alt.X("Inaktuell text (%):Q", scale=alt.Scale(domain=[0, 100])),
            y=alt.Y("Sektion:N", sort=None, title=None, axis=alt.Axis(labelLimit=420)),
            tooltip=["Sektion", "Inaktuell text (%)", "Tecken"]).properties(height=max(200, 24 * len(frame)))
        st.altair_chart(chart, width="stretch")
        st.dataframe(frame, hide_index=True, width="stretch")

with tab_figures:
    figures = views.figure_changes_frame(result)
    if figures.empty:
        st.write("Inga ändrade siffror.")
    else:
        st.dataframe(figures, hide_index=True, width="stretch")

with tab_export:
    files = data.export_bytes(result)
    st.download_button("Ladda ned som Excel", files["xlsx"], "jamforelse.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       icon=":material/table_view:")
    st.download_button("Ladda ned som HTML (en fristående sida)", files["html"], "jamforelse.html",
                       mime="text/html", icon=":material/html:")
    st.download_button("Ladda ned som JSON", files["json"], "jamforelse.json", mime="application/json",
                       icon=":material/data_object:")
