"""``viewer``: who the bearer token of this request says the caller is."""

from __future__ import annotations

from schema.context import Info
from schema.identity import Viewer


async def viewer(info: Info) -> Viewer:
    found = await info.context.viewer()
    return Viewer(
        authenticated=found.authenticated,
        role=found.role,
        token_id=found.token_id,
        organisation_id=found.organisation,
        country_id=found.country,
    )
