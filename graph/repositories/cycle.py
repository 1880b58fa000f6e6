"""The yearly cycle in the graph: each step's reads and writes in the caller's transaction, and
the coordinator's questions.

A step reads the state its rules look at, hands it to the step's function in :mod:`graph.cycle`
(which raises :class:`~graph.errors.RuleBroken` to refuse, and otherwise says what to write),
and writes that, all in one transaction: a refusal or a failure leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graph import cycle
from graph.client import CountingTransaction
from graph.cycle import (
    ApplicationState,
    AssessmentSpec,
    DecisionSpec,
    EvaluationSpec,
    ListSpec,
    PlanSpec,
    ReferenceGroupSpec,
    ReportSpec,
    ReviewSpec,
    ServiceState,
)
from graph.models import PartialDate, Record, native, record
from graph.queries import cycle as q
from graph.repositories.base import Repository
from graph.vocabulary import ApplicationStage, DatePrecision

Provenance = dict[str, Any]
Step = Callable[["CycleWriter", str, Any, Provenance, dt.date], Awaitable[str]]
"""A step of the cycle as a method of :class:`CycleWriter`: ``(writer, actor, spec, prov, today)``,
answering the id of the node it wrote (``actor``: the organisation the policy let through)."""


@dataclass(frozen=True, slots=True)
class RoundState:
    year: int
    lists: tuple[Record, ...]
    missing_authorities: tuple[Record, ...]
    stages: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class ReviewDue:
    service: Record
    approved_year: int | None
    last_review_year: int | None


@dataclass(frozen=True, slots=True)
class ReferenceGroupGap:
    service: Record
    has_group: bool
    has_user_representation: bool
    missing_authorities: tuple[Record, ...]


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One event of a service's life; ``recorded`` when its date is only the day the hub
    recorded it (no source dates it)."""

    kind: str
    when: PartialDate | None
    record: Record
    recorded: bool = False


def _when(row: Mapping[str, Any]) -> PartialDate | None:
    """An event's date: a decision's as exactly as it is known (with how it was derived), any
    other event's day."""
    if row["kind"] == "DECIDED":
        return PartialDate.of(row["props"], "date")
    day = native(row["day"])
    return PartialDate(DatePrecision.DAY, day, day) if isinstance(day, dt.date) else None


def _organisation(props: Mapping[str, Any]) -> Record:
    return record({"label": "Organisation", "props": props})


