"""One run of a registry feed: what a read document means for the graph, and writing it so that
no mistake in a file loses data.

:meth:`FeedSync.plan` finds the organisations the units name (by their national identifiers),
rejects what the source may not state (another country's participation or coverage), and maps
the rest to facts. :meth:`FeedSync.apply` writes them in one transaction together with the
withdrawal of what the source stated before and no longer does, and holds that withdrawal back
when

* a row was rejected (its unit or figure would otherwise vanish),
* the file lost a section, key, column or kind of row its last successful one had,
* a unit waits for review (its identifier is unknown: it may be a typo of a known one), or
* more than ``max_withdrawal_percent`` of the source's facts would go at once,

unless the source accepts withdrawals (``accept_withdrawals``, ``--accept-withdrawals``). Such a
run is PARTIAL; nothing it held back is lost, the next good file withdraws it. A dry run
(``nordhub sync --dry-run``, ``nordhub validate``, the ``validateRegistryFeed`` mutation) runs the
very same statements in a transaction that is rolled back, and reports what they did.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from connectors.facts import Issue, IssueKind, LinkFact, Mapped, NodeFact, checksum
from connectors.feed import FeedDocument, Unit, lost
from connectors.rows import page_write
from connectors.sources import Source, UnknownUnits
from graph.repositories.reviews import review_id
from graph.repositories.sync import FeedApplied, Provenance, RunStatus, SyncRepository
from graph.vocabulary import IDENTIFIER_PROPERTIES

FEED_KINDS: tuple[str, ...] = ("registry", "coverage", "unit")


@dataclass(slots=True)
class FeedPlan:
    """A read document in the hub's terms, before anything is written."""

    source: Source
    doc: FeedDocument
    mapped: list[Mapped]
    rejected: list[str]
    review: list[Unit]  # units no organisation carries the identifier of
    lost: list[str]  # what the source's last successful file had and this one has not
    issues: list[Issue] = field(default_factory=list)
    created_units: dict[tuple[str, str], str] = field(default_factory=dict)
    unstated: set[str] = field(default_factory=set)  # mapped only for the links from them


@dataclass(frozen=True, slots=True)
class FeedOutcome:
    """What a feed run did, or (dry) would do."""

    status: RunStatus
    created: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: int
    withdrawn: tuple[str, ...]  # withdrawn, or to be withdrawn by a dry run
    held: tuple[str, ...]  # why withdrawals were held back (then ``withdrawn`` is empty)
    unseen: tuple[str, ...]  # what the source no longer states (withdrawn unless held)
    rejected: tuple[str, ...]
    review: tuple[Unit, ...]
    issues: tuple[Issue, ...]
    read_as: str
    accepted: bool
    facts_before: int


def unit_org_id(source: Source, unit: Unit) -> str:
    slug = unit.system.lower().replace("-", "") + "-" + unit.identifier
    return f"org:{source.name}:{slug}"


def coverage_id(registry: str, country: str | None, year: int) -> str:
    slug = registry.split(":", 1)[1]
    return f"coverage:{slug}:{country}:{year}" if country else f"coverage:{slug}:{year}"


