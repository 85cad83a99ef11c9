"""The one thing pyproject.toml cannot say without setuptools' experimental table: the optional C
helper of the pdfium backend (``src/rapportanalys/read/pdfium_chars.c``, the per-character loop).

``optional=True``: where no C compiler is found the install goes on without it, and the backend
reads through ctypes instead (the same answers, a quarter slower). Everything else about the
package is in pyproject.toml.
"""
from setuptools import Extension, setup

setup(ext_modules=[Extension("rapportanalys.read._pdfium_chars", ["src/rapportanalys/read/pdfium_chars.c"],
                             optional=True)])
