"""rapportanalys app: the entry file only sets up the page and navigates (``st.navigation``).

Streamlit writes a few texts of its own in English (the uploader's "Upload" button and its
"200MB per file" line, "Skip to main content", "No results", the main menu):
``present/streamlit_sv.py`` puts them in Swedish; the widgets' own placeholders are set on each widget.
The libraries the pages and a new comparison need are imported in the background, never while a
page is being laid out (``warm.py``, when the app runs through ``serve.py``).
"""
import sys

import streamlit as st

from rapportanalys.present.streamlit_sv import SWEDISH_CSS, SWEDISH_JS

# an icon of its own: without one the browser tab shows the open page's material icon, which
# Streamlit's page fetches from fonts.gstatic.com (the app uses nothing from the internet)
st.set_page_config(page_title="rapportanalys", page_icon="📑", layout="wide")
st.html(SWEDISH_CSS)
st.html(SWEDISH_JS, unsafe_allow_javascript=True)  # installs itself once per browser tab

pages = [
    st.Page("views/jamfor.py", title="Jämför", icon=":material/compare_arrows:", default=True),
    st.Page("views/rapport.py", title="Rapport", icon=":material/description:"),
    st.Page("views/korpus.py", title="Korpus", icon=":material/library_books:"),
    st.Page("views/indikatorer.py", title="Indikatorer", icon=":material/monitoring:"),
]
warm = sys.modules.get("warm")  # app/warm.py, loaded by serve.py (not under a bare `streamlit run`)


def showing_pair() -> bool:
    """A pair on screen (named in the address) is much for the browser to draw."""
    return bool(st.query_params.get("gammal") and st.query_params.get("ny"))


pair_at_start = showing_pair()
if warm is not None:
    warm.page_started(drawing=pair_at_start)
try:
    st.navigation(pages).run()
finally:  # also when the page stops early (st.stop) or reruns
    if warm is not None:
        warm.page_done(drawing=showing_pair(), started_drawing=pair_at_start)
