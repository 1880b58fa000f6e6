"""Benchmarks: run on demand (``make bench-lookup SIZE=10k``), never part of ``make test``."""
