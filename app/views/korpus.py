"""Korpus: the reports of the corpus database, stale text within each municipality over the
years, reused text between municipalities, template text and text search. Everything comes from
SQL aggregates over the database and the stored ``reuse --db`` results (``data.corpus_view``),
so the page is as quick with 10,000 reports as with ten."""
import altair as alt
import data
import streamlit as st

from rapportanalys.present import corpus_views, views

st.title("Korpus")
if data.db_path() is None:
    st.info("Ingen korpusdatabas angavs (starta med `rapportanalys app --db KORPUS.duckdb`); "
            "här visas exempelkorpusen.", icon=":material/info:")
try:
    with st.spinner("Läser korpusen …"):
        db = data.corpus_db()
        view = data.corpus_view(db)
except data.Unavailable as exc:
    st.error(str(exc), icon=":material/error:")
    st.stop()

st.subheader(f"Rapporter ({views.count_sv(len(view.reports))})")
if view.reports.empty:
    st.write("Korpusen är tom.")
    st.stop()
counts = view.counts.assign(År=view.counts["År"].astype("Int64").astype(str).replace("<NA>", "okänt år"))
table = counts.pivot_table(index="Kommun", columns="År", values="Rapporter", aggfunc="sum", fill_value=0)
st.dataframe(views.swedish_frame(table.reset_index()), hide_index=True, width="stretch")
with st.expander(f"Alla {views.count_sv(len(view.reports))} rapporter"):
    st.dataframe(view.reports, hide_index=True, width="stretch")

if not view.reuse_done:
    st.info("Återanvänd och inaktuell text är inte beräknad för den här databasen än. Kör "
            "`rapportanalys reuse --db KORPUS.duckdb` och ladda om sidan.", icon=":material/info:")
    st.stop()

st.subheader("Inaktuell text inom kommunen")
st.caption("Andelen av varje rapports text som finns i en tidigare rapport från samma kommun "
           "(ordagrant, med nya siffror eller lätt redigerad). Varje punkt är en rapport; en linje binder "
           "ihop utgåvorna av samma rapportserie (samma kommun, dokumenttyp och ämne eller utgivare), aldrig "
           "olika rapporter. Med många kommuner visas spridningen per år (lägsta, kvartiler, median, högsta).")
if view.stale.empty:
    st.write("Ingen kommun har rapporter från mer än ett år i korpusen.")
else:
    stale = view.stale.assign(Andel=view.stale["Inaktuell text (%)"].map(lambda v: views.decimal_sv(v) + " %"))
    x = alt.X("År:O", title="År")
    y = alt.Y("Inaktuell text (%):Q", scale=alt.Scale(domain=[0, 100]), title="Inaktuell text (%)")
    if stale["Kommun"].nunique() > 12:  # many municipalities: the spread per year, not a cloud of points
        chart = alt.Chart(stale).mark_boxplot(extent="min-max", color="#C98A00", size=40).encode(x=x, y=y)
    else:
        colour = alt.Color("Kommun:N", title="Kommun")
        points = alt.Chart(stale).mark_circle(size=70, opacity=0.8).encode(
            x=x, y=y, color=colour, tooltip=["Kommun", "Rapport", "År", alt.Tooltip("Andel:N", title="Inaktuell text")])
        lines = alt.Chart(stale[stale["Utgåvor"] > 1]).mark_line(opacity=0.6).encode(
            x=x, y=y, color=colour, detail="Serie:N")  # one line per series, never across series
        chart = lines + points
    st.altair_chart(views.swedish_chart(chart.properties(height=280)), width="stretch")
    st.dataframe(views.swedish_frame(view.stale.drop(columns=["Serie", "Utgåvor"])), hide_index=True, width="stretch")

st.subheader("Återanvänd text mellan kommuner")
cells, order = corpus_views.top_pairs(view.matrix)
if cells.empty:
    st.write("Ingen text återanvänd mellan kommuner (utöver mallformuleringar) hittades.")
else:
    more = view.matrix[["Från", "Till"]].stack().nunique() > len(order)
    st.caption("Tecken text i en senare rapport (kolumn) som finns i en tidigare rapport från en annan kommun (rad)"
               + (f"; de {len(order)} kommuner med mest återanvänd text." if more else "."))
    base = alt.Chart(cells).encode(
        x=alt.X("Till:N", title="Till (senare rapport)", sort=order, axis=alt.Axis(labelAngle=-40)),
        y=alt.Y("Från:N", title="Från (tidigare rapport)", sort=order),
        tooltip=["Från", "Till", alt.Tooltip("Tecken (text):N", title="Tecken"), "Passager"])
    heat = base.mark_rect().encode(color=alt.Color("Tecken:Q", scale=alt.Scale(scheme="oranges"), title="Tecken"))
    layers = heat + base.mark_text(baseline="middle", fontSize=11).encode(text="Tecken (text):N",
                                                                        color=alt.value("#1d2733"))
    # the app fits a chart to its height with the axes inside it: room for the turned names of
    # the x axis and its title below the rows (with two municipalities the rows had none left)
    chart = (layers if len(order) <= 12 else heat).properties(height=34 * len(order) + 170)
    st.altair_chart(views.swedish_chart(chart), width="stretch")

st.subheader("Mallformuleringar")
if view.boilerplate.empty:
    st.write("Inga mallformuleringar hittades.")
else:
    st.dataframe(views.swedish_frame(view.boilerplate), hide_index=True, width="stretch")

st.subheader("Sök i korpusen")
query = st.text_input("Sök text", key="search", placeholder="t.ex. långtidsarbetslöshet")
if query.strip():
    try:
        hits = data.search(db, query.strip())
    except data.Unavailable as exc:
        st.error(str(exc), icon=":material/error:")
    else:
        st.caption(f"{views.count_sv(len(hits))} träffar" + (" (de första 200)" if len(hits) >= 200 else ""))
        st.dataframe(hits, hide_index=True, width="stretch")