class CycleWriter:
    """The writes of each step, inside one transaction the caller owns."""

    __slots__ = ("tx",)

    def __init__(self, tx: CountingTransaction) -> None:
        self.tx = tx

    # --- state ------------------------------------------------------------------------------

    async def facts(self, ids: Sequence[str]) -> dict[str, cycle.Fact]:
        if not ids:
            return {}
        rows = await self.tx.rows(q.FACTS, {"ids": list(dict.fromkeys(ids))})
        return {
            row["id"]: cycle.Fact(row["id"], row["label"], row["kind"], row["status"], row["name"])
            for row in rows
        }

    async def application_states(self, ids: Sequence[str]) -> list[ApplicationState]:
        rows = await self.tx.rows(q.APPLICATION_STATES, {"ids": list(ids)})
        return [
            ApplicationState(
                id=row["id"],
                kind=row["kind"],
                stage=ApplicationStage(row["stage"]),
                measurable_targets=int(row["targets"]),
                has_dissemination_plan=bool(row["plan"]),
            )
            for row in rows
        ]

    async def service_states(self, ids: Sequence[str]) -> dict[str, ServiceState]:
        rows = await self.tx.rows(q.SERVICE_STATES, {"ids": list(dict.fromkeys(ids))})
        return {
            row["id"]: ServiceState(
                id=row["id"],
                kind=row["kind"],
                status=row["status"],
                reported_years=tuple(int(y) for y in row["years"]),
            )
            for row in rows
        }

    async def owners(self, service: str) -> tuple[frozenset[str], str | None] | None:
        """The regional health authorities a service answers to, and its country; None if
        there is no service."""
        rows = await self.tx.rows(q.SERVICE_OWNERS, {"id": service})
        return (frozenset(rows[0]["owners"]), rows[0]["country"]) if rows else None

    async def authorities_of(self, organisations: Sequence[str]) -> dict[str, frozenset[str]]:
        """The regional health authorities each known organisation answers to (maybe none)."""
        if not organisations:
            return {}
        rows = await self.tx.rows(q.AUTHORITIES_OF, {"ids": list(dict.fromkeys(organisations))})
        return {row["id"]: frozenset(row["authorities"]) for row in rows}

    # --- the steps: read the state, let graph.cycle decide, write what it returns -----------

    async def submit_list(
        self, actor: str, spec: ListSpec, prov: Provenance, today: dt.date
    ) -> str:
        """The regional health authority's combined, prioritised list for a round."""
        found = await self.tx.rows(
            q.LIST_EXISTS, {"roundKey": cycle.round_key(actor, spec.round_year)}
        )
        state = cycle.ListState(
            bool(found[0]["exists"]), await self.facts(cycle.list_refs(actor, spec))
        )
        write = cycle.submit_list(actor, spec, state, today)
        if write.new_services:
            await self.tx.run(q.CREATE_SERVICES, {"rows": list(write.new_services), "prov": prov})
        await self.tx.run(
            q.CREATE_LIST,
            {
                "actor": actor,
                "list": write.list,
                "applications": list(write.applications),
                "document": spec.document,
                "prov": prov,
            },
        )
        if write.targets:
            await self.tx.run(q.MERGE_TARGETS, {"rows": list(write.targets), "prov": prov})
        if write.plans:
            await self.tx.run(q.CREATE_PLANS, {"rows": list(write.plans), "prov": prov})
        return str(write.list["id"])

    async def assess(
        self, actor: str, spec: AssessmentSpec, prov: Provenance, today: dt.date
    ) -> str:
        states = await self.application_states(spec.applications)
        facts = await self.facts([spec.document] if spec.document else [])
        write = cycle.assess(spec, states, facts, today)
        await self.tx.run(
            q.CREATE_ASSESSMENT,
            {
                "actor": actor,
                "assessment": write.assessment,
                "rows": list(write.rows),
                "document": spec.document,
                "prov": prov,
            },
        )
        return str(write.assessment["id"])

    async def decide(self, actor: str, spec: DecisionSpec, prov: Provenance, today: dt.date) -> str:
        states = await self.application_states(spec.applications)
        write = cycle.decide(spec, states, await self.facts(cycle.decision_refs(spec)), today)
        await self.tx.run(
            q.CREATE_DECISION,
            {
                "actor": actor,
                "decision": write.decision,
                "legalBasis": spec.legal_basis,
                "recommends": list(spec.recommends),
                "document": spec.document,
                "deadlineFor": spec.deadline_for,
                "applications": list(spec.applications),
                "serviceStatus": write.service_status,
                "prov": prov,
            },
        )
        return str(write.decision["id"])

    async def report(self, actor: str, spec: ReportSpec, prov: Provenance, today: dt.date) -> str:
        del actor  # the policy let the service's own authority through
        service = (await self.service_states([spec.service])).get(spec.service)
        write = cycle.report(spec, service, today)
        await self.tx.run(
            q.CREATE_REPORT, {"service": spec.service, "report": write.report, "prov": prov}
        )
        if write.targets:
            await self.tx.run(q.MERGE_TARGETS, {"rows": list(write.targets), "prov": prov})
        return str(write.report["id"])

    async def evaluate(
        self, actor: str, spec: EvaluationSpec, prov: Provenance, today: dt.date
    ) -> str:
        services = await self.service_states([d.service for d in spec.deficient])
        write = cycle.evaluate(spec, services, today)
        await self.tx.run(
            q.CREATE_EVALUATION,
            {
                "actor": actor,
                "year": spec.year,
                "kinds": list(cycle.GOVERNED_KINDS),
                "evaluation": write.evaluation,
                "deficient": list(write.deficient),
                "prov": prov,
            },
        )
        return str(write.evaluation["id"])

    async def review(self, actor: str, spec: ReviewSpec, prov: Provenance, today: dt.date) -> str:
        services = await self.service_states([f.service for f in spec.findings])
        write = cycle.review(spec, services, today)
        await self.tx.run(
            q.CREATE_REVIEW,
            {
                "actor": actor,
                "review": write.review,
                "findings": list(write.findings),
                "prov": prov,
            },
        )
        return str(write.review["id"])

    async def set_reference_group(
        self, actor: str, spec: ReferenceGroupSpec, prov: Provenance, today: dt.date
    ) -> str:
        del actor, today
        service = (await self.service_states([spec.service])).get(spec.service)
        members = [m.organisation for m in spec.members if m.organisation is not None]
        write = cycle.set_reference_group(spec, service, await self.facts(members))
        await self.tx.run(
            q.SET_REFERENCE_GROUP,
            {
                "service": spec.service,
                "groupId": write.group_id,
                "members": list(write.members),
                "prov": prov,
            },
        )
        return spec.service

    async def adopt_plan(self, actor: str, spec: PlanSpec, prov: Provenance, today: dt.date) -> str:
        del actor
        service = (await self.service_states([spec.service])).get(spec.service)
        row = cycle.adopt_plan(spec, service, today)
        await self.tx.run(q.CREATE_PLANS, {"rows": [row], "prov": prov})
        return str(row["id"])


