"""Partner push mutations (registry integration): a partner with a token states its own
country's designated services and registry participation.

Both go through :func:`resolvers.mutations.execute` like every write: the command locks its
target and says what the policy looks at (:class:`schema.policy.Target`: the country, the
body that pushed a designation, who holds a registry and reports to it), the policy table
decides, the input is checked, and the writes, the audit entry and the idempotency key commit
together.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import strawberry

from graph.repositories.partner_writes import PartnerWriter, Push
from graph.repositories.project_writes import LockedProject, ProjectWriter
from graph.vocabulary import COUNTRY_CODES, Action, ParticipantRole
from resolvers import referral_facts
from resolvers.mutations import Change, Command, Outcome, Stamp, diff, perform
from resolvers.project_mutations import (
    TEXT_MAX,
    TITLE_MAX,
    an_id,
    check_period,
    prefixed,
    required_texts,
    source,
    texts,
)
from schema.context import Info
from schema.errors import ApiError, ErrorCode
from schema.partner_mutations import (
    DesignationInput,
    DesignationPayload,
    RegistryParticipationInput,
    RegistryParticipationPayload,
)
from schema.policy import Target
from schema.registries import QualityRegistry
from schema.services import Service

_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_DESIGNATION_FIELDS = (
    "kind",
    "status",
    "validFrom",
    "validTo",
    "decisionRef",
    "source",
)


def country_id(code: str) -> str:
    found = code.strip().upper()
    if found not in COUNTRY_CODES:
        raise ApiError(ErrorCode.UNKNOWN_COUNTRY, country=code, known=", ".join(COUNTRY_CODES))
    return f"country:{found}"


def _push(stamp: Stamp, given_source: str | None) -> Push:
    assert stamp.viewer.organisation is not None
    return Push(
        organisation=stamp.viewer.organisation,
        id=f"push:{uuid.uuid4().hex}",
        at=stamp.at,
        provenance={**stamp.provenance(given_source), "illustrative": False},
    )


def _ids(values: Sequence[strawberry.ID], argument: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(an_id(v, argument) for v in values))


@dataclass(slots=True)
class UpsertDesignation(Command):
    action: ClassVar[Action] = Action.UPSERT_DESIGNATION
    input: DesignationInput
    key: str | None = None
    service_id: str = field(init=False, default="")
    country: str = field(init=False, default="")
    props: dict[str, Any] = field(init=False, default_factory=dict)
    hosts: tuple[str, ...] = field(init=False, default=())
    sites: tuple[tuple[str, dict[str, Any]], ...] = field(init=False, default=())
    treats: tuple[str, ...] = field(init=False, default=())
    # Derived from ``input``, which the fingerprint covers already.
    referral: referral_facts.ReferralFacts = field(
        init=False, default_factory=referral_facts.ReferralFacts, metadata={"fingerprint": False}
    )
    source: str | None = field(init=False, default=None)

    @property
    def idempotency_key(self) -> str | None:
        return self.key

    async def lock(self, writer: ProjectWriter) -> tuple[Target, LockedProject | None]:
        ref = self.input.ref.strip()
        if not _REF.match(ref):
            raise ApiError(ErrorCode.BAD_REFERENCE_KEY, ref=self.input.ref)
        self.country = country_id(self.input.country)
        self.service_id = f"service:{self.country[len('country:') :].lower()}:{ref.lower()}"
        found = await PartnerWriter(writer.tx).lock_service(self.service_id)
        countries = frozenset({self.country})
        if found is None:
            return Target(id=self.service_id, countries=countries, owners=None), None
        owner = found[0].get("pushedBy")
        # Only the body that pushed a designation may change it; seed or synced ones: nobody.
        owners = frozenset({owner}) if owner else frozenset()
        return Target(id=self.service_id, countries=countries, owners=owners), None

    def check(self) -> None:
        given = self.input
        check_period(given.valid_from, given.valid_to)
        props: dict[str, Any] = {
            **prefixed("name", required_texts(given.name, "name", TITLE_MAX)),
            **prefixed("description", texts(given.description, "description", TEXT_MAX)),
            "kind": given.kind.value,
            "status": given.status.value,
            "validFrom": given.valid_from,
            "validTo": given.valid_to,
            "decisionRef": source(given.decision_ref),
        }
        self.props = {k: v for k, v in props.items() if v is not None}
        self.hosts = _ids(given.hosted_by, "hostedBy")
        sites: dict[str, dict[str, Any]] = {}
        for site in given.sites:
            check_period(site.valid_from, site.valid_to)
            found = {
                "validFrom": site.valid_from,
                "validTo": site.valid_to,
                "decisionRef": source(site.decision_ref),
            }
            sites[an_id(site.location, "sites")] = {k: v for k, v in found.items() if v}
        self.sites = tuple(sites.items())
        self.treats = _ids(given.treats, "treats")
        self.referral = referral_facts.checked(given.referral, self.service_id, set(sites))
        self.source = source(given.source)

    async def apply(
        self, writer: ProjectWriter, project: LockedProject | None, stamp: Stamp
    ) -> Change:
        partner = PartnerWriter(writer.tx)
        code = self.country[len("country:") :]
        kind_id = f"service-kind:{self.props['kind']}"
        if await partner.kind_country(kind_id) != self.country:
            raise ApiError(ErrorCode.KIND_NOT_OF_COUNTRY, kind=self.props["kind"], country=code)
        site_ids = [location for location, _ in self.sites]
        networks = self.referral.networks
        known = await partner.describe([*self.hosts, *site_ids, *self.treats, *networks])
        for ids, label, argument in (
            (self.hosts, "Organisation", "hostedBy"),
            (site_ids, "Location", "sites"),
            (self.treats, "Condition", "treats"),
            (networks, "ReferenceNetwork", "ernMemberships"),
        ):
            for node_id in ids:
                found = known.get(node_id)
                if found is None or found.label != label:
                    if label == "Organisation":
                        raise ApiError(ErrorCode.UNKNOWN_ORGANISATION, id=node_id)
                    raise ApiError(ErrorCode.UNKNOWN_REFERENCE, id=node_id, argument=argument)
                if label in ("Organisation", "Location") and found.country != self.country:
                    raise ApiError(ErrorCode.NOT_IN_COUNTRY, id=node_id, country=code)

        existing = await partner.lock_service(self.service_id)
        before = {k: existing[0].get(k) for k in _DESIGNATION_FIELDS} if existing else {}
        push = _push(stamp, self.source)
        await partner.upsert_service(
            self.service_id,
            {**self.props, **push.provenance, "pushedBy": push.organisation, "pushId": push.id},
            push,
        )
        sid = self.service_id
        await partner.link("IN_COUNTRY", [{"start": sid, "end": self.country, "props": {}}], push)
        await partner.link("OF_KIND", [{"start": sid, "end": kind_id, "props": {}}], push)
        await partner.link(
            "HOSTED_BY", [{"start": sid, "end": h, "props": {}} for h in self.hosts], push
        )
        await partner.link(
            "OFFERED_AT", [{"start": sid, "end": s, "props": p} for s, p in self.sites], push
        )
        await partner.link(
            "TREATS", [{"start": sid, "end": c, "props": {}} for c in self.treats], push
        )
        await referral_facts.write(partner, sid, self.referral, push)
        withdrawn = await partner.withdraw_unstated_from(sid, push)
        after = {k: self.props.get(k) for k in _DESIGNATION_FIELDS} | {
            "source": push.provenance["source"]
        }
        old, new = diff(before, after)
        new.update(
            hostedBy=list(self.hosts),
            sites=site_ids,
            treats=list(self.treats),
            referral=self.referral.summary(),
            withdrawn=sorted(withdrawn),
        )
        return Change(sid, sid, old, new)


@dataclass(slots=True)
class UpsertRegistryParticipation(Command):
    action: ClassVar[Action] = Action.UPSERT_REGISTRY_PARTICIPATION
    input: RegistryParticipationInput
    key: str | None = None
    registry: str = field(init=False, default="")
    country: str = field(init=False, default="")
    reporting: tuple[tuple[str, tuple[int, ...]], ...] = field(init=False, default=())
    source: str | None = field(init=False, default=None)

    @property
    def idempotency_key(self) -> str | None:
        return self.key

    async def lock(self, writer: ProjectWriter) -> tuple[Target, LockedProject | None]:
        """Who takes part in the registry: its holder leads, its reporting units are partners.
        The change is about the organisations stated as reporting, and about the country
        itself when it says the country stops taking part."""
        self.registry = an_id(self.input.registry, "registry")
        self.country = country_id(self.input.country)
        partner = PartnerWriter(writer.tx)
        if await partner.lock_registry(self.registry) is None:
            raise ApiError(ErrorCode.NOT_FOUND, id=self.registry)
        holders, reporting = await partner.takes_part(self.registry)
        participants: dict[str, str | None] = {
            **dict.fromkeys(reporting, ParticipantRole.PARTNER.value),
            **dict.fromkeys(holders, ParticipantRole.LEAD.value),
        }
        parties = {an_id(unit.organisation, "reporting") for unit in self.input.reporting}
        if not self.input.participates:
            parties.add(self.country)
        target = Target(
            id=self.registry,
            countries=frozenset({self.country}),
            participants=participants,
            parties=frozenset(parties),
        )
        return target, None

    def check(self) -> None:
        units: dict[str, tuple[int, ...]] = {}
        for unit in self.input.reporting:
            for year in unit.years:
                if not 1900 <= year <= 2100:
                    raise ApiError(ErrorCode.BAD_YEAR, year=year)
            units[an_id(unit.organisation, "reporting")] = tuple(sorted(set(unit.years)))
        self.reporting = tuple(units.items())
        self.source = source(self.input.source)

    async def apply(
        self, writer: ProjectWriter, project: LockedProject | None, stamp: Stamp
    ) -> Change:
        partner = PartnerWriter(writer.tx)
        code = self.country[len("country:") :]
        orgs = [org for org, _ in self.reporting]
        known = await partner.describe(orgs)
        for org in orgs:
            found = known.get(org)
            if found is None or found.label != "Organisation":
                raise ApiError(ErrorCode.UNKNOWN_ORGANISATION, id=org)
            if found.country != self.country:
                raise ApiError(ErrorCode.NOT_IN_COUNTRY, id=org, country=code)
        participated, reported = await partner.participation(self.registry, self.country)
        push = _push(stamp, self.source)
        if self.input.participates:
            await partner.link(
                "PARTICIPATES_IN",
                [{"start": self.country, "end": self.registry, "props": {}}],
                push,
            )
        await partner.link(
            "REPORTS_TO",
            [
                {"start": org, "end": self.registry, "props": {"years": list(years)}}
                for org, years in self.reporting
            ],
            push,
        )
        withdrawn = await partner.withdraw_unstated_participation(self.registry, self.country, push)
        participates, reporting = await partner.participation(self.registry, self.country)
        before = {"participates": participated, "reporting": reported}
        after = {"participates": participates, "reporting": reporting}
        old, new = diff(before, after)
        new["withdrawn"] = sorted(withdrawn)
        return Change(self.registry, self.registry, old, new)


async def _node(info: Info, outcome: Outcome) -> Any:
    found = await info.context.loaders.nodes(("mutation",)).load(outcome.result_id)
    assert found is not None
    return found


async def upsert_designation(
    info: Info, input: DesignationInput, idempotency_key: str | None = None
) -> DesignationPayload:
    async def read_back(outcome: Outcome) -> DesignationPayload:
        service = Service.from_record(await _node(info, outcome))
        return DesignationPayload(service=service, **outcome.written)

    command = UpsertDesignation(input=input, key=idempotency_key)
    return await perform(info.context, command, read_back)


async def upsert_registry_participation(
    info: Info, input: RegistryParticipationInput, idempotency_key: str | None = None
) -> RegistryParticipationPayload:
    async def read_back(outcome: Outcome) -> RegistryParticipationPayload:
        registry = QualityRegistry.from_record(await _node(info, outcome))
        return RegistryParticipationPayload(registry=registry, **outcome.written)

    command = UpsertRegistryParticipation(input=input, key=idempotency_key)
    return await perform(info.context, command, read_back)
