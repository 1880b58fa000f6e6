"""The yearly cycle: each step's write in one transaction, and the coordinator's questions.

A write method reads the state the rules need, hands it to ``check`` (which raises to refuse),
and only then writes, all in the same transaction: a refusal or a failure leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graph import cycle
from graph.client import CountingTransaction
from graph.cycle import (
    ApplicationSpec,
    ApplicationState,
    AssessmentSpec,
    DecisionSpec,
    EvaluationSpec,
    ListSpec,
    MemberSpec,
    PlanSpec,
    ReferenceGroupSpec,
    ReportSpec,
    ReviewSpec,
    ServiceState,
    TargetSpec,
    Texts,
)
from graph.errors import GraphError
from graph.models import PartialDate, Record, native, record
from graph.queries import cycle as q
from graph.repositories.base import Repository
from graph.vocabulary import ApplicationStage, DatePrecision, DecisionOutcome, ServiceStatus

Provenance = dict[str, Any]


def new_id(prefix: str) -> str:
    return f"{prefix}:{uuid.uuid4().hex[:16]}"


def _texts(prefix: str, texts: Texts | None) -> dict[str, str]:
    """``<prefix>_<lang>`` properties; the language given first is the original."""
    found = {f"{prefix}_{language}": text for language, text in (texts or {}).items()}
    if texts:
        found[f"{prefix}Original"] = next(iter(texts))
    return found


@dataclass(frozen=True, slots=True)
class Fact:
    """What the graph knows about an id a step refers to (label None: no such node)."""

    id: str
    label: str | None
    kind: str | None
    status: str | None
    name: str


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

    async def facts(self, ids: Sequence[str]) -> dict[str, Fact]:
        if not ids:
            return {}
        rows = await self.tx.rows(q.FACTS, {"ids": list(dict.fromkeys(ids))})
        return {
            row["id"]: Fact(row["id"], row["label"], row["kind"], row["status"], row["name"])
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

    # --- writes -----------------------------------------------------------------------------

    async def submit_list(
        self,
        actor: str,
        spec: ListSpec,
        prov: Provenance,
        check: Callable[[bool, Mapping[str, Fact]], None],
    ) -> str:
        """The regional health authority's combined, prioritised list for a round."""
        list_id = new_id("applist")
        key = f"{actor}|{spec.round_year}"
        exists = (await self.tx.rows(q.LIST_EXISTS, {"roundKey": key}))[0]["exists"]
        refs = [actor] + ([spec.document] if spec.document else [])
        for app in spec.applications:
            refs += [r for r in (app.applicant, app.proposed_service) if r is not None]
        check(bool(exists), await self.facts(refs))

        new_services: list[dict[str, Any]] = []
        applications: list[dict[str, Any]] = []
        targets: list[dict[str, Any]] = []
        plans: list[dict[str, Any]] = []
        late = cycle.is_late(spec.round_year, spec.submitted_on)
        for priority, app in enumerate(spec.applications, start=1):
            service = app.proposed_service or new_id("service")
            if app.proposed_service is None:
                new_services.append(_new_service(service, app))
            applications.append(
                {
                    "id": new_id("application"),
                    "service": service,
                    "applicant": app.applicant,
                    "priority": priority,
                    "props": {
                        "roundYear": spec.round_year,
                        "proposedKind": app.proposed_kind,
                        "late": late,
                        **_texts("title", app.title),
                    },
                }
            )
            targets += [_target_row(service, t) for t in app.targets]
            if app.dissemination_plan:
                plans.append(
                    _plan_row(PlanSpec(service, app.dissemination_plan, spec.submitted_on))
                )
        if new_services:
            await self.tx.run(q.CREATE_SERVICES, {"rows": new_services, "prov": prov})
        await self.tx.run(
            q.CREATE_LIST,
            {
                "actor": actor,
                "list": {
                    "id": list_id,
                    "roundYear": spec.round_year,
                    "submittedOn": spec.submitted_on,
                    "dueOn": cycle.list_due_date(spec.round_year),
                    "late": late,
                    "roundKey": key,
                },
                "applications": applications,
                "document": spec.document,
                "prov": prov,
            },
        )
        if targets:
            await self.tx.run(q.MERGE_TARGETS, {"rows": targets, "prov": prov})
        if plans:
            await self.tx.run(q.CREATE_PLANS, {"rows": plans, "prov": prov})
        return list_id

    async def assess(
        self,
        actor: str,
        spec: AssessmentSpec,
        prov: Provenance,
        check: Callable[[list[ApplicationState]], None],
    ) -> str:
        assessment_id = new_id("assessment")
        states = await self.application_states(spec.applications)
        _all_found(spec.applications, [s.id for s in states])
        check(states)
        if spec.document is not None:
            found = await self.facts([spec.document])
            if found[spec.document].label != "Document":
                raise MissingIds([spec.document])
        rows = [
            {"application": s.id, "provision": cycle.PROVISION_FOR_KIND.get(s.kind or "")}
            for s in states
        ]
        await self.tx.run(
            q.CREATE_ASSESSMENT,
            {
                "actor": actor,
                "assessment": {
                    "id": assessment_id,
                    "date": spec.date,
                    "recommendation": spec.recommendation,
                    **_texts("summary", spec.summary),
                },
                "rows": rows,
                "document": spec.document,
                "prov": prov,
            },
        )
        return assessment_id

    async def decide(
        self,
        actor: str,
        spec: DecisionSpec,
        prov: Provenance,
        check: Callable[[list[ApplicationState], Mapping[str, Fact]], None],
    ) -> str:
        decision_id = new_id("decision")
        status = {
            DecisionOutcome.APPROVED.value: ServiceStatus.APPROVED.value,
            DecisionOutcome.REJECTED.value: ServiceStatus.REJECTED.value,
        }.get(spec.outcome, ServiceStatus.UNDER_ASSESSMENT.value)

        states = await self.application_states(spec.applications)
        _all_found(spec.applications, [s.id for s in states])
        refs = [r for r in (spec.legal_basis, spec.deadline_for, spec.document) if r is not None]
        refs += spec.recommends
        check(states, await self.facts(refs))
        await self.tx.run(
            q.CREATE_DECISION,
            {
                "actor": actor,
                "decision": {
                    "id": decision_id,
                    "outcome": spec.outcome,
                    "date": spec.date,
                    "deadline": spec.deadline,
                    "reasons": list(spec.reasons) or None,
                    **_texts("reason", spec.reason),
                },
                "legalBasis": spec.legal_basis,
                "recommends": list(spec.recommends),
                "document": spec.document,
                "deadlineFor": spec.deadline_for,
                "applications": list(spec.applications),
                "serviceStatus": status,
                "prov": prov,
            },
        )
        return decision_id

    async def report(
        self,
        spec: ReportSpec,
        prov: Provenance,
        check: Callable[[ServiceState], None],
    ) -> str:
        report_id = new_id("report")
        found = (await self.service_states([spec.service])).get(spec.service)
        _all_found([spec.service], [found.id] if found else [])
        assert found is not None
        check(found)
        await self.tx.run(
            q.CREATE_REPORT,
            {
                "service": spec.service,
                "report": {
                    "id": report_id,
                    "year": spec.year,
                    "status": "SUBMITTED",
                    "submittedOn": spec.submitted_on,
                    "reportKey": f"{spec.service}|{spec.year}",
                    **_texts("summary", spec.summary),
                },
                "prov": prov,
            },
        )
        rows = [_target_row(spec.service, t, report=report_id) for t in spec.results]
        if rows:
            await self.tx.run(q.MERGE_TARGETS, {"rows": rows, "prov": prov})
        return report_id

    async def evaluate(
        self,
        actor: str,
        spec: EvaluationSpec,
        prov: Provenance,
        check: Callable[[Mapping[str, ServiceState]], None],
    ) -> str:
        evaluation_id = new_id("evaluation")
        check(await self.service_states([d.service for d in spec.deficient]))
        await self.tx.run(
            q.CREATE_EVALUATION,
            {
                "actor": actor,
                "year": spec.year,
                "kinds": list(cycle.GOVERNED_KINDS),
                "evaluation": {
                    "id": evaluation_id,
                    "year": spec.year,
                    "date": spec.date,
                    **_texts("summary", spec.summary),
                },
                "deficient": [
                    {"service": d.service, "remark": _texts("remark", d.remark)}
                    for d in spec.deficient
                ],
                "prov": prov,
            },
        )
        return evaluation_id

    async def review(
        self,
        actor: str,
        spec: ReviewSpec,
        prov: Provenance,
    ) -> str:
        review_id = new_id("review")
        services = [f.service for f in spec.findings]
        states = await self.service_states(services)
        _all_found(services, list(states))
        await self.tx.run(
            q.CREATE_REVIEW,
            {
                "actor": actor,
                "review": {
                    "id": review_id,
                    "year": spec.year,
                    "date": spec.date,
                    **_texts("summary", spec.summary),
                },
                "findings": [
                    {
                        "service": f.service,
                        "props": {
                            "recommendation": f.recommendation,
                            **_texts("remark", f.remark),
                        },
                    }
                    for f in spec.findings
                ],
                "prov": prov,
            },
        )
        return review_id

    async def set_reference_group(
        self,
        spec: ReferenceGroupSpec,
        prov: Provenance,
        check: Callable[[ServiceState, Mapping[str, Fact]], None],
    ) -> str:
        group_id = new_id("refgroup")
        found = (await self.service_states([spec.service])).get(spec.service)
        _all_found([spec.service], [found.id] if found else [])
        assert found is not None
        orgs = [m.organisation for m in spec.members if m.organisation is not None]
        check(found, await self.facts(orgs))
        await self.tx.run(
            q.SET_REFERENCE_GROUP,
            {
                "service": spec.service,
                "groupId": group_id,
                "members": [_member_row(m) for m in spec.members],
                "prov": prov,
            },
        )
        return spec.service

    async def adopt_plan(self, spec: PlanSpec, prov: Provenance) -> str:
        row = _plan_row(spec)
        found = (await self.service_states([spec.service])).get(spec.service)
        _all_found([spec.service], [found.id] if found else [])
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


