"""Korpus: the reports of the corpus database, stale text over the years, reuse between
municipalities, boilerplate and text search."""
import altair as alt
import data
import streamlit as st

from rapportanalys.present import views

st.title("Korpus")
if data.db_path() is None:
    st.info("Ingen korpusdatabas angavs (starta med `rapportanalys app --db KORPUS.duckdb`); "
            "här visas exempelkorpusen.", icon=":material/info:")
try:
    with st.spinner("Läser korpusen …"):
        db = data.corpus_db()
        reports = data.corpus_reports(db)
except data.Unavailable as exc:
    st.error(str(exc), icon=":material/error:")
    st.stop()

overview = views.reports_overview(reports)
st.subheader(f"Rapporter ({len(overview)})")
if overview.empty:
    st.write("Korpusen är tom.")
    st.stop()
counts = overview.groupby(["Kommun", "År"], dropna=False).size().unstack(fill_value=0)
st.dataframe(counts, width="stretch")
st.dataframe(overview, hide_index=True, width="stretch")

stamp = data.stamp(db)
try:
    with st.spinner("Jämför rapporterna år för år och letar återanvänd text …"):
        stale = data.stale_over_years(db, stamp)
        reuse = data.reuse(db, stamp)
        municipalities = data.municipality_of(db)
except data.Unavailable as exc:
    st.error(str(exc), icon=":material/error:")
    st.stop()

st.subheader("Inaktuell text över åren")
if stale.empty:
    st.write("Ingen rapportserie med två årgångar i korpusen.")
else:
    # years as ordinal labels ("2023", not "2,023.000000"); points too, since a series often
    # has only two or three years
    chart = alt.Chart(stale).mark_line(point=True).encode(
        x=alt.X("År:O", title="År"), y=alt.Y("Inaktuell text (%):Q", scale=alt.Scale(domain=[0, 100])),
        color="Kommun:N", tooltip=["Kommun", "Serie", "År", "Inaktuell text (%)"])
    st.altair_chart(chart.properties(height=280), width="stretch")
    st.dataframe(stale, hide_index=True, width="stretch")

st.subheader("Återanvänd text mellan kommuner")
matrix = views.reuse_matrix(reuse, municipalities)
if matrix.empty:
    st.write("Ingen återanvänd text (utöver mallformuleringar) hittades.")
else:
    chart = alt.Chart(matrix).mark_rect().encode(
        x=alt.X("Kommun A:N", title=None), y=alt.Y("Kommun B:N", title=None),
        color=alt.Color("Tecken:Q", scale=alt.Scale(scheme="oranges"), title="Tecken"),
        tooltip=["Kommun A", "Kommun B", "Tecken"])
    text = chart.mark_text(baseline="middle").encode(text="Tecken:Q", color=alt.value("#1d2733"))
    rows = matrix["Kommun B"].nunique()
    st.altair_chart((chart + text).properties(height=max(120, 44 * rows)), width="stretch")

st.subheader("Mallformuleringar")
boilerplate = views.boilerplate_frame(reuse)
if boilerplate.empty:
    st.write("Inga mallformuleringar hittades.")
else:
    st.dataframe(boilerplate, hide_index=True, width="stretch")

st.subheader("Sök i korpusen")
query = st.text_input("Sök text", key="search", placeholder="t.ex. långtidsarbetslöshet")
if query.strip():
    try:
        hits = data.search(db, query.strip())
    except data.Unavailable as exc:
        st.error(str(exc), icon=":material/error:")
    else:
        st.caption(f"{len(hits)} träffar" + (" (de första 200)" if len(hits) >= 200 else ""))
        st.dataframe(hits, hide_index=True, width="stretch")
