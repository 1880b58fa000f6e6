"""The cells of the authorisation matrix and what each needs in the graph.

A cell is an action, a role, how the caller's organisation stands to the target (its own or
another's; in a project or registry: its participant role, or none) and whether the target lies
in the caller's own country. Targets are Norwegian; a Norwegian caller is in its own country, a
Swedish one is not. Callers are test bodies, one per role and country (and a second Norwegian
one, whose targets are "another organisation's"), each of a kind that may hold its role.

What a cell should answer is worked out from the policy table's data (:func:`expected`), not by
asking the policy, so the test checks that the targets the commands read from the graph say
what the table means.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from graph.client import GraphClient
from graph.cycle import ApplicationSpec, AssessmentSpec, DecisionSpec, ListSpec, TargetSpec
from graph.repositories.cycle import CycleWriter, Step
from graph.vocabulary import AccessRole, Action, OrganisationKind, ParticipantRole
from nordhub.token_cli import issue
from schema.policy import POLICY, Grant, Scope

OWN, OTHER = "OWN", "OTHER"
LEAD, PARTNER, SECRETARIAT = (r.value for r in ParticipantRole)
S43 = "legal:forskrift-1706-2010-4-3"

PROJECT_ACTIONS = (
    Action.CREATE_PROJECT,
    Action.UPDATE_PROJECT,
    Action.ADD_LOG_ENTRY,
    Action.ADD_PARTICIPANT,
    Action.REMOVE_PARTICIPANT,
    Action.CLOSE_PROJECT,
    Action.REOPEN_PROJECT,
)
# How a caller's organisation can stand to the target of each kind of action.
STANDINGS: dict[Action, tuple[str, ...]] = {
    **dict.fromkeys(PROJECT_ACTIONS, (LEAD, PARTNER, SECRETARIAT, OTHER)),
    Action.UPSERT_REGISTRY_PARTICIPATION: (LEAD, PARTNER, OTHER),
    Action.VALIDATE_REGISTRY_FEED: (LEAD, PARTNER, OTHER),
}
# Mutations that write nothing when allowed (a dry run): not even an audit entry.
WRITES_NOTHING = frozenset({Action.VALIDATE_REGISTRY_FEED})
KINDS: dict[AccessRole, OrganisationKind] = {
    AccessRole.COORDINATOR: OrganisationKind.DIRECTORATE,  # and a programme's secretariat
    AccessRole.PARTNER: OrganisationKind.HOSPITAL,
    AccessRole.READER: OrganisationKind.AGENCY,
    AccessRole.REGIONAL_HEALTH_AUTHORITY: OrganisationKind.REGIONAL_HEALTH_AUTHORITY,
    AccessRole.DIRECTORATE: OrganisationKind.DIRECTORATE,
    AccessRole.MINISTRY: OrganisationKind.MINISTRY,
}
THIRD = "org:mx-third-no"  # a Norwegian hospital taking part in every test project


@dataclass(frozen=True, slots=True)
class Cell:
    action: Action
    role: AccessRole
    standing: str
    own_country: bool

    @property
    def id(self) -> str:
        country = "own-country" if self.own_country else "other-country"
        return f"{self.action.value}-{self.role.value}-{self.standing}-{country}"


def cells() -> list[Cell]:
    """Every action × role × standing (own/other organisation) × own/other country."""
    return [
        Cell(action, role, standing, own_country)
        for action in Action
        for role in AccessRole
        for standing in STANDINGS.get(action, (OWN, OTHER))
        for own_country in (True, False)
    ]


def self_only(cell: Cell) -> bool:
    """Whether the cell's change concerns the caller's organisation alone: a partner taking
    itself out of a project; the registry pushes state no reporting unit."""
    if cell.action is Action.REMOVE_PARTICIPANT:
        return cell.standing == PARTNER
    return True


def expected(cell: Cell) -> bool:
    """Allowed, by the policy table's data for this cell."""
    holds: dict[Scope, Callable[[Grant], bool]] = {
        Scope.COUNTRY: lambda _: cell.own_country,
        Scope.OWN: lambda _: cell.standing == OWN,
        Scope.PARTICIPANT: lambda g: cell.standing in {r.value for r in g.standing},
        Scope.COORDINATED: lambda _: cell.standing == SECRETARIAT,
        Scope.SELF: lambda _: self_only(cell),
    }
    return any(
        cell.role in grant.roles and all(holds[scope](grant) for scope in grant.scopes)
        for grant in POLICY[cell.action]
    )