class FeedSync:
    def __init__(self, repo: SyncRepository) -> None:
        self._repo = repo

    async def plan(self, source: Source, doc: FeedDocument) -> FeedPlan:
        rejected = list(doc.rejected)
        for key, unit in list(doc.units.items()):
            if not source.speaks_for(unit.country):
                rejected.append(f"{unit.where}: {_not_ours(source, unit.country)}")
                del doc.units[key]
        for figure in list(doc.coverage.values()):
            if not source.speaks_for(figure.country):
                rejected.append(f"{figure.where}: {_not_ours(source, figure.country)}")
                del doc.coverage[figure.key]
        known = await self._known(doc)
        review = [u for u in doc.units.values() if u.key not in known]
        previous = await self._repo.last_shape(source.name)
        plan = FeedPlan(
            source=source,
            doc=doc,
            mapped=[],
            rejected=rejected,
            review=review,
            lost=lost(previous, doc.shape) if previous is not None else [],
        )
        plan.mapped = _map(plan, known)
        return plan

    async def _known(self, doc: FeedDocument) -> dict[tuple[str, str], str]:
        by_system: dict[str, list[str]] = {}
        for system, value in doc.units:
            by_system.setdefault(system, []).append(value)
        known: dict[tuple[str, str], str] = {}
        for system, values in sorted(by_system.items()):
            found = await self._repo.organisations_by_identifier(system, values)
            known.update({(system, value): org for value, org in found.items()})
        return known

    async def apply(
        self, plan: FeedPlan, *, run_id: str | None, accept: bool = False
    ) -> FeedOutcome:
        """Write the plan as run ``run_id``; without one, a dry run (nothing is kept)."""
        source = plan.source
        accepted = accept or source.accept_withdrawals
        reasons = _hold_reasons(plan)

        def check(before: int, unseen: Sequence[str]) -> list[str]:
            held = list(reasons)
            share = 100.0 * len(unseen) / before if before else 0.0
            if share > source.max_withdrawal_percent:
                held.append(
                    f"it would withdraw {len(unseen)} of the source's {before} facts "
                    f"({share:.0f} %), more than the {source.max_withdrawal_percent:g} % allowed"
                )
            return [] if accepted else held

        stamp = Provenance(source.name, run_id or _dry_run_id(source), dt.datetime.now(dt.UTC))
        errors = [f"rejected {r}" for r in plan.rejected]
        write = page_write(plan.mapped, errors, None, unstated=plan.unstated)
        applied = await self._repo.apply_feed(
            run_id,
            stamp,
            write,
            kinds=FEED_KINDS,
            check=check,
            reviews=_review_rows(plan),
            registry=str(source.registry),
            record={
                "readAs": plan.doc.read_as,
                "shape": sorted(plan.doc.shape),
                "review": len(plan.review),
            },
        )
        return _outcome(plan, applied, accepted)


def _not_ours(source: Source, country: str | None) -> str:
    speaks = ", ".join(source.countries or ())
    if country is None:
        return (
            f"the registry's total coverage is not this source's to state (it speaks for {speaks})"
        )
    return f"{country} is not this source's to state (it speaks for {speaks})"


def _hold_reasons(plan: FeedPlan) -> list[str]:
    reasons = []
    if plan.rejected:
        reasons.append(f"{len(plan.rejected)} rows were rejected")
    if plan.lost:
        reasons.append(f"the file no longer has {', '.join(plan.lost)}")
    waiting = [u for u in plan.review if u.key not in plan.created_units]
    if waiting:
        reasons.append(f"{len(waiting)} units wait for review (unknown identifiers)")
    return reasons


def _outcome(plan: FeedPlan, applied: FeedApplied, accepted: bool) -> FeedOutcome:
    issues = list(plan.issues)
    outcomes = applied.result.outcomes
    for node_id, outcome in outcomes.items():
        if outcome == "foreign":
            issues.append(Issue(IssueKind.FOREIGN, f"{node_id} is left as it is"))
    for row in applied.result.unresolved_links:
        issues.append(Issue(IssueKind.UNRESOLVED_REFERENCE, f"{row['type']} to {row['end']}"))
    for row in applied.result.foreign_links:
        issues.append(Issue(IssueKind.FOREIGN, f"{row['start']} {row['type']} {row['end']}"))
    held = applied.held
    # Rows rejected, a lost section, units waiting: PARTIAL even with nothing to withdraw.
    return FeedOutcome(
        status=RunStatus.PARTIAL if held else RunStatus.SUCCEEDED,
        created=tuple(sorted(k for k, v in outcomes.items() if v == "created")),
        updated=tuple(sorted(k for k, v in outcomes.items() if v == "updated")),
        unchanged=sum(1 for v in outcomes.values() if v == "unchanged"),
        withdrawn=() if held else applied.unseen,
        held=held,
        unseen=applied.unseen,
        rejected=tuple(plan.rejected),
        review=tuple(plan.review),
        issues=tuple(issues),
        read_as=plan.doc.read_as,
        accepted=accepted,
        facts_before=applied.facts_before,
    )


def _dry_run_id(source: Source) -> str:
    return f"dry-run:{source.name}:{secrets.token_hex(4)}"


