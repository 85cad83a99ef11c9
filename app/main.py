"""rapportanalys app: the entry file only sets up the page and navigates (``st.navigation``)."""
import streamlit as st

st.set_page_config(page_title="rapportanalys", layout="wide")

pages = [
    st.Page("views/jamfor.py", title="Jämför", icon=":material/compare_arrows:", default=True),
    st.Page("views/rapport.py", title="Rapport", icon=":material/description:"),
    st.Page("views/korpus.py", title="Korpus", icon=":material/library_books:"),
    st.Page("views/indikatorer.py", title="Indikatorer", icon=":material/monitoring:"),
]
st.navigation(pages).run()
