"""Who is asking (``viewer``) and the audit trail of writes."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.scalars import JSON

from graph.models import Record
from graph.vocabulary import AccessRole as AccessRoleEnum
from schema.context import Info
from schema.convert import of_label

if TYPE_CHECKING:
    from schema.countries import Country
    from schema.organisations import Organisation

strawberry.enum(AccessRoleEnum, description="What a partner's token lets it do.")
AccessRole = AccessRoleEnum


@strawberry.type(description="The caller of this request, as its bearer token says.")
class Viewer:
    authenticated: bool
    role: AccessRole | None
    token_id: str | None = strawberry.field(description="The token's public id (not the secret).")
    organisation_id: strawberry.Private[str | None]
    country_id: strawberry.Private[str | None]

    @strawberry.field(description="The organisation the token speaks for.")
    async def organisation(
        self, info: Info
    ) -> Annotated[Organisation, strawberry.lazy("schema.organisations")] | None:
        if self.organisation_id is None:
            return None
        found = await info.context.loaders.nodes().load(self.organisation_id)
        return of_label(found, "Organisation")  # type: ignore[no-any-return]

    @strawberry.field(description="The organisation's country.")
    async def country(
        self, info: Info
    ) -> Annotated[Country, strawberry.lazy("schema.countries")] | None:
        if self.country_id is None:
            return None
        found = await info.context.loaders.nodes().load(self.country_id)
        return of_label(found, "Country")  # type: ignore[no-any-return]


@strawberry.type(
    description="One write to a project: who and when; for the body that wrote it and the "
    "project's coordinators also the role, the token id and the values before and after."
)
class AuditEntry:
    record: strawberry.Private[Record]
    details: strawberry.Private[bool] = False

    @strawberry.field(
        description="True when this caller sees only who and when: role, token id and the "
        "values before and after are withheld (null)."
    )
    def details_withheld(self) -> bool:
        return not self.details

    @strawberry.field(description="The mutation, e.g. UPDATE_PROJECT.")
    def action(self) -> str:
        return str(self.record.props["action"])

    @strawberry.field(description="When the write was committed.")
    def at(self) -> dt.datetime | None:
        return self.record.get_datetime("at")

    @strawberry.field(description="The organisation that wrote it.")
    def actor(self) -> str:
        return str(self.record.props.get("actor"))

    @strawberry.field(description="The role it acted in (withheld: see `detailsWithheld`).")
    def role(self) -> str | None:
        return self.record.get_str("role") if self.details else None

    @strawberry.field(description="The public id of the token used (withheld: see above).")
    def token_id(self) -> str | None:
        return self.record.get_str("tokenId") if self.details else None

    @strawberry.field(description="The id of the node written (the project, a log entry ...).")
    def subject(self) -> strawberry.ID:
        return strawberry.ID(str(self.record.props.get("subject")))

    @strawberry.field(
        description="The changed properties before the write (empty for a create; withheld: null)."
    )
    def before(self) -> JSON | None:
        return JSON(_data(self.record.get_str("before"))) if self.details else None

    @strawberry.field(description="The changed properties after the write (withheld: null).")
    def after(self) -> JSON | None:
        return JSON(_data(self.record.get_str("after"))) if self.details else None

    @strawberry.field(description="The names of the properties that changed.")
    def changed(self) -> list[str]:
        return sorted(
            set(_data(self.record.get_str("before"))) | set(_data(self.record.get_str("after")))
        )


def _data(text: str | None) -> dict[str, Any]:
    value: Any = json.loads(text) if text else {}
    return value if isinstance(value, dict) else {}
