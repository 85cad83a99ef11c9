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