class MissingIds(GraphError):
    """Raised when a step names applications or services that do not exist."""

    def __init__(self, ids: Sequence[str]) -> None:
        super().__init__(", ".join(ids))
        self.ids = tuple(ids)


def _all_found(wanted: Sequence[str], found: Sequence[str]) -> None:
    missing = [i for i in wanted if i not in set(found)]
    if missing:
        raise MissingIds(missing)


def _new_service(service_id: str, app: ApplicationSpec) -> dict[str, Any]:
    return {
        "id": service_id,
        "kind": app.proposed_kind,
        "props": {
            "kind": app.proposed_kind,
            "status": ServiceStatus.PROPOSED.value,
            **_texts("name", app.title),
        },
    }


def _target_row(service: str, target: TargetSpec, *, report: str | None = None) -> dict[str, Any]:
    props: dict[str, Any] = {
        "measure": target.measure.strip(),
        **_texts("description", target.description),
    }
    if target.unit is not None:
        props["unit"] = target.unit
    if target.target_value is not None:
        props["targetValue"] = target.target_value
    return {
        "id": new_id("target"),
        "service": service,
        "measure": target.measure.strip(),
        "props": props,
        "report": report,
        "measuredValue": target.measured_value,
    }


def _plan_row(spec: PlanSpec) -> dict[str, Any]:
    return {
        "id": new_id("plan"),
        "service": spec.service,
        "props": {"adoptedOn": spec.adopted_on, **_texts("summary", spec.summary)},
    }


def _member_row(member: MemberSpec) -> dict[str, Any]:
    return {
        "id": new_id("member"),
        "organisation": member.organisation,
        "props": {"name": member.name, "kind": member.kind},
    }
