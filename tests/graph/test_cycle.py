"""The yearly cycle's rules and transitions as pure functions: each refusal with its stable code,
and what each step writes (no Neo4j)."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from graph import cycle as rules
from graph.cycle import (
    ApplicationSpec,
    ApplicationState,
    AssessmentSpec,
    DecisionSpec,
    DeficiencySpec,
    EvaluationSpec,
    FindingSpec,
    ListSpec,
    MemberSpec,
    PlanSpec,
    ReferenceGroupSpec,
    ReportSpec,
    ReviewSpec,
    ServiceState,
    TargetSpec,
    application_stage,
    is_late,
    list_due_date,
    review_due,
)
from graph.errors import RuleBroken
from graph.vocabulary import ApplicationStage
from schema.errors import ErrorCode

TODAY = dt.date(2026, 11, 30)
TREATMENT, COMPETENCE = "NATIONAL_TREATMENT_SERVICE", "NATIONAL_COMPETENCE_SERVICE"
S43, S45 = "legal:forskrift-1706-2010-4-3", "legal:forskrift-1706-2010-4-5"
TARGET = TargetSpec({"nb": "Ventetid"}, "Median ventetid i dager", "dager", 30.0)


def refused(code: ErrorCode, call, *args, **kwargs) -> RuleBroken:
    with pytest.raises(RuleBroken) as caught:
        call(*args, **kwargs)
    assert caught.value.code == code
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


# --- transitions: what each step writes -----------------------------------------------------

HN = "org:helse-nord-rhf"


def fact(key: str, label: str | None, kind: str | None = None, name: str = "") -> rules.Fact:
    return rules.Fact(key, label, kind, None, name or key)


def test_a_list_records_its_applications_in_order_and_new_services_as_proposed() -> None:
    existing = ApplicationSpec({"nb": "Kjent"}, TREATMENT, proposed_service="service:kjent")
    new = ApplicationSpec(
        {"nb": "Ny", "en": "New"},
        COMPETENCE,
        applicant="org:unn",
        targets=(TARGET,),
        dissemination_plan={"nb": "Plan"},
    )
    spec = ListSpec(2026, dt.date(2026, 1, 16), (existing, new), document="document:liste")
    facts = {
        HN: fact(HN, "Organisation", name="Helse Nord RHF"),
        "org:unn": fact("org:unn", "Organisation"),
        "service:kjent": fact("service:kjent", "Service"),
        "document:liste": fact("document:liste", "Document"),
    }
    assert set(rules.list_refs(HN, spec)) == set(facts)
    write = rules.submit_list(HN, spec, rules.ListState(False, facts), TODAY)
    assert write.list["late"] is True and write.list["dueOn"] == dt.date(2026, 1, 15)
    assert write.list["roundKey"] == f"{HN}|2026"
    assert [a["priority"] for a in write.applications] == [1, 2]
    assert write.applications[0]["service"] == "service:kjent"
    assert write.applications[1]["props"]["title_en"] == "New"
    assert write.applications[1]["props"]["titleOriginal"] == "nb"
    (proposed,) = write.new_services
    assert proposed["id"] == write.applications[1]["service"]
    assert proposed["props"]["status"] == "PROPOSED" and proposed["kind"] == COMPETENCE
    assert [t["service"] for t in write.targets] == [proposed["id"]]
    assert write.targets[0]["props"]["measure"] == "Median ventetid i dager"
    assert [p["service"] for p in write.plans] == [proposed["id"]]
    assert write.plans[0]["props"]["adoptedOn"] == dt.date(2026, 1, 16)


def test_a_list_refers_only_to_what_exists_and_comes_once_a_round() -> None:
    app = ApplicationSpec({"nb": "Ny"}, TREATMENT, applicant="org:unn", targets=(TARGET,))
    spec = ListSpec(2026, dt.date(2026, 1, 10), (app,))
    known = {HN: fact(HN, "Organisation", name="Helse Nord RHF")}
    error = refused(
        ErrorCode.NOT_FOUND, rules.submit_list, HN, spec, rules.ListState(False, known), TODAY
    )
    assert error.params == {"id": "org:unn"}
    wrong = {**known, "org:unn": fact("org:unn", "Service")}
    refused(ErrorCode.NOT_FOUND, rules.submit_list, HN, spec, rules.ListState(False, wrong), TODAY)
    error = refused(
        ErrorCode.APPLICATION_LIST_EXISTS,
        rules.submit_list,
        HN,
        spec,
        rules.ListState(True, {**known, "org:unn": fact("org:unn", "Organisation")}),
        TODAY,
    )
    assert error.params == {"authority": "Helse Nord RHF", "year": 2026}


def test_an_assessment_cites_the_provision_of_each_kind() -> None:
    spec = AssessmentSpec(("application:a", "application:b"), dt.date(2026, 2, 1), "APPROVE")
    states = [
        ApplicationState(
            "application:a", TREATMENT, ApplicationStage.AWAITING_ASSESSMENT, 1, False
        ),
        ApplicationState(
            "application:b", COMPETENCE, ApplicationStage.AWAITING_ASSESSMENT, 1, True
        ),
    ]
    write = rules.assess(spec, states, {}, TODAY)
    assert [r["provision"] for r in write.rows] == [S43, S45]
    assert write.assessment["recommendation"] == "APPROVE"
    refused(ErrorCode.NOT_FOUND, rules.assess, spec, states[:1], {}, TODAY)
    later = AssessmentSpec(("application:a",), dt.date(2027, 1, 1), "APPROVE")
    refused(ErrorCode.DATE_IN_FUTURE, rules.assess, later, states[:1], {}, TODAY)


def test_a_decision_sets_the_status_of_the_proposed_services() -> None:
    awaiting = [state(ApplicationStage.AWAITING_DECISION)]
    basis = {S43: fact(S43, "LegalProvision")}
    approved = rules.decide(decision("APPROVED", legal_basis=S43), awaiting, basis, TODAY)
    assert approved.service_status == "APPROVED" and approved.decision["outcome"] == "APPROVED"
    rejected = rules.decide(
        decision("REJECTED", legal_basis=S43, reason={"nb": "For lite volum"}),
        awaiting,
        basis,
        TODAY,
    )
    assert rejected.service_status == "REJECTED" and rejected.decision["reason_nb"]
    further = decision("FURTHER_ASSESSMENT", deadline=dt.date(2026, 5, 1))
    assert rules.decide(further, awaiting, {}, TODAY).service_status == "UNDER_ASSESSMENT"
    refused(
        ErrorCode.NOT_FOUND,
        rules.decide,
        decision("APPROVED", legal_basis=S43),
        awaiting,
        {},
        TODAY,
    )


def test_reports_reviews_groups_and_plans_need_their_service() -> None:
    service = ServiceState("service:x", TREATMENT, "APPROVED")
    report = ReportSpec("service:x", 2025, dt.date(2026, 3, 1), results=(TARGET,))
    write = rules.report(report, service, TODAY)
    assert write.report["reportKey"] == "service:x|2025"
    assert [t["report"] for t in write.targets] == [write.report["id"]]
    refused(ErrorCode.NOT_FOUND, rules.report, report, None, TODAY)
    review = ReviewSpec(2026, dt.date(2026, 6, 1), (FindingSpec("service:x", "CONTINUE"),))
    assert rules.review(review, {"service:x": service}, TODAY).findings[0]["service"] == "service:x"
    refused(ErrorCode.NOT_FOUND, rules.review, review, {}, TODAY)
    group = ReferenceGroupSpec("service:x", (MemberSpec("Ola", "USER_REPRESENTATIVE"),))
    members = rules.set_reference_group(group, service, {}).members
    assert [m["props"] for m in members] == [{"name": "Ola", "kind": "USER_REPRESENTATIVE"}]
    plan = PlanSpec("service:x", {"nb": "Plan"}, dt.date(2026, 12, 1))
    refused(ErrorCode.DATE_IN_FUTURE, rules.adopt_plan, plan, service, TODAY)


def test_every_rule_names_an_api_error_code() -> None:
    source = ast.parse(Path(rules.__file__).read_text(encoding="utf-8"))
    codes = {
        node.args[0].value
        for node in ast.walk(source)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "RuleBroken"
        and isinstance(node.args[0], ast.Constant)
    }
    assert len(codes) > 15
    assert codes <= {code.value for code in ErrorCode}
