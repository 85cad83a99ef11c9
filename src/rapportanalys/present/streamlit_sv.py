"""Streamlit's own English texts, in Swedish.

Streamlit's page writes some texts of its own, in English and with no setting to change them:
the uploader's "Upload" button and "200MB per file" line, "Skip to main content", a search with
no match ("No results"), the browser's refusal of a file over the upload limit ("File must be
200.0MB or smaller."), the tooltips of tables and charts ("Download as CSV", "Fullscreen"). The
widgets' own placeholders are set on each widget; for the rest ``SWEDISH_CSS`` hides a few and
writes the Swedish text in their place (and shows a refused file's reason, which Streamlit keeps
for screen readers and a tooltip, under its name), and ``SWEDISH_JS`` (a few lines run in the page, nothing
fetched) swaps every other known text, and the tooltips and screen-reader labels, for its Swedish
one as soon as Streamlit draws it (a MutationObserver over the page). ``app/main.py`` puts both
on every page; they live here, not in ``app/``, because ``main.py`` imports only what is
importable from the package (a multiprocessing worker started by a page runs ``main.py`` again).
"""
from __future__ import annotations

import json

from .views import UPLOAD_LIMIT_MB

SWEDISH_CSS = f"""<style>
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{display:none}}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after {{content:"Välj fil"}}
[data-testid="stFileUploaderDropzoneInstructions"] span {{display:none}}
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {{
  content:"Dra hit en PDF-fil eller välj den · högst {UPLOAD_LIMIT_MB} MB"; font-size:14px; opacity:.7}}
[data-testid="stStatusWidget"], [data-testid="stMainMenu"] {{display:none}}
[data-testid="stFileChip"] [role="alert"] {{position:static; clip:auto; clip-path:none; width:auto; height:auto;
  margin:0; overflow:visible; white-space:normal; color:#C0392B; font-size:13px; display:block; max-width:22rem}}
.stElementContainer:has(> .stHtml > script), .stElementContainer:has(> div > .stHtml > script) {{display:none}}
</style>"""

# Streamlit's texts (visible text, tooltips, screen-reader labels) -> Swedish
TEXTS = {
    "Skip to main content": "Hoppa till innehållet",
    "Error:": "Fel:",
    "No results": "Inga träffar",
    "No data": "Inga data",
    "Select all": "Välj alla",
    "Clear all": "Rensa alla",
    "Clear value": "Rensa",
    "Clear selection": "Rensa markeringen",
    "Selected values": "Valda",
    "Selectbox options": "Alternativ",
    "Multiselect options": "Alternativ",
    "Select...": "Välj …",
    "Choose an option": "Välj …",
    "Choose options": "Välj …",
    "Upload": "Välj fil",
    "Browse files": "Välj fil",
    "Add files": "Lägg till filer",
    "Drag and drop file here": "Dra hit en fil",
    "Drag and drop files here": "Dra hit filer",
    "Drag and drop a file here": "Dra hit en fil",
    "Press Enter to apply": "Tryck Enter för att använda",
    "Press Enter to submit form": "Tryck Enter för att skicka",
    "Running...": "Arbetar …",
    "Stop script": "Avbryt",
    "Please wait...": "Vänta …",
    "Connecting": "Ansluter",
    "Download as CSV": "Ladda ned som CSV",
    "Search": "Sök",
    "Close Search": "Stäng sökningen",
    "Fullscreen": "Helskärm",
    "Close fullscreen": "Stäng helskärm",
    "Toggle fullscreen": "Helskärm",
    "Show/hide columns": "Visa eller dölj kolumner",
    "Copy to clipboard": "Kopiera",
    "Copy column name": "Kopiera kolumnnamnet",
    "Dataframe column menu": "Kolumnmeny",
    "Collapse sidebar": "Dölj sidopanelen",
    "Expand sidebar": "Visa sidopanelen",
    "Sidebar": "Sidopanel",
    "App pages": "Sidor",
    "Main menu": "Meny",
    "Link to heading": "Länk till rubriken",
    "Scroll tabs left": "Flikar åt vänster",
    "Scroll tabs right": "Flikar åt höger",
    "Close": "Stäng",
    "Open": "Öppna",
    "Notifications": "Meddelanden",
    "Save as SVG": "Spara som SVG",
    "Save as PNG": "Spara som PNG",
    "View Source": "Visa källkoden",
    "View Compiled Vega": "Visa Vega-koden",
    "Open in Vega Editor": "Öppna i Vega Editor",
}
# whole texts matched by a pattern (JavaScript regular expressions) -> Swedish
PATTERNS = [
    (r"^File must be .* or smaller\.$", f"Filen är för stor: högst {UPLOAD_LIMIT_MB} MB per fil."),
    (r"^(.*) files are not allowed\.$", "Filer av typen $1 tas inte emot."),
    (r"^Remove (.+)$", "Ta bort $1"),
    (r"^Limit (.+) per file(.*)$", f"Högst {UPLOAD_LIMIT_MB} MB per fil"),
    (r"^(\d+)\.(\d+)(B|KB|MB|GB)$", "$1,$2 $3"),  # a file's size: 220.2MB -> 220,2 MB
    (r"^(\d+)(B|KB|MB|GB)$", "$1 $2"),
]

SWEDISH_JS = """<script>
(() => {
  if (window.__rapportanalysSvenska) return;
  window.__rapportanalysSvenska = true;
  const TEXTS = %s, PATTERNS = %s.map(([p, to]) => [new RegExp(p), to]);
  const ATTRS = ["title", "aria-label", "placeholder"];
  function swedish(value) {
    const t = value.trim();
    if (!t || t.length > 200) return null;
    let to = TEXTS[t];
    if (to === undefined) {
      const hit = PATTERNS.find(([re]) => re.test(t));
      if (!hit) return null;
      to = t.replace(hit[0], hit[1]);
    }
    return value.replace(t, to);
  }
  function attrs(el) {
    for (const a of ATTRS) {
      const v = el.getAttribute(a);
      const to = v && swedish(v);
      if (to && to !== v) el.setAttribute(a, to);
    }
  }
  function text(node) {
    const to = swedish(node.nodeValue);
    if (to && to !== node.nodeValue) node.nodeValue = to;
  }
  function fix(root) {
    if (root.nodeType === 3) return text(root);
    if (root.nodeType !== 1 || root.tagName === "SCRIPT" || root.tagName === "STYLE") return;
    attrs(root);
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      if (n.nodeType === 3) { const p = n.parentNode; if (p.tagName !== "SCRIPT" && p.tagName !== "STYLE") text(n); }
      else attrs(n);
    }
  }
  new MutationObserver(records => {
    for (const r of records) {
      if (r.type === "childList") r.addedNodes.forEach(fix);
      else if (r.type === "characterData") text(r.target);
      else if (r.target.nodeType === 1) attrs(r.target);
    }
  }).observe(document.documentElement, {subtree: true, childList: true, characterData: true, attributes: true,
                                        attributeFilter: ATTRS});
  fix(document.body);
})();
</script>""" % (json.dumps(TEXTS, ensure_ascii=False), json.dumps(PATTERNS, ensure_ascii=False))