def body(role: AccessRole, country: str, index: int = 1) -> str:
    return f"org:mx-{role.value.lower().replace('_', '-')}-{country.lower()}-{index}"


BODIES = [
    (body(role, country, index), role, country)
    for role in AccessRole
    for country, index in (("NO", 1), ("NO", 2), ("SE", 1))
]

CREATE_BODIES = """
UNWIND $rows AS row
MATCH (c:Country {code: row.country})
CREATE (o:Entity:Organisation {id: row.id, kind: row.kind, name_en: row.id, source: 'tests',
                               recordedBy: 'tests'})
CREATE (o)-[:IN_COUNTRY {source: 'tests'}]->(c)
CREATE (o)-[:GOVERNS {source: 'tests'}]->(:Entity:Region {id: 'region:' + substring(row.id, 4),
                                                        name_en: row.id, source: 'tests'})
WITH o, row WHERE row.secretariat
CREATE (:Entity:CollaborationProject {id: 'project:' + substring(row.id, 4), area: 'PROGRAMME',
        status: 'ACTIVE', version: 1, title_en: row.id, source: 'tests', illustrative: false})
       -[:INVOLVES {role: 'SECRETARIAT', source: 'tests'}]->(o)
"""

CREATE_PROJECT = """
CREATE (p:Entity:CollaborationProject {id: $id, area: $area, status: $status, version: 1,
        statusBeforeClose: $before, title_nb: $id, source: 'tests', recordedBy: 'tests',
        illustrative: false})
WITH p UNWIND $parties AS party
MATCH (n:Entity {id: party.id})
CREATE (p)-[:INVOLVES {role: party.role, source: 'tests'}]->(n)
"""

CREATE_REGISTRY = """
MATCH (no:Country {code: 'NO'})
CREATE (q:Entity:QualityRegistry {id: $id, name_en: $id, scope: 'NORDIC', source: 'tests',
                                  recordedBy: 'tests'})
CREATE (no)-[:PARTICIPATES_IN {source: 'tests'}]->(q)
WITH q
CALL (q) { UNWIND $holders AS h MATCH (o:Organisation {id: h})
           CREATE (q)-[:HELD_BY {source: 'tests'}]->(o) }
CALL (q) { UNWIND $reporting AS r MATCH (o:Organisation {id: r})
           CREATE (o)-[:REPORTS_TO {source: 'tests'}]->(q) }
"""

CREATE_DESIGNATION = """
MATCH (no:Country {code: 'NO'})
CREATE (s:Entity:Service {id: $id, kind: 'NATIONAL_TREATMENT_SERVICE', status: 'APPROVED',
                          name_nb: $id, pushedBy: $owner, source: 'tests', recordedBy: $owner})
CREATE (s)-[:IN_COUNTRY {source: 'tests', pushedBy: $owner}]->(no)
"""

LISTED = """
MATCH (:ApplicationList {id: $id})<-[:LISTED_IN]-(a:Application)-[:PROPOSES]->(s:Service)
RETURN {application: a.id, service: s.id} AS row
"""


def _text(text: str, language: str = "nb") -> list[dict[str, str]]:
    return [{"language": language, "text": text}]


