"""``rapportanalys app`` runs this instead of ``streamlit`` itself: Streamlit's command line,
with the pages' libraries imported in the background while the server starts (``warm.py``).

    python app/serve.py run app/main.py --server.port 8501 ...
"""
import sys

import warm

if __name__ == "__main__":
    warm.start()  # imports Streamlit's command line first, in this thread (see warm.start)
    from streamlit.web import cli

    sys.exit(cli.main(prog_name="streamlit"))
