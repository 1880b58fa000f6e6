"""``validateRegistryFeed``: the dry run of a registry feed, for partners (see
``connectors.feed_run``). Authorised like the participation push it previews (the policy's
``VALIDATE_REGISTRY_FEED``): the registry's holder, or a reporting unit for its own reporting in
its own country. It reads the graph and writes nothing."""

from __future__ import annotations

import dataclasses

from connectors.errors import MalformedPage, SourceConfigError
from connectors.feed import ReadOptions, read_feed
from connectors.feed_run import FeedOutcome, FeedSync
from connectors.sources import Source, SourceKind, load_sources, parse_source, sources_path
from graph.client import CountingTransaction
from graph.repositories.partner_writes import PartnerWriter
from graph.repositories.sync import SyncRepository
from graph.vocabulary import Action, ParticipantRole, RegistryScope
from resolvers.partner_mutations import country_id
from resolvers.project_mutations import an_id
from schema.context import Info
from schema.errors import ApiError, ErrorCode
from schema.feed_validation import FeedUnit, RegistryFeedDiff, RegistryFeedInput
from schema.policy import Target, authorize


async def validate_registry_feed(info: Info, input: RegistryFeedInput) -> RegistryFeedDiff:
    viewer = await info.context.viewer()
    if not viewer.authenticated:
        raise ApiError(ErrorCode.UNAUTHENTICATED)
    registry = an_id(input.registry, "registry")
    country = country_id(input.country)[len("country:") :]
    graph = info.context.graph

    async def read(tx: CountingTransaction) -> tuple[str | None, list[str], list[str]]:
        partner = PartnerWriter(tx)
        found = (await partner.describe([registry])).get(registry)
        if found is None or found.label != "QualityRegistry":
            raise ApiError(ErrorCode.NOT_FOUND, id=registry)
        holders, reporting = await partner.takes_part(registry)
        return await partner.registry_scope(registry), holders, reporting

    scope, holders, reporting = await graph.read_tx(read)
    source = _source(input, registry, country, scope)
    if input.delimiter is not None and input.delimiter not in (",", ";"):
        raise ApiError(ErrorCode.FEED_UNREADABLE, detail="the delimiter must be “,” or “;”")
    try:
        options = ReadOptions("utf-8", input.delimiter)
        doc = read_feed(input.content.encode("utf-8"), source.format, options)
    except MalformedPage as e:
        raise ApiError(ErrorCode.FEED_UNREADABLE, detail=str(e)) from e
    feeds = FeedSync(SyncRepository(graph))
    plan = await feeds.plan(source, doc)
    # The change is about the organisations the feed says report (as a push's reporting units).
    parties = frozenset(
        link.start for item in plan.mapped for link in item.links if link.type == "REPORTS_TO"
    )
    participants: dict[str, str | None] = {
        **dict.fromkeys(reporting, ParticipantRole.PARTNER.value),
        **dict.fromkeys(holders, ParticipantRole.LEAD.value),
    }
    target = Target(
        id=registry,
        countries=frozenset({f"country:{country}"}),
        participants=participants,
        parties=parties,
    )
    authorize(viewer, Action.VALIDATE_REGISTRY_FEED, target)
    outcome = await feeds.apply(plan, run_id=None)
    return diff(outcome, source.name if source.name != _ADHOC else None)


_ADHOC = "validate"


def _source(input: RegistryFeedInput, registry: str, country: str, scope: str | None) -> Source:
    try:
        configured = load_sources(sources_path())
    except SourceConfigError:
        configured = {}
    feeds = [
        s
        for s in configured.values()
        if s.kind is SourceKind.REGISTRY_FEED and s.registry == registry
    ]
    found: Source | None
    if input.source is not None:
        found = next((s for s in feeds if s.name == input.source), None)
        if found is None:
            raise ApiError(ErrorCode.UNKNOWN_SOURCE, source=input.source, registry=registry)
    else:
        own = [s for s in feeds if s.countries is not None and country in s.countries]
        whole = [s for s in feeds if s.countries is None]
        found = next(iter(own + whole), None)
    if found is None:
        found = parse_source(
            {
                "name": _ADHOC,
                "kind": "registry-feed",
                "url": "https://nordhub.invalid/validate",
                "country": country,
                "registry": registry,
                "registry_scope": scope or RegistryScope.NORDIC.value,
                "countries": [country],
            }
        )
    return dataclasses.replace(found, format=input.format, delimiter=input.delimiter)


def diff(outcome: FeedOutcome, source: str | None) -> RegistryFeedDiff:
    return RegistryFeedDiff(
        written=False,
        source=source,
        status=outcome.status,
        read_as=outcome.read_as,
        created=list(outcome.created),
        updated=list(outcome.updated),
        unchanged=outcome.unchanged,
        withdrawn=list(outcome.withdrawn),
        withdrawals_held=list(outcome.held),
        held_back=list(outcome.unseen) if outcome.held else [],
        rejected=list(outcome.rejected),
        review=[
            FeedUnit(
                country=u.country,
                system=u.system,
                identifier=u.identifier,
                name=u.name,
                language=u.language,
                years=list(u.years),
            )
            for u in outcome.review
        ],
        notes=[str(issue) for issue in outcome.issues],
    )