@dataclass
class Targets:
    """Builds each cell's target and input; a target stays shared by the cells that are
    refused on it (they must leave it as it was) until an allowed cell writes to it."""

    graph: GraphClient
    tokens: dict[str, str]
    shared: dict[tuple[Any, ...], tuple[dict[str, Any], str | None]] = field(default_factory=dict)
    years: dict[str, int] = field(default_factory=dict)

    def caller(self, cell: Cell) -> str:
        return body(cell.role, "NO" if cell.own_country else "SE")

    def owner(self, cell: Cell) -> str:
        """Whose target it is: the caller's own, or another Norwegian body of the same kind."""
        return self.caller(cell) if cell.standing == OWN else body(cell.role, "NO", 2)

    def year(self, actor: str) -> int:
        """A round year this body has not used (one list per body and round)."""
        self.years[actor] = self.years.get(actor, 1900) + 1
        return self.years[actor]

    async def input(self, cell: Cell) -> tuple[dict[str, Any], str | None]:
        """The mutation's input and the id of the target to read back (None: nothing yet)."""
        key = self._key(cell)
        if key not in self.shared:
            self.shared[key] = await self._build(cell)
        given, target = self.shared[key]
        if cell.action is Action.REMOVE_PARTICIPANT and cell.standing == PARTNER:
            given = {**given, "party": self.caller(cell)}  # a partner takes itself out
        return given, target

    def consumed(self, cell: Cell) -> None:
        self.shared.pop(self._key(cell), None)

    def _key(self, cell: Cell) -> tuple[Any, ...]:
        if cell.action in STANDINGS:
            return (cell.action, cell.standing)
        return (cell.action, self.owner(cell))

    async def _build(self, cell: Cell) -> tuple[dict[str, Any], str | None]:
        build = BUILDERS.get(cell.action)
        if build is not None:
            return await build(self, cell)
        return await self._cycle(cell)

    # --- projects and registries: every caller body takes part with the cell's standing -----

    def _parties(self, standing: str) -> list[dict[str, str]]:
        parties = [{"id": "country:NO", "role": PARTNER}, {"id": THIRD, "role": PARTNER}]
        if standing != OTHER:
            parties += [{"id": org, "role": standing} for org, _, _ in BODIES if org.endswith("-1")]
        return parties

    async def project(self, cell: Cell) -> tuple[dict[str, Any], str | None]:
        project = f"project:mx-{uuid.uuid4().hex[:12]}"
        closed = cell.action is Action.REOPEN_PROJECT
        await self.graph.write(
            CREATE_PROJECT,
            {
                "id": project,
                "area": "PROGRAMME" if cell.action is Action.CREATE_PROJECT else "QUALITY_REGISTRY",
                "status": "CLOSED" if closed else "ACTIVE",
                "before": "ACTIVE" if closed else None,
                "parties": self._parties(cell.standing),
            },
        )
        inputs: dict[Action, dict[str, Any]] = {
            Action.CREATE_PROJECT: {
                "title": _text(f"Delprosjekt {uuid.uuid4().hex[:8]}"),
                "area": "QUALITY_REGISTRY",
                "partOf": project,
            },
            Action.UPDATE_PROJECT: {"id": project, "version": 1, "status": "COMPLETED"},
            Action.ADD_LOG_ENTRY: {
                "projectId": project,
                "kind": "MEETING",
                "language": "nb",
                "text": _text("Arbeidsmøte."),
            },
            Action.ADD_PARTICIPANT: {
                "projectId": project,
                "version": 1,
                "participant": {"party": "country:FI", "role": PARTNER},
            },
            Action.REMOVE_PARTICIPANT: {"projectId": project, "version": 1, "party": THIRD},
            Action.CLOSE_PROJECT: {"id": project, "version": 1, "outcome": _text("Ferdig.")},
            Action.REOPEN_PROJECT: {"id": project, "version": 1},
        }
        return inputs[cell.action], project

    async def registry(self, cell: Cell) -> tuple[dict[str, Any], str | None]:
        registry = f"registry:mx-{uuid.uuid4().hex[:12]}"
        members = [org for org, _, _ in BODIES if org.endswith("-1")]
        holders = {LEAD: members, PARTNER: [], OTHER: [body(AccessRole.PARTNER, "NO", 2)]}
        await self.graph.write(
            CREATE_REGISTRY,
            {
                "id": registry,
                "holders": holders[cell.standing],
                "reporting": members if cell.standing == PARTNER else [],
            },
        )
        if cell.action is Action.VALIDATE_REGISTRY_FEED:
            feed = '{"coverage": [{"year": 2024, "country": "NO", "percent": 90}]}'
            return {"registry": registry, "country": "NO", "content": feed}, registry
        return {"registry": registry, "country": "NO", "reporting": []}, registry

    async def designation(self, cell: Cell) -> tuple[dict[str, Any], str | None]:
        ref = f"mx-{uuid.uuid4().hex[:12]}"
        service = f"service:no:{ref}"
        await self.graph.write(CREATE_DESIGNATION, {"id": service, "owner": self.owner(cell)})
        given = {
            "ref": ref,
            "country": "NO",
            "kind": "NATIONAL_TREATMENT_SERVICE",
            "status": "APPROVED",
            "name": _text("Nasjonal behandlingstjeneste for matrisen"),
        }
        return given, service

    # --- the yearly cycle: lists, applications and services of the owner -------------------

    async def _step(self, step: Step, actor: str, spec: Any) -> str:
        today = dt.date.today()
        prov = {"source": "tests", "recordedBy": actor}

        async def work(tx: Any) -> str:
            return await step(CycleWriter(tx), actor, spec, prov, today)

        return await self.graph.write_tx(work)

    async def _listed(self, owner: str, year: int) -> tuple[str, str]:
        target = TargetSpec({"nb": "Ventetid"}, "Median ventetid i dager", "dager", 30.0)
        app = ApplicationSpec({"nb": "Søknad"}, "NATIONAL_TREATMENT_SERVICE", targets=(target,))
        list_id = await self._step(
            CycleWriter.submit_list, owner, ListSpec(year, dt.date(year, 1, 10), (app,))
        )
        row = (await self.graph.read(LISTED, {"id": list_id}))[0]
        return row["application"], row["service"]

    async def _cycle(self, cell: Cell) -> tuple[dict[str, Any], str | None]:
        owner = self.owner(cell)
        if cell.action is Action.SUBMIT_APPLICATION_LIST:
            year = self.year(self.caller(cell))
            proposed = {
                "title": _text("Søknad"),
                "proposedKind": "NATIONAL_TREATMENT_SERVICE",
                "applicant": owner,  # it governs a region: its applications are its own
            }
            return {
                "roundYear": year,
                "submittedOn": f"{year}-01-10",
                "applications": [proposed],
            }, None
        year = self.year(owner)
        if cell.action is Action.EVALUATE_ANNUAL_REPORTS:
            return {"year": year, "date": f"{year}-12-01"}, None
        application, service = await self._listed(owner, year)
        if cell.action in NEED_A_SERVICE:
            return SERVICE_INPUTS[cell.action](service, year), service
        if cell.action is Action.ASSESS_APPLICATIONS:
            return {
                "applications": [application],
                "recommendation": "APPROVE",
                "date": f"{year}-02-01",
            }, application
        assessed = AssessmentSpec((application,), dt.date(year, 2, 1), "APPROVE")
        directorate = body(AccessRole.DIRECTORATE, "NO")
        await self._step(CycleWriter.assess, directorate, assessed)
        if cell.action is Action.DECIDE_APPLICATIONS:
            return {
                "applications": [application],
                "outcome": "REJECTED",
                "reason": _text("For lite volum."),
                "legalBasis": S43,
                "date": f"{year}-03-01",
            }, application
        # An annual report needs an approved service.
        ministry = body(AccessRole.MINISTRY, "NO")
        approved = DecisionSpec((application,), "APPROVED", dt.date(year, 3, 1), legal_basis=S43)
        await self._step(CycleWriter.decide, ministry, approved)
        report = {"service": service, "year": year + 1, "submittedOn": f"{year + 2}-01-31"}
        return report, service


