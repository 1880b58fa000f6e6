"""Cypher, as named constants with parameters only. One module per aggregate.

Every read returns a single column of maps (``RETURN x {...} AS row``) so that the client can hand
rows to the repositories without copying. Sort keys and labels come from allow-lists in code,
never from callers.
"""
