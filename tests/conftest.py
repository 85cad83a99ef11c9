import os
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REAL = SHARED / "real"
sys.path.insert(0, str(Path(__file__).parent))

import rapportanalys  # noqa: E402

# The tests never write to the user's cache of parsed reports (~/.cache/rapportanalys): one
# folder per test session, unless a test run names its own.
if "RAPPORTANALYS_CACHE" not in os.environ:
    os.environ["RAPPORTANALYS_CACHE"] = tempfile.mkdtemp(prefix="rapportanalys-test-cache-")

# OCR results are cached on disk by content hash (read/ocr_cache.py): the tests use a cache of
# their own, empty at the start of each session, so that they measure OCR, not an old cache,
# and never write to the user's cache folder.
os.environ.setdefault("RAPPORTANALYS_OCR_CACHE", tempfile.mkdtemp(prefix="rapportanalys-ocr-cache-"))
# and the compiled tokenizer expressions (regex_cache.py) likewise
os.environ.setdefault("RAPPORTANALYS_REGEX_CACHE", tempfile.mkdtemp(prefix="rapportanalys-regex-cache-"))


def benchmark_module(name: str):
    """``benchmarks/<name>.py`` as a module: a test scores with the benchmark's own scorer, so
    the two always agree."""
    if name not in sys.modules:
        import importlib.util

        spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
        sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[name])
    return sys.modules[name]


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


def shared_file(path: Path) -> Path:
    """A file of ../shared, read in place. Skipped where ../shared is not beside the checkout,
    except in CI, which always has it: there a missing file is a failure."""
    if not path.exists():
        message = f"{path} is not here (../shared beside the repository)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def real_pdf(name: str) -> Path:
    return shared_file(REAL / name)


def pytest_collection_modifyitems(config, items):
    """Known weaknesses (``known_failures.KNOWN``) run as strict xfails with their reason."""
    from known_failures import KNOWN

    for item in items:
        reason = KNOWN.get(item.nodeid.removeprefix("tests/"))
        if reason:
            item.add_marker(pytest.mark.xfail(strict=True, reason=reason))
