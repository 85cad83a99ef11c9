"""The corpus renderer (see corpus/build.py and corpus/FORMAT.md)."""
