"""Rapport: one report's metadata, section tree, activities, figures and targets. The report is
kept in session state and in the address (``?rapport=<sha256>``)."""
import pick
import streamlit as st

from rapportanalys.present import views

state, params = st.session_state, st.query_params
st.title("En rapport")
mode = pick.source("rapport")
with st.spinner("Läser rapporten …"):
    if mode == pick.FROM_CORPUS:
        picked = pick.from_corpus("Rapport", "report", pick.corpus_choices() or [],
                                  params.get("rapport") or state.get("keep-report"))
    else:
        picked = pick.from_upload("Rapport (PDF)", "report-upload")
if not picked:
    st.info("Välj en rapport.", icon=":material/info:")
    st.stop()

report, _pdf, sha = picked
state["keep-report"] = params["rapport"] = sha
st.subheader(views.report_label(report))
meta, tree = st.columns([2, 3])
with meta:
    st.markdown("**Uppgifter**")
    st.dataframe(views.metadata_frame(report), hide_index=True, width="stretch")
    st.download_button("Ladda ned som JSON", views.report_json(report),
                       f"{views.file_name(report.source.path).removesuffix('.pdf')}.json",
                       mime="application/json", icon=":material/data_object:")
with tree:
    st.markdown("**Innehåll**")
    with st.container(height=420):
        st.markdown(views.section_tree_markdown(report))

st.markdown(f"**Aktiviteter ({len(report.activities)})**")
activities = views.activities_frame(report)
if activities.empty:
    st.write("Inga aktiviteter hittades.")
else:
    st.dataframe(activities.style.map(views.activity_status_css, subset=["Status"]), hide_index=True,
                 width="stretch")

for title, frame, none in (("Siffror", views.figures_frame(report), "Inga siffror hittades."),
                           ("Mål", views.figures_frame(report, targets=True), "Inga mål hittades.")):
    st.markdown(f"**{title} ({len(frame)})**")
    if frame.empty:
        st.write(none)
    else:
        st.dataframe(views.swedish_frame(frame), hide_index=True, width="stretch")
