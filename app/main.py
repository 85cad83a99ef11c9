"""rapportanalys app: the entry file only sets up the page and navigates (``st.navigation``).

Streamlit writes a few texts of its own in English (the uploader's "Upload" button and its
"200MB per file" line, the "Running…" status, the main menu). ``SWEDISH_CSS`` hides them and
writes the Swedish text in their place; the widgets' own placeholders are set on each widget.
When no page has been running for a few seconds, the libraries a new comparison needs are imported
in the background (``warm.py``, when the app runs through ``serve.py``).
"""
import sys

import streamlit as st

from rapportanalys.present.views import UPLOAD_LIMIT_MB

SWEDISH_CSS = f"""<style>
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{display:none}}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after {{content:"Välj fil"}}
[data-testid="stFileUploaderDropzoneInstructions"] span {{display:none}}
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {{
  content:"Dra hit en PDF-fil eller välj den · högst {UPLOAD_LIMIT_MB} MB"; font-size:14px; opacity:.7}}
[data-testid="stStatusWidget"], [data-testid="stMainMenu"] {{display:none}}
</style>"""

st.set_page_config(page_title="rapportanalys", layout="wide")
st.html(SWEDISH_CSS)

pages = [
    st.Page("views/jamfor.py", title="Jämför", icon=":material/compare_arrows:", default=True),
    st.Page("views/rapport.py", title="Rapport", icon=":material/description:"),
    st.Page("views/korpus.py", title="Korpus", icon=":material/library_books:"),
    st.Page("views/indikatorer.py", title="Indikatorer", icon=":material/monitoring:"),
]
warm = sys.modules.get("warm")  # app/warm.py, loaded by serve.py (not under a bare `streamlit run`)
if warm is not None:
    warm.page_started()
try:
    st.navigation(pages).run()
finally:  # also when the page stops early (st.stop) or reruns
    if warm is not None:
        warm.page_done()