class CycleRepository(Repository):
    __slots__ = ()

    # --- the coordinator's questions --------------------------------------------------------

    async def round_state(self, year: int) -> RoundState:
        async def work(tx: CountingTransaction) -> RoundState:
            lists = await tx.rows(q.ROUND_LISTS, {"year": year})
            missing = await tx.rows(q.ROUND_MISSING_AUTHORITIES, {"year": year})
            stages = await tx.rows(q.ROUND_STAGES, {"year": year})
            return RoundState(
                year=year,
                lists=tuple(record(r) for r in lists),
                missing_authorities=tuple(record(r) for r in missing),
                stages={r["stage"]: int(r["applications"]) for r in stages},
            )

        return await self._client.read_tx(work)

    async def applications_in_stage(
        self, stages: Sequence[str], year: int | None = None
    ) -> list[Record]:
        return await self._records(q.APPLICATIONS_IN_STAGE, {"stages": list(stages), "year": year})

    async def services_not_reported(self, year: int) -> list[Record]:
        return await self._records(
            q.SERVICES_NOT_REPORTED, {"year": year, "kinds": list(cycle.GOVERNED_KINDS)}
        )

    async def services_due_for_review(self, year: int) -> list[ReviewDue]:
        rows = await self._client.read(
            q.SERVICES_DUE_FOR_REVIEW,
            {
                "year": year,
                "kinds": list(cycle.GOVERNED_KINDS),
                "interval": cycle.REVIEW_INTERVAL_YEARS,
            },
        )
        return [ReviewDue(record(r), r["approvedYear"], r["lastReviewYear"]) for r in rows]

    async def reference_group_gaps(self, year: int) -> list[ReferenceGroupGap]:
        rows = await self._client.read(
            q.REFERENCE_GROUP_GAPS, {"year": year, "kinds": list(cycle.GOVERNED_KINDS)}
        )
        return [
            ReferenceGroupGap(
                service=record(r),
                has_group=bool(r["hasGroup"]),
                has_user_representation=bool(r["users"]),
                missing_authorities=tuple(_organisation(p) for p in r["missing"]),
            )
            for r in rows
        ]

    async def history(self, service: str) -> list[HistoryEntry]:
        rows = await self._client.read(q.SERVICE_HISTORY, {"service": service})
        return [
            HistoryEntry(r["kind"], _when(r), record(r), recorded=bool(r["recorded"])) for r in rows
        ]
