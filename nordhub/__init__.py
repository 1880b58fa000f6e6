"""nordhub: a GraphQL federation hub for Nordic highly specialised care.

This package is the app shell: settings, the Starlette app factory, health endpoints and the CLI.
The domain lives beside it in ``schema``, ``resolvers``, ``graph``, ``connectors`` and ``i18n``.
"""

__version__ = "0.1.0"
