import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REAL = SHARED / "real"
sys.path.insert(0, str(Path(__file__).parent))

import rapportanalys  # noqa: E402


@pytest.fixture(scope="session")
def parsed():
    """Parse each PDF once per test session: ``parsed(path) -> Report``."""
    cache = {}

    def get(path):
        path = Path(path)
        if path not in cache:
            cache[path] = rapportanalys.parse(path)
        return cache[path]

    return get


def real_pdf(name: str) -> Path:
    path = REAL / name
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared/real beside the repository)")
    return path
