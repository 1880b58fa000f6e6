"""The rules of the yearly cycle as pure functions: each refusal with its stable code."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from graph.cycle import (
    ApplicationSpec,
    ApplicationState,
    DecisionSpec,
    DeficiencySpec,
    EvaluationSpec,
    ListSpec,
    MemberSpec,
    ReportSpec,
    ServiceState,
    TargetSpec,
    application_stage,
    is_late,
    list_due_date,
    review_due,
)
from graph.vocabulary import ApplicationStage
from resolvers import cycle_rules as rules
from schema.errors import ApiError, ErrorCode

TODAY = dt.date(2026, 11, 30)
TREATMENT, COMPETENCE = "NATIONAL_TREATMENT_SERVICE", "NATIONAL_COMPETENCE_SERVICE"
S43, S45 = "legal:forskrift-1706-2010-4-3", "legal:forskrift-1706-2010-4-5"
TARGET = TargetSpec({"nb": "Ventetid"}, "Median ventetid i dager", "dager", 30.0)


def refused(code: ErrorCode, call, *args, **kwargs) -> ApiError:
    with pytest.raises(ApiError) as caught:
        call(*args, **kwargs)
    assert caught.value.code is code
    return caught.value


def state(stage: ApplicationStage, kind: str = TREATMENT, targets: int = 1, plan: bool = False):
    return ApplicationState("application:x", kind, stage, targets, plan)


def decision(outcome: str, **kwargs: Any) -> DecisionSpec:
    return DecisionSpec(("application:x",), outcome, dt.date(2026, 3, 1), **kwargs)


def test_lists_are_due_on_15_january_and_later_ones_are_late() -> None:
    assert list_due_date(2027) == dt.date(2027, 1, 15)
    assert not is_late(2027, dt.date(2027, 1, 15))
    assert is_late(2027, dt.date(2027, 1, 16))


def test_stage_follows_assessments_and_decisions() -> None:
    assert application_stage(0, []) is ApplicationStage.AWAITING_ASSESSMENT
    assert application_stage(1, []) is ApplicationStage.AWAITING_DECISION
    assert application_stage(1, ["FURTHER_ASSESSMENT"]) is ApplicationStage.AWAITING_ASSESSMENT
    assert application_stage(2, ["FURTHER_ASSESSMENT"]) is ApplicationStage.AWAITING_DECISION
    assert application_stage(2, ["FURTHER_ASSESSMENT", "APPROVED"]) is ApplicationStage.APPROVED
    assert application_stage(1, ["REJECTED"]) is ApplicationStage.REJECTED


def test_review_is_due_five_years_after_approval_or_the_last_review() -> None:
    assert review_due(2030, 2025, None)
    assert not review_due(2029, 2025, None)
    assert not review_due(2031, 2020, 2027)
    assert review_due(2020, None, None)


def test_a_decision_needs_a_legal_basis() -> None:
    for outcome in ("APPROVED", "REJECTED"):
        refused(
            ErrorCode.DECISION_WITHOUT_LEGAL_BASIS,
            rules.check_decision,
            decision(outcome, reason={"nb": "Grunn"}),
            [state(ApplicationStage.AWAITING_DECISION)],
        )


def test_a_rejection_needs_a_reason() -> None:
    refused(
        ErrorCode.REJECTION_WITHOUT_REASON,
        rules.check_decision,
        decision("REJECTED", legal_basis=S43, reason={"nb": "  "}),
        [state(ApplicationStage.AWAITING_DECISION)],
    )


def test_further_assessment_needs_a_deadline_after_the_decision() -> None:
    awaiting = [state(ApplicationStage.AWAITING_DECISION)]
    refused(
        ErrorCode.FURTHER_ASSESSMENT_WITHOUT_DEADLINE,
        rules.check_decision,
        decision("FURTHER_ASSESSMENT"),
        awaiting,
    )
    refused(
        ErrorCode.DEADLINE_NOT_AFTER_DECISION,
        rules.check_decision,
        decision("FURTHER_ASSESSMENT", deadline=dt.date(2026, 2, 1)),
        awaiting,
    )
    rules.check_decision(decision("FURTHER_ASSESSMENT", deadline=dt.date(2026, 5, 1)), awaiting)


def test_no_decision_on_an_unassessed_or_decided_application() -> None:
    spec = decision("REJECTED", legal_basis=S43, reason={"nb": "Grunn"})
    refused(
        ErrorCode.APPLICATION_NOT_ASSESSED,
        rules.check_decision,
        spec,
        [state(ApplicationStage.AWAITING_ASSESSMENT)],
    )
    refused(
        ErrorCode.APPLICATION_ALREADY_DECIDED,
        rules.check_decision,
        spec,
        [state(ApplicationStage.REJECTED)],
    )


def test_the_legal_basis_must_fit_the_kind() -> None:
    error = refused(
        ErrorCode.LEGAL_BASIS_MISMATCH,
        rules.check_decision,
        decision("REJECTED", legal_basis=S43, reason={"nb": "Grunn"}),
        [state(ApplicationStage.AWAITING_DECISION, kind=COMPETENCE)],
    )
    assert error.params["expected"] == S45


def test_approval_needs_measurable_targets_and_for_competence_services_a_plan() -> None:
    refused(
        ErrorCode.RESULT_TARGETS_MISSING,
        rules.check_decision,
        decision("APPROVED", legal_basis=S43),
        [state(ApplicationStage.AWAITING_DECISION, targets=0)],
    )
    refused(
        ErrorCode.DISSEMINATION_PLAN_MISSING,
        rules.check_decision,
        decision("APPROVED", legal_basis=S45),
        [state(ApplicationStage.AWAITING_DECISION, kind=COMPETENCE)],
    )
    rules.check_decision(
        decision("APPROVED", legal_basis=S45),
        [state(ApplicationStage.AWAITING_DECISION, kind=COMPETENCE, plan=True)],
    )


def test_a_result_target_needs_a_measure() -> None:
    blank = TargetSpec({"nb": "Bedre kvalitet"}, " ")
    error = refused(ErrorCode.RESULT_TARGET_WITHOUT_MEASURE, rules.check_targets, [TARGET, blank])
    assert error.params["target"] == "Bedre kvalitet"


def test_lists_one_per_authority_and_round_not_empty_not_in_the_future() -> None:
    app = ApplicationSpec({"nb": "Ny tjeneste"}, TREATMENT, targets=(TARGET,))
    good = ListSpec(2027, dt.date(2026, 11, 1), (app,))
    rules.check_list(good, authority="Helse Nord RHF", list_exists=False, today=TODAY)
    refused(
        ErrorCode.APPLICATION_LIST_EXISTS,
        rules.check_list,
        good,
        authority="Helse Nord RHF",
        list_exists=True,
        today=TODAY,
    )
    refused(
        ErrorCode.APPLICATION_LIST_EMPTY,
        rules.check_list,
        ListSpec(2027, TODAY, ()),
        authority="x",
        list_exists=False,
        today=TODAY,
    )
    refused(
        ErrorCode.DATE_IN_FUTURE,
        rules.check_list,
        ListSpec(2027, dt.date(2027, 1, 1), (app,)),
        authority="x",
        list_exists=False,
        today=TODAY,
    )


def test_assessment_only_of_applications_awaiting_it() -> None:
    rules.check_assessment([state(ApplicationStage.AWAITING_ASSESSMENT)])
    refused(
        ErrorCode.APPLICATION_NOT_AWAITING_ASSESSMENT,
        rules.check_assessment,
        [state(ApplicationStage.AWAITING_DECISION)],
    )
    refused(
        ErrorCode.APPLICATION_ALREADY_DECIDED,
        rules.check_assessment,
        [state(ApplicationStage.APPROVED)],
    )


def test_reports_only_from_approved_services_once_a_year() -> None:
    spec = ReportSpec("service:x", 2026, TODAY, results=(TARGET,))
    rules.check_report(spec, ServiceState("service:x", TREATMENT, "APPROVED"), today=TODAY)
    refused(
        ErrorCode.SERVICE_NOT_APPROVED,
        rules.check_report,
        spec,
        ServiceState("service:x", TREATMENT, "PROPOSED"),
        today=TODAY,
    )
    refused(
        ErrorCode.ANNUAL_REPORT_EXISTS,
        rules.check_report,
        spec,
        ServiceState("service:x", TREATMENT, "APPROVED", (2026,)),
        today=TODAY,
    )


def test_only_a_report_that_came_can_be_deficient() -> None:
    spec = EvaluationSpec(2026, TODAY, deficient=(DeficiencySpec("service:x"),))
    refused(
        ErrorCode.NO_ANNUAL_REPORT,
        rules.check_evaluation,
        spec,
        {"service:x": ServiceState("service:x", TREATMENT, "APPROVED")},
    )
    refused(ErrorCode.NOT_FOUND, rules.check_evaluation, spec, {})


def test_a_member_for_a_regional_health_authority_must_name_one() -> None:
    rha = MemberSpec("Helse Nord RHF", "REGIONAL_HEALTH_AUTHORITY", "org:helse-nord-rhf")
    rules.check_members([rha], {"org:helse-nord-rhf": "REGIONAL_HEALTH_AUTHORITY"})
    refused(
        ErrorCode.NOT_A_REGIONAL_HEALTH_AUTHORITY,
        rules.check_members,
        [MemberSpec("HOD", "REGIONAL_HEALTH_AUTHORITY", "org:hod")],
        {"org:hod": "MINISTRY"},
    )
    refused(
        ErrorCode.NOT_FOUND,
        rules.check_members,
        [MemberSpec("?", "OTHER", "org:nobody")],
        {"org:nobody": None},
    )