SERVICE_INPUTS: dict[Action, Callable[[str, int], dict[str, Any]]] = {
    Action.RECORD_FIVE_YEAR_REVIEW: lambda service, year: {
        "year": year + 5,
        "date": f"{year + 5}-10-01",
        "findings": [{"service": service, "recommendation": "CONTINUE"}],
    },
    Action.SET_REFERENCE_GROUP: lambda service, year: {
        "service": service,
        "members": [{"name": "Brukerrepresentant", "kind": "USER_REPRESENTATIVE"}],
    },
    Action.ADOPT_DISSEMINATION_PLAN: lambda service, year: {
        "service": service,
        "summary": _text("Kurs i alle helseregioner."),
        "adoptedOn": f"{year}-05-01",
    },
}
NEED_A_SERVICE = frozenset(SERVICE_INPUTS)


Builder = Callable[[Targets, Cell], Awaitable[tuple[dict[str, Any], str | None]]]
BUILDERS: dict[Action, Builder] = {
    **dict.fromkeys(PROJECT_ACTIONS, Targets.project),
    Action.UPSERT_REGISTRY_PARTICIPATION: Targets.registry,
    Action.VALIDATE_REGISTRY_FEED: Targets.registry,
    Action.UPSERT_DESIGNATION: Targets.designation,
}


async def create_bodies(graph: GraphClient) -> dict[str, str]:
    """The test bodies, the third project partner, and a token for each body in its role."""
    rows = [
        {
            "id": org,
            "kind": KINDS[role].value,
            "country": country,
            "secretariat": role is AccessRole.COORDINATOR,
        }
        for org, role, country in BODIES
    ]
    rows.append(
        {"id": THIRD, "kind": "HOSPITAL", "country": "NO", "secretariat": False},
    )
    await graph.write(CREATE_BODIES, {"rows": rows})
    made = {}
    for org, role, _ in BODIES:
        made[org], _ = await issue(graph, org, role, "tests: authorisation matrix")
    return made
