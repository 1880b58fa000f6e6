"""Every step of the yearly cycle against the real graph, below the API: one transaction each,
refusals leave nothing behind, and the coordinator's queries see the result."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from graph.client import GraphClient
from graph.cycle import (
    DEADLINE_KNOWN_FROM_ROUND,
    ApplicationSpec,
    AssessmentSpec,
    DecisionSpec,
    EvaluationSpec,
    FindingSpec,
    ListSpec,
    MemberSpec,
    ReferenceGroupSpec,
    ReportSpec,
    ReviewSpec,
    TargetSpec,
)
from graph.errors import RuleBroken
from graph.repositories.cycle import CycleWriter, Step
from schema.errors import ErrorCode
from tests.resolvers.cycle.parties import HDIR, HMN, HN, HOD, RHAS

TODAY = dt.date(2026, 11, 30)


def prov(actor: str) -> dict[str, Any]:
    return {"source": f"api:{actor}", "recordedBy": actor}


async def run(graph: GraphClient, step: Step, actor: str, spec: Any) -> str:
    async def work(tx: Any) -> str:
        return await step(CycleWriter(tx), actor, spec, prov(actor), TODAY)

    return await graph.write_tx(work)


async def count(graph: GraphClient, label_query: str, params: dict[str, Any]) -> int:
    rows = await graph.read(label_query, params)
    return int(rows[0]["n"])


async def test_a_full_cycle_below_the_api(graph: GraphClient, gql, year: int) -> None:
    # A round before any source gives the 15 January deadline: no list is late or on time (the
    # API test covers a round whose deadline is known).
    assert year < DEADLINE_KNOWN_FROM_ROUND
    tag = uuid.uuid4().hex[:8]
    target = TargetSpec({"nb": f"Ventetid {tag}"}, "Median ventetid i dager", "dager", 30.0)
    app = ApplicationSpec(
        {"nb": f"Nasjonal behandlingstjeneste for test {tag}"},
        "NATIONAL_TREATMENT_SERVICE",
        applicant="org:st-olavs-hospital",
        targets=(target,),
    )
    on_time = ListSpec(year, dt.date(year, 1, 10), (app,))
    list_id = await run(graph, CycleWriter.submit_list, HMN, on_time)
    late_app = ApplicationSpec({"nb": f"Sen søknad {tag}"}, "NATIONAL_COMPETENCE_SERVICE")
    await run(graph, CycleWriter.submit_list, HN, ListSpec(year, dt.date(year, 2, 1), (late_app,)))

    state = (
        await gql(
            "query($y: Int!) { roundState(year: $y) { dueOn applications "
            "lists { id late submittedBy { id } } lateLists { submittedBy { id } } "
            "missingAuthorities { id } stages { stage applications } } }",
            {"y": year},
        )
    ).ok()["roundState"]
    assert state["dueOn"] is None
    assert state["applications"] == 2
    assert state["lateLists"] == []
    assert {lst["late"] for lst in state["lists"]} == {None}
    assert {m["id"] for m in state["missingAuthorities"]} == set(RHAS) - {HMN, HN}
    stages = {s["stage"]: s["applications"] for s in state["stages"]}
    assert stages["AWAITING_ASSESSMENT"] == 2

    listed = (
        await gql(
            "query($id: ID!) { node(id: $id) { ... on ApplicationList { late applications { "
            "id late stage priority applicant { id } proposedService { id status "
            "resultTargets { measure } } } } } }",
            {"id": list_id},
        )
    ).ok()["node"]
    assert listed["late"] is None
    application = listed["applications"][0]
    assert application["stage"] == "AWAITING_ASSESSMENT" and application["priority"] == 1
    assert application["applicant"]["id"] == "org:st-olavs-hospital"
    service_id = application["proposedService"]["id"]
    assert application["proposedService"]["status"] == "PROPOSED"
    assert application["proposedService"]["resultTargets"] == [
        {"measure": "Median ventetid i dager"}
    ]

    with pytest.raises(RuleBroken) as caught:
        await run(
            graph,
            CycleWriter.decide,
            HOD,
            DecisionSpec(
                (application["id"],),
                "APPROVED",
                dt.date(year, 3, 1),
                legal_basis="legal:forskrift-1706-2010-4-3",
            ),
        )
    assert caught.value.code == ErrorCode.APPLICATION_NOT_ASSESSED

    await run(
        graph,
        CycleWriter.assess,
        HDIR,
        AssessmentSpec((application["id"],), dt.date(year, 3, 1), "APPROVE", {"nb": "Oppfyller"}),
    )
    await run(
        graph,
        CycleWriter.decide,
        HOD,
        DecisionSpec(
            (application["id"],),
            "APPROVED",
            dt.date(year, 6, 1),
            reason={"nb": "Godkjent"},
            legal_basis="legal:forskrift-1706-2010-4-3",
        ),
    )
    await run(
        graph,
        CycleWriter.set_reference_group,
        HMN,
        ReferenceGroupSpec(
            service_id,
            (
                MemberSpec("Representant Helse Midt-Norge", "REGIONAL_HEALTH_AUTHORITY", HMN),
                MemberSpec("Representant Helse Nord", "REGIONAL_HEALTH_AUTHORITY", HN),
            ),
        ),
    )
    gaps = (
        await gql(
            "query($y: Int!) { referenceGroupGaps(year: $y) { service { id } hasGroup "
            "hasUserRepresentation missingAuthorities { id } } }",
            {"y": year + 1},
        )
    ).ok()["referenceGroupGaps"]
    mine = next(g for g in gaps if g["service"]["id"] == service_id)
    assert mine["hasGroup"] and not mine["hasUserRepresentation"]
    assert {o["id"] for o in mine["missingAuthorities"]} == set(RHAS) - {HMN, HN}

    reported = ReportSpec(
        service_id,
        year + 1,
        dt.date(year + 2, 2, 1),
        results=(
            TargetSpec(target.description, target.measure, "dager", 30.0, measured_value=41.0),
        ),
    )
    not_reported = (
        await gql("query($y: Int!) { servicesNotReported(year: $y) { id } }", {"y": year + 1})
    ).ok()["servicesNotReported"]
    assert service_id in {s["id"] for s in not_reported}
    await run(graph, CycleWriter.report, HMN, reported)
    with pytest.raises(RuleBroken) as caught:
        await run(graph, CycleWriter.report, HMN, reported)
    assert caught.value.code == ErrorCode.ANNUAL_REPORT_EXISTS
    not_reported = (
        await gql("query($y: Int!) { servicesNotReported(year: $y) { id } }", {"y": year + 1})
    ).ok()["servicesNotReported"]
    assert service_id not in {s["id"] for s in not_reported}

    await run(
        graph,
        CycleWriter.evaluate,
        HDIR,
        EvaluationSpec(year + 1, dt.date(year + 2, 4, 1), {"nb": "Evaluering"}),
    )
    due = (
        await gql(
            "query($y: Int!) { servicesDueForReview(year: $y) { service { id } approvedYear "
            "lastReviewYear } }",
            {"y": year + 5},
        )
    ).ok()["servicesDueForReview"]
    assert {"service": {"id": service_id}, "approvedYear": year, "lastReviewYear": None} in due
    await run(
        graph,
        CycleWriter.review,
        HDIR,
        ReviewSpec(year + 5, dt.date(year + 5, 9, 1), (FindingSpec(service_id, "CONTINUE"),)),
    )
    due = (
        await gql(
            "query($y: Int!) { servicesDueForReview(year: $y) { service { id } } }",
            {"y": year + 5},
        )
    ).ok()["servicesDueForReview"]
    assert service_id not in {d["service"]["id"] for d in due}

    history = (
        await gql(
            "query($id: ID!) { serviceHistory(service: $id) { kind date subject { id } } }",
            {"id": service_id},
        )
    ).ok()["serviceHistory"]
    assert [e["kind"] for e in history] == [
        "APPLIED",
        "ASSESSED",
        "DECIDED",
        "REPORTED",
        "EVALUATED",
        "REVIEWED",
        "REFERENCE_GROUP",
    ]


async def test_a_refused_step_writes_nothing(graph: GraphClient, year: int) -> None:
    blank = TargetSpec({"nb": "Uten mål"}, "  ")
    good = ApplicationSpec({"nb": "God"}, "NATIONAL_TREATMENT_SERVICE")
    bad = ApplicationSpec({"nb": "Dårlig"}, "NATIONAL_TREATMENT_SERVICE", targets=(blank,))
    before = await count(graph, "MATCH (n:Entity) RETURN {n: count(n)} AS row", {})
    with pytest.raises(RuleBroken) as caught:
        await run(
            graph, CycleWriter.submit_list, HN, ListSpec(year, dt.date(year, 1, 2), (good, bad))
        )
    assert caught.value.code == ErrorCode.RESULT_TARGET_WITHOUT_MEASURE
    unknown = ApplicationSpec({"nb": "X"}, "NATIONAL_TREATMENT_SERVICE", applicant="org:nope")
    with pytest.raises(RuleBroken) as caught:
        await run(
            graph, CycleWriter.submit_list, HN, ListSpec(year, dt.date(year, 1, 2), (unknown,))
        )
    assert caught.value.code == ErrorCode.NOT_FOUND
    after = await count(graph, "MATCH (n:Entity) RETURN {n: count(n)} AS row", {})
    assert after == before
