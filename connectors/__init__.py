"""Partner integrations over httpx: what partners' systems publish, brought into the graph.

``sources`` reads the configured sources, ``fhir`` reads a FHIR R4 directory page by page,
``feed`` a registry's participation feed, ``mapping`` and ``facts`` put them in the hub's terms,
``retry`` asks again on 429/5xx/timeouts, and ``sync`` runs one source and records the run.
Every error raised here is a :class:`connectors.errors.ConnectorError`.
"""
