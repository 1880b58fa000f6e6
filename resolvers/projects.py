"""Collaboration projects (reads)."""

from __future__ import annotations

import strawberry

from resolvers.nodes import one
from schema.arguments import country_code, entity_id
from schema.context import Info
from schema.enums import ProjectArea, ProjectStatus, values
from schema.projects import CollaborationProject
from schema.relay import Connection, connection, decode_cursor, page_size, wants_field


async def collaboration_projects(
    info: Info,
    statuses: list[ProjectStatus] | None = None,
    areas: list[ProjectArea] | None = None,
    country: str | None = None,
    concerns: strawberry.ID | None = None,
    first: int | None = None,
    after: str | None = None,
) -> Connection[CollaborationProject]:
    size, start = page_size(info, first), decode_cursor(after)
    page = await info.context.repos.projects.page(
        first=size,
        after=start,
        with_total=wants_field(info, "totalCount"),
        statuses=values(statuses),
        areas=values(areas),
        country=country_code(country),
        concerns=entity_id(concerns),
    )
    return connection(page, CollaborationProject.from_record, after=start)


async def collaboration_project(info: Info, id: strawberry.ID) -> CollaborationProject:
    found: CollaborationProject = await one(info, id, "CollaborationProject")
    return found
