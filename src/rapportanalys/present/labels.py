"""The words users read: Swedish for the HTML page and the workbook (the users are Swedish
auditors and strategists), with the colour of each status, in one place so that both outputs
say the same thing."""
from __future__ import annotations

STATUS_SV = {
    "unchanged": "oförändrad",
    "figures_updated": "nya siffror",
    "modified": "ändrad",
    "new": "ny",
    "removed": "borttagen",
}
MOVED_SV = "flyttad"

# background and accent colour per status (hex, no '#': openpyxl takes them so)
STATUS_COLOUR = {
    "unchanged": ("EEF1F4", "8A96A3"),
    "figures_updated": ("FFF4D6", "C98A00"),
    "modified": ("E3EEFF", "2F6FD6"),
    "new": ("E2F6E7", "218A3F"),
    "removed": ("FBE4E4", "C0392B"),
}


def percent_sv(share: float | None) -> str:
    """0.547 -> "54,7 %" (Swedish decimal comma); unknown -> "–"."""
    if share is None:
        return "–"
    return f"{share * 100:.1f} %".replace(".", ",")


# the settings a comparison was made with, as the workbook names them (keys of
# CompareSettings.to_dict, and the app's filters when a download follows them)
SETTINGS_SV = {
    "section_title_weight": "Sektioner: vikt för rubrikens ord",
    "section_content_weight": "Sektioner: vikt för innehållet",
    "section_parent_weight": "Sektioner: vikt för överordnade rubriker",
    "section_min_score": "Sektioner: lägsta poäng för att vara samma sektion",
    "candidates_per_passage": "Passager: kandidater per passage",
    "candidate_min_cosine": "Passager: lägsta ordlikhet (cosinus) för en kandidat",
    "min_similarity": "Passager: lägsta likhet i motsvarande sektion",
    "min_similarity_elsewhere": "Passager: lägsta likhet i en annan sektion",
    "section_bonus": "Passager: tillägg för motsvarande sektion",
    "containment_min": "Passager: lägsta andel som återfinns vid sammanslagning eller delning",
    "short_block_chars": "Passager: korta block (högst så många tecken) jämförs bokstav för bokstav",
    "same_sentence_min": "Passager: lägsta likhet för en gemensam mening i omskrivna stycken",
    "carried_min_words": "Överförda meningar: minsta antal ord",
    "carried_min_chars": "Överförda meningar: minsta antal tecken",
    "activity_min_title": "Aktiviteter: lägsta likhet mellan rubrikerna",
    "activity_min_comment": "Aktiviteter: lägsta likhet mellan kommentarerna (vid omformulerad rubrik)",
    "activity_section_bonus": "Aktiviteter: tillägg för motsvarande sektion",
    "typo_max_chars": "Status: största ändring i tecken som räknas som stavfel",
    "figure_word_edits": "Status: ändrade ord utöver siffrorna (nya siffror)",
    "figure_word_share": "Status: högsta andel ändrade ord (nya siffror)",
    "restated_min_similarity": "Siffror: lägsta ordlikhet för en mening som återges med nya siffror i omskriven text",
    "inconsistency_min_context": "Motsägelser: lägsta ordlikhet i sammanhanget",
    "filter_statuses": "Filter: visade statusar",
    "filter_section": "Filter: visad sektion",
}


def setting_sv(key: str, value):
    """(label, value) of one setting for a reader: the Swedish label, lists of statuses in
    Swedish, numbers with a decimal comma left to the spreadsheet."""
    label = SETTINGS_SV.get(key, key)
    if isinstance(value, (list, tuple)):
        value = ", ".join(STATUS_SV.get(v, str(v)) for v in value)
    return label, value

ACTIVITY_STATUS_SV = {
    "not_started": "ej påbörjad",
    "ongoing": "pågår",
    "ongoing_deviation": "pågår med avvikelse",
    "done": "klar",
    "done_deviation": "klar med avvikelse",
    "delayed": "försenad",
    "unknown": "okänd",
}
ACTIVITY_CHANGE_SV = {"kept": "kvar", "added": "ny", "dropped": "borttagen"}
# the comment of an activity across editions, as a passage's status reads
COMMENT_SV = {**STATUS_SV, "unchanged": "oförändrad (samma text)"}


def activity_status_change_sv(change) -> str:
    """ "pågår → klar", or "" when the status stayed."""
    if not change.status_change:
        return ""
    old, new = change.status_change
    return f"{ACTIVITY_STATUS_SV.get(old, old)} → {ACTIVITY_STATUS_SV.get(new, new)}"
