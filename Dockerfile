# The hub as an image (used by docker-compose.yml; not built on the development machine, which
# has no container runtime). The Neo4j launcher (graph/launcher, Java) is not needed: in a
# container the hub always talks to a Neo4j given by NEO4J_URI.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md babel.cfg ./
COPY nordhub nordhub
COPY schema schema
COPY resolvers resolvers
COPY graph graph
COPY connectors connectors
COPY i18n i18n
RUN pip install --no-cache-dir . \
    && for po in i18n/locales/*/LC_MESSAGES/messages.po; do \
         pybabel compile --domain=messages --input-file="$po" --output-file="${po%.po}.mo"; \
       done \
    && pip install --no-cache-dir --force-reinstall --no-deps .
USER nobody
EXPOSE 8000
CMD ["nordhub", "serve", "--no-seed", "--workers", "2"]
