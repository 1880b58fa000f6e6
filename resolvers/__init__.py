"""Query and mutation resolvers, the typed request context and its per-request DataLoaders."""
