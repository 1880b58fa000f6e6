"""The rules of the yearly cycle as pure functions: each takes what a step wants to write and the
state it would change, and raises :class:`ApiError` for the first thing the rules forbid.

They run inside the step's write transaction, before anything is written, so a refusal leaves
nothing behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from graph.cycle import (
    PROVISION_FOR_KIND,
    ApplicationState,
    DecisionSpec,
    EvaluationSpec,
    ListSpec,
    MemberSpec,
    ReportSpec,
    ServiceState,
    TargetSpec,
)
from graph.vocabulary import (
    ApplicationStage,
    DecisionOutcome,
    MemberKind,
    OrganisationKind,
    ServiceKind,
    ServiceStatus,
)
from schema.errors import ApiError, ErrorCode

_DECIDED = (ApplicationStage.APPROVED, ApplicationStage.REJECTED)


def _label(texts: Mapping[str, str]) -> str:
    return next(iter(texts.values()), "") if texts else ""


def check_not_future(argument: str, value: dt.date, today: dt.date) -> None:
    if value > today:
        raise ApiError(ErrorCode.DATE_IN_FUTURE, argument=argument, value=value.isoformat())


def check_targets(targets: Iterable[TargetSpec]) -> None:
    """Result targets must be measurable: each names what is measured."""
    for target in targets:
        if not target.measure.strip():
            raise ApiError(
                ErrorCode.RESULT_TARGET_WITHOUT_MEASURE, target=_label(target.description)
            )


def check_list(spec: ListSpec, *, authority: str, list_exists: bool, today: dt.date) -> None:
    """One combined, prioritised list per regional health authority and round; late is allowed."""
    if not spec.applications:
        raise ApiError(ErrorCode.APPLICATION_LIST_EMPTY)
    check_not_future("submittedOn", spec.submitted_on, today)
    if list_exists:
        raise ApiError(ErrorCode.APPLICATION_LIST_EXISTS, authority=authority, year=spec.round_year)
    for application in spec.applications:
        check_targets(application.targets)


def check_assessment(states: Iterable[ApplicationState]) -> None:
    """The Directorate assesses applications that await assessment, never decided ones."""
    for state in states:
        if state.stage in _DECIDED:
            raise ApiError(
                ErrorCode.APPLICATION_ALREADY_DECIDED, id=state.id, stage=state.stage.value
            )
        if state.stage is not ApplicationStage.AWAITING_ASSESSMENT:
            raise ApiError(
                ErrorCode.APPLICATION_NOT_AWAITING_ASSESSMENT, id=state.id, stage=state.stage.value
            )


def check_decision(spec: DecisionSpec, states: Iterable[ApplicationState]) -> None:
    """What the ministry may decide, and what each outcome must carry."""
    outcome = spec.outcome
    final = outcome in (DecisionOutcome.APPROVED.value, DecisionOutcome.REJECTED.value)
    if final and spec.legal_basis is None:
        raise ApiError(ErrorCode.DECISION_WITHOUT_LEGAL_BASIS)
    if outcome == DecisionOutcome.REJECTED.value and not any(
        t.strip() for t in spec.reason.values()
    ):
        raise ApiError(ErrorCode.REJECTION_WITHOUT_REASON)
    if outcome == DecisionOutcome.FURTHER_ASSESSMENT.value:
        if spec.deadline is None:
            raise ApiError(ErrorCode.FURTHER_ASSESSMENT_WITHOUT_DEADLINE)
        if spec.deadline <= spec.date:
            raise ApiError(
                ErrorCode.DEADLINE_NOT_AFTER_DECISION,
                deadline=spec.deadline.isoformat(),
                date=spec.date.isoformat(),
            )
    for state in states:
        if state.stage in _DECIDED:
            raise ApiError(
                ErrorCode.APPLICATION_ALREADY_DECIDED, id=state.id, stage=state.stage.value
            )
        if state.stage is ApplicationStage.AWAITING_ASSESSMENT:
            raise ApiError(ErrorCode.APPLICATION_NOT_ASSESSED, id=state.id)
        expected = PROVISION_FOR_KIND.get(state.kind or "")
        if final and expected is not None and spec.legal_basis != expected:
            raise ApiError(
                ErrorCode.LEGAL_BASIS_MISMATCH,
                id=state.id,
                kind=state.kind or "",
                expected=expected,
                given=spec.legal_basis or "",
            )
        if outcome == DecisionOutcome.APPROVED.value:
            if state.measurable_targets == 0:
                raise ApiError(ErrorCode.RESULT_TARGETS_MISSING, id=state.id)
            if (
                state.kind == ServiceKind.NATIONAL_COMPETENCE_SERVICE.value
                and not state.has_dissemination_plan
            ):
                raise ApiError(ErrorCode.DISSEMINATION_PLAN_MISSING, id=state.id)


def check_report(spec: ReportSpec, service: ServiceState, *, today: dt.date) -> None:
    """Approved services report once a year, with measurable result targets."""
    check_not_future("submittedOn", spec.submitted_on, today)
    if service.status != ServiceStatus.APPROVED.value:
        raise ApiError(ErrorCode.SERVICE_NOT_APPROVED, id=service.id)
    if spec.year in service.reported_years:
        raise ApiError(ErrorCode.ANNUAL_REPORT_EXISTS, id=service.id, year=spec.year)
    check_targets(spec.results)


def check_evaluation(spec: EvaluationSpec, services: Mapping[str, ServiceState]) -> None:
    """Only a report that came can be found deficient; one that did not is missing."""
    for flagged in spec.deficient:
        service = services.get(flagged.service)
        if service is None:
            raise ApiError(ErrorCode.NOT_FOUND, id=flagged.service)
        if spec.year not in service.reported_years:
            raise ApiError(ErrorCode.NO_ANNUAL_REPORT, id=service.id, year=spec.year)


def check_members(members: Iterable[MemberSpec], kinds: Mapping[str, str | None]) -> None:
    """A member who represents a regional health authority must name one; ``kinds`` maps each
    named organisation to its kind (None when no such organisation exists)."""
    for member in members:
        if member.organisation is None:
            if member.kind == MemberKind.REGIONAL_HEALTH_AUTHORITY.value:
                raise ApiError(ErrorCode.NOT_A_REGIONAL_HEALTH_AUTHORITY, id=member.name)
            continue
        kind = kinds.get(member.organisation)
        if kind is None:
            raise ApiError(ErrorCode.NOT_FOUND, id=member.organisation)
        if (
            member.kind == MemberKind.REGIONAL_HEALTH_AUTHORITY.value
            and kind != OrganisationKind.REGIONAL_HEALTH_AUTHORITY.value
        ):
            raise ApiError(ErrorCode.NOT_A_REGIONAL_HEALTH_AUTHORITY, id=member.organisation)
