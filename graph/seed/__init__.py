"""Seed data: the facts of the two source documents and Nordic reference data, as TOML under
``data/``, read and checked by :mod:`graph.seed.reader` and loaded in batches by
:mod:`graph.seed.loader`."""

from graph.seed.loader import SeedReport, load_seed
from graph.seed.reader import DATA_DIR, SeedGraph, read_seed

__all__ = ["DATA_DIR", "SeedGraph", "SeedReport", "load_seed", "read_seed"]
