"""Routes between Nordic countries for planned treatment (the root ``referralRoutes`` field)."""

from __future__ import annotations

from schema.arguments import country_code
from schema.context import Info
from schema.referrals import ReferralRoute, all_routes


async def referral_routes(
    info: Info, from_country: str | None = None, to_country: str | None = None
) -> list[ReferralRoute]:
    origin, destination = country_code(from_country), country_code(to_country)
    found = [
        route
        for route in await all_routes(info)
        if (origin is None or origin in route.countries)
        and (destination is None or destination in route.countries)
        and (origin is None or origin != destination)
    ]
    return [ReferralRoute.of(route) for route in found]
