"""Each step of the yearly cycle inside the caller's write transaction: read the state, apply the
rules of :mod:`resolvers.cycle_rules`, write. Who may take a step is decided by the policy table,
never here; ``actor`` is the organisation the policy let through.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar

from graph.cycle import (
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
from graph.repositories.cycle import CycleWriter, Fact, MissingIds
from resolvers import cycle_rules as rules
from schema.errors import ApiError, ErrorCode

T = TypeVar("T")
Provenance = Mapping[str, Any]


def _require(facts: Mapping[str, Fact], ids: Sequence[str | None], label: str) -> None:
    for key in ids:
        if key is None:
            continue
        fact = facts.get(key)
        if fact is None or fact.label != label:
            raise ApiError(ErrorCode.NOT_FOUND, id=key)


async def _found(write: Awaitable[T]) -> T:
    try:
        return await write
    except MissingIds as e:
        raise ApiError(ErrorCode.NOT_FOUND, id=e.ids[0]) from None


async def submit_list(
    writer: CycleWriter, actor: str, prov: Provenance, spec: ListSpec, today: dt.date
) -> str:
    def check(exists: bool, facts: Mapping[str, Fact]) -> None:
        authority = facts[actor].name if actor in facts else actor
        rules.check_list(spec, authority=authority, list_exists=exists, today=today)
        _require(facts, [a.applicant for a in spec.applications], "Organisation")
        _require(facts, [a.proposed_service for a in spec.applications], "Service")
        _require(facts, [spec.document], "Document")

    return await _found(writer.submit_list(actor, spec, dict(prov), check))


async def assess(
    writer: CycleWriter, actor: str, prov: Provenance, spec: AssessmentSpec, today: dt.date
) -> str:
    rules.check_not_future("date", spec.date, today)
    return await _found(writer.assess(actor, spec, dict(prov), rules.check_assessment))


async def decide(
    writer: CycleWriter, actor: str, prov: Provenance, spec: DecisionSpec, today: dt.date
) -> str:
    rules.check_not_future("date", spec.date, today)

    def check(states: Sequence[Any], facts: Mapping[str, Fact]) -> None:
        rules.check_decision(spec, states)
        _require(facts, [spec.legal_basis], "LegalProvision")
        _require(facts, [spec.deadline_for], "Organisation")
        _require(facts, [spec.document], "Document")
        _require(facts, list(spec.recommends), "CollaborationProject")

    return await _found(writer.decide(actor, spec, dict(prov), check))


async def report(
    writer: CycleWriter, actor: str, prov: Provenance, spec: ReportSpec, today: dt.date
) -> str:
    del actor

    def check(service: ServiceState) -> None:
        rules.check_report(spec, service, today=today)

    return await _found(writer.report(spec, dict(prov), check))


async def evaluate(
    writer: CycleWriter, actor: str, prov: Provenance, spec: EvaluationSpec, today: dt.date
) -> str:
    rules.check_not_future("date", spec.date, today)

    def check(services: Mapping[str, ServiceState]) -> None:
        rules.check_evaluation(spec, services)

    return await _found(writer.evaluate(actor, spec, dict(prov), check))


async def review(
    writer: CycleWriter, actor: str, prov: Provenance, spec: ReviewSpec, today: dt.date
) -> str:
    rules.check_not_future("date", spec.date, today)
    return await _found(writer.review(actor, spec, dict(prov)))


async def set_reference_group(
    writer: CycleWriter, actor: str, prov: Provenance, spec: ReferenceGroupSpec, today: dt.date
) -> str:
    del actor, today

    def check(service: ServiceState, facts: Mapping[str, Fact]) -> None:
        del service
        kinds = {
            key: (fact.kind if fact.label == "Organisation" else None)
            for key, fact in facts.items()
        }
        rules.check_members(spec.members, kinds)

    return await _found(writer.set_reference_group(spec, dict(prov), check))


async def adopt_plan(
    writer: CycleWriter, actor: str, prov: Provenance, spec: PlanSpec, today: dt.date
) -> str:
    del actor
    rules.check_not_future("adoptedOn", spec.adopted_on, today)
    return await _found(writer.adopt_plan(spec, dict(prov)))


Step = Callable[[CycleWriter, str, Provenance, Any, dt.date], Awaitable[str]]
