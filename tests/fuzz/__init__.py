"""A seeded fuzz corpus for the reader: see :mod:`.generate`."""
