"""Conditions and procedures."""

from __future__ import annotations

import strawberry

from resolvers.nodes import one
from schema.context import Info
from schema.enums import CodeSystem
from schema.errors import ApiError, ErrorCode
from schema.relay import Connection, connection, decode_cursor, page_size, wants_field
from schema.terminology import Condition, Procedure


async def conditions(
    info: Info,
    code_system: CodeSystem | None = None,
    first: int | None = None,
    after: str | None = None,
) -> Connection[Condition]:
    size, start = page_size(info, first), decode_cursor(after)
    page = await info.context.repos.terminology.conditions(
        first=size,
        after=start,
        with_total=wants_field(info, "totalCount"),
        code_system=code_system.value if code_system else None,
    )
    return connection(page, Condition.from_record, after=start)


async def condition(
    info: Info,
    id: strawberry.ID | None = None,
    code_system: CodeSystem | None = None,
    code: str | None = None,
) -> Condition:
    """By id, or by its primary code (``codeSystem`` and ``code`` together)."""
    if id is not None and code is None and code_system is None:
        found: Condition = await one(info, id, "Condition")
        return found
    if id is None and code is not None and code_system is not None:
        record = await info.context.repos.terminology.condition_by_code(
            code_system.value, code.strip().upper()
        )
        if record is None:
            raise ApiError(ErrorCode.NOT_FOUND, id=f"{code_system.value}:{code}")
        by_code: Condition = Condition.from_record(record)
        return by_code
    raise ApiError(
        ErrorCode.BAD_USER_INPUT,
        argument="id | codeSystem + code",
        detail="give either id, or codeSystem and code",
    )


async def procedures(
    info: Info,
    code_system: CodeSystem | None = None,
    first: int | None = None,
    after: str | None = None,
) -> Connection[Procedure]:
    size, start = page_size(info, first), decode_cursor(after)
    page = await info.context.repos.terminology.procedures(
        first=size,
        after=start,
        with_total=wants_field(info, "totalCount"),
        code_system=code_system.value if code_system else None,
    )
    return connection(page, Procedure.from_record, after=start)


async def procedure(info: Info, id: strawberry.ID) -> Procedure:
    found: Procedure = await one(info, id, "Procedure")
    return found
