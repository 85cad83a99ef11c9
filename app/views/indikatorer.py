"""Indikatorer: one indicator across municipalities and years, from the corpus database.

Figures are grouped under indicator keys when a report is parsed (``Figure.indicator``, see
``rapportanalys.extract.indicators``), so the same indicator worded differently in two reports
is one line here. The page reads only SQL aggregates and the chosen indicator's rows
(``Corpus.indicator_names`` and ``Corpus.indicator_values``), so it stays fast on a large
database. Kept in one module (data access included) beside the other Korpus views."""
import altair as alt
import data
import pandas as pd
import streamlit as st


@st.cache_data(show_spinner=False, max_entries=4)
def _names(db: str, stamp: float) -> pd.DataFrame:
    with data._open(db) as corpus:
        return corpus.indicator_names()


@st.cache_data(show_spinner=False, max_entries=32)
def _who(db: str, stamp: float, indicator: str) -> pd.DataFrame:
    with data._open(db) as corpus:
        return corpus.indicator_municipalities(indicator)


@st.cache_data(show_spinner=False, max_entries=32)
def _values(db: str, stamp: float, indicator: str, own_only: bool, municipalities: tuple[str, ...]) -> pd.DataFrame:
    with data._open(db) as corpus:
        return corpus.indicator_values(indicator, own_only=own_only, municipalities=list(municipalities))


def number_sv(value: float) -> str:
    """1234.5 -> "1 234,5"."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    return text.replace(",", " ").replace(".", ",")


def _label(row) -> str:
    wording = row.label or row.indicator
    return (f"{wording} – {row.indicator} ({row.municipalities} kommun{'er' if row.municipalities != 1 else ''}, "
            f"{row.reports} rapport{'er' if row.reports != 1 else ''})")


st.title("Indikatorer")
st.caption("Samma indikator i olika rapporter, även när den formuleras olika "
           "(”andelen långtidsarbetslösa” = ”långtidsarbetslösheten”), över kommuner och år.")
try:
    with st.spinner("Läser korpusen …"):
        db = data.corpus_db()
        stamp = data.stamp(db)
        names = _names(db, stamp)
except data.Unavailable as exc:
    st.error(str(exc), icon=":material/error:")
    st.stop()

if names.empty:
    st.write("Korpusen har inga indikatorer (rapporter som lästs in före indikatornycklarna behöver läsas in igen).")
    st.stop()

shown = names.head(500)
labels = [_label(r) for r in shown.itertuples()]
pick = st.selectbox("Indikator", range(len(labels)), format_func=lambda i: labels[i], key="indikator")
indicator = shown.indicator.iloc[pick]
with_groups = st.toggle("Visa även jämförelsegrupper (riket, liknande kommuner) och mål", value=False)

who = _who(db, stamp, indicator)
named = [m for m in who["municipality"] if isinstance(m, str)]
chosen = st.multiselect(f"Kommuner ({len(named)} redovisar indikatorn)", named, default=named[:8], key="kommuner",
                        placeholder="Välj kommuner")
values = _values(db, stamp, indicator, not with_groups, tuple(chosen))
if values.empty:
    st.write("Inga värden att visa: välj kommuner, eller slå på jämförelsegrupper och mål.")
    st.stop()

frame = pd.DataFrame({
    "Kommun": values["municipality"].fillna("okänd kommun"),
    "År": values["year"].map(lambda y: "okänt år" if pd.isna(y) else str(int(y))),
    "Värde": values["value"].astype(float),
    "Värde (text)": values["value"].map(number_sv),
    "Enhet": values["unit"].fillna(""),
    "Period": values["period"].fillna("–"),
    "Jämförelsegrupp": values["group"].fillna("–"),
    "Mål": values["is_target"].map(lambda t: "mål" if t else ""),
    "Formulering": values["label"].fillna(""),
    "Sida": values["page"],
    "Rapport": values["path"].map(lambda p: str(p).rsplit("/", 1)[-1]),
})
series = frame.assign(Serie=frame["Kommun"] + frame["Jämförelsegrupp"].map(lambda g: "" if g == "–" else f" ({g})")
                      + frame["Mål"].map(lambda m: " (mål)" if m else ""))
chart = alt.Chart(series).mark_line(point=True).encode(
    x=alt.X("År:O", title="År"), y=alt.Y("Värde:Q", title=frame["Enhet"].iloc[0] or "Värde"),
    color=alt.Color("Serie:N", title="Kommun"),
    tooltip=["Kommun", "År", alt.Tooltip("Värde (text):N", title="Värde"), "Enhet", "Period", "Jämförelsegrupp",
             "Formulering"])
st.altair_chart(chart.properties(height=320), width="stretch")
st.dataframe(frame.drop(columns=["Värde"]), hide_index=True, width="stretch")
