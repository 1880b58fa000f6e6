"""The coordinator's questions about the yearly cycle (reads)."""

from __future__ import annotations

from dataclasses import replace

import strawberry

from graph import cycle
from graph.models import PartialDate
from i18n.languages import SUPPORTED_LANGUAGES
from i18n.messages import N_, gettext
from resolvers.nodes import one
from schema import dates
from schema.applications import Application, ApplicationList
from schema.arguments import entity_id
from schema.arguments import year as checked_year
from schema.context import Info
from schema.convert import to_type
from schema.cycle import (
    HistoryEvent,
    HistoryEventKind,
    ReferenceGroupGap,
    ReviewDue,
    RoundState,
    StageCount,
)
from schema.enums import ApplicationStage
from schema.organisations import Organisation
from schema.relay import converted
from schema.services import Service

PENDING = [ApplicationStage.AWAITING_ASSESSMENT, ApplicationStage.AWAITING_DECISION]


def _year(value: int) -> int:
    checked = checked_year(value)
    assert checked is not None
    return checked


async def round_state(info: Info, year: int) -> RoundState:
    state = await info.context.repos.cycle.round_state(_year(year))
    lists: list[ApplicationList] = converted(list(state.lists), ApplicationList.from_record)
    return RoundState(
        year=state.year,
        due_on=cycle.list_due_date(state.year),
        lists=lists,
        late_lists=[lst for lst in lists if lst.record.props.get("late")],
        missing_authorities=[Organisation.from_record(r) for r in state.missing_authorities],
        stages=[
            StageCount(stage=stage, applications=state.stages.get(stage.value, 0))
            for stage in ApplicationStage
        ],
        applications=sum(state.stages.values()),
    )


async def pending_applications(
    info: Info,
    stages: list[ApplicationStage] | None = None,
    round_year: int | None = None,
) -> list[Application]:
    wanted = [s.value for s in (stages or PENDING)]
    records = await info.context.repos.cycle.applications_in_stage(
        wanted, checked_year(round_year, "roundYear")
    )
    return converted(records, Application.from_record)


async def services_not_reported(info: Info, year: int) -> list[Service]:
    records = await info.context.repos.cycle.services_not_reported(_year(year))
    return converted(records, Service.from_record)


async def services_due_for_review(info: Info, year: int) -> list[ReviewDue]:
    found = await info.context.repos.cycle.services_due_for_review(_year(year))
    return [
        ReviewDue(
            service=Service.from_record(due.service),
            approved_year=due.approved_year,
            last_review_year=due.last_review_year,
        )
        for due in found
    ]


async def reference_group_gaps(info: Info, year: int) -> list[ReferenceGroupGap]:
    found = await info.context.repos.cycle.reference_group_gaps(_year(year))
    return [
        ReferenceGroupGap(
            service=Service.from_record(gap.service),
            has_group=gap.has_group,
            has_user_representation=gap.has_user_representation,
            missing_authorities=[Organisation.from_record(r) for r in gap.missing_authorities],
        )
        for gap in found
    ]


async def service_history(info: Info, service: strawberry.ID) -> list[HistoryEvent]:
    found: Service = await one(info, service, "Service")
    checked = entity_id(found.record.id)
    assert checked is not None
    entries = await info.context.repos.cycle.history(checked)
    return [
        HistoryEvent(
            kind=HistoryEventKind(entry.kind),
            date=entry.when.day if entry.when and not entry.recorded else None,
            when=dates.of(_recorded(entry.when) if entry.recorded else entry.when),
            subject=to_type(entry.record),
        )
        for entry in entries
    ]


_RECORDED = N_("The day the hub recorded it; no source dates it.")


def _recorded(when: PartialDate | None) -> PartialDate | None:
    """A date that is only the day the hub recorded something, saying so in every language."""
    if when is None:
        return None
    said = {language: gettext(_RECORDED, language) for language in SUPPORTED_LANGUAGES}
    return replace(when, derived_from=said)