def _review_rows(plan: FeedPlan) -> list[dict[str, Any]]:
    return [
        {
            "id": review_id(plan.source.name, u.system, u.identifier),
            "system": u.system,
            "value": u.identifier,
            "country": u.country,
            "name": u.name,
            "language": u.language,
            "years": u.years,
            "createdAs": plan.created_units.get(u.key),
        }
        for u in plan.review
    ]


# --- into the hub's terms ----------------------------------------------------------------------


def _map(plan: FeedPlan, known: Mapping[tuple[str, str], str]) -> list[Mapped]:
    """The facts of a planned document; ``known`` maps units to the organisations carrying
    their identifiers."""
    source, doc = plan.source, plan.doc
    registry = str(source.registry)
    where = source.url
    head = _registry(plan, registry)
    out = [head]
    countries = {u.country for u in doc.units.values()}
    countries |= {c.country for c in doc.coverage.values() if c.country is not None}
    for country in sorted(countries):
        head.links.append(LinkFact("PARTICIPATES_IN", f"country:{country}", registry))
    for figure in sorted(doc.coverage.values(), key=lambda c: (c.year, c.country or "")):
        node_id = coverage_id(registry, figure.country, figure.year)
        props = {
            "year": figure.year,
            "country": figure.country,
            "percent": figure.percent,
            "newCases": figure.new_cases,
            "totalRegistered": figure.total_registered,
        }
        fragment = f"coverage={figure.year}" + (f":{figure.country}" if figure.country else "")
        links = (
            [LinkFact("IN_COUNTRY", node_id, f"country:{figure.country}")] if figure.country else []
        )
        out.append(
            Mapped(
                _node(doc, node_id, "RegistryCoverage", props, "coverage", f"{where}#{fragment}"),
                links,
            )
        )
        head.links.append(LinkFact("HAS_COVERAGE", registry, node_id))
    for unit in doc.units.values():
        own = unit_org_id(source, unit)
        org = known.get(unit.key)
        if org is None and source.unknown_units is UnknownUnits.CREATE:
            org = own
            plan.created_units[unit.key] = own
        if org is None:
            continue
        if org == own:  # the feed states this organisation itself
            prop = IDENTIFIER_PROPERTIES[unit.system]
            props = {
                prop: unit.identifier,
                f"name_{unit.language}": unit.name,
                "nameOriginal": unit.language,
            }
            node = _node(
                doc,
                org,
                "Organisation",
                props,
                "unit",
                f"{where}#unit={unit.system}:{unit.identifier}",
            )
            out.append(Mapped(node, [LinkFact("IN_COUNTRY", org, f"country:{unit.country}")]))
        head.links.append(LinkFact("REPORTS_TO", org, registry, {"years": unit.years}))
    return out


def _registry(plan: FeedPlan, registry: str) -> Mapped:
    """The registry itself: stated by a source speaking for the whole registry; a source for
    some countries only adds its facts to a registry it does not describe."""
    source, doc = plan.source, plan.doc
    links = []
    if source.registry_scope == "NATIONAL":
        links.append(LinkFact("IN_COUNTRY", registry, f"country:{source.country}"))
    props: dict[str, Any] = {"scope": source.registry_scope}
    if doc.names:
        props.update({f"name_{lang}": text for lang, text in doc.names.items()})
        props["nameOriginal"] = doc.name_original
    node = _node(doc, registry, "QualityRegistry", props, "registry", f"{source.url}#registry")
    if source.countries is not None:
        if doc.names:
            plan.issues.append(
                Issue(
                    IssueKind.FOREIGN,
                    "registry.name left as it is: this source speaks for "
                    + ", ".join(source.countries),
                )
            )
        # Not written: its links start at the registry the hub has.
        plan.unstated.add(registry)
    return Mapped(node, links)


def _node(
    doc: FeedDocument, node_id: str, label: str, props: dict[str, Any], kind: str, where: str
) -> NodeFact:
    clean = {k: v for k, v in props.items() if v is not None}
    return NodeFact(
        id=node_id,
        label=label,
        props=clean,
        source=where,
        origin=node_id,
        kind=kind,
        checksum=checksum(clean),
        source_date=doc.exported,
    )
