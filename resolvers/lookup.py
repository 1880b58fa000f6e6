"""Cross-border lookup: where a treatment is offered, and referral options from a country.

Arguments are checked before anything runs (empty or over-long text, malformed codes, unknown
countries, both or neither of ``treatment`` and ``code``); then one statement answers the search.
"""

from __future__ import annotations

import datetime as dt

from graph import lucene
from graph.codes import CodeFormatError, parse_code
from graph.repositories.lookup import Lookup, LookupFilters
from graph.repositories.referrals import for_site
from graph.terms import SearchTerms
from schema.arguments import country_code
from schema.context import Info
from schema.countries import Country
from schema.enums import ServiceKind, ServiceStatus, values
from schema.errors import ApiError, ErrorCode
from schema.lookup import (
    NordicCooperationRoute,
    Offering,
    OfferingConnection,
    OfferingEdge,
    ReferralOption,
    ReferralOptions,
    Suggestion,
)
from schema.referrals import FACTS_LOADER, all_routes, prime, routes_between
from schema.relay import decode_cursor, encode_cursor, page_info, page_size

MAX_TEXT = 200
# Referral options come as one list; a treatment has far fewer designations than this.
MAX_REFERRAL_OPTIONS = 100
_OFFSET = "offset:"


def search_terms(info: Info, treatment: str | None, code: str | None) -> SearchTerms:
    """What to look for; raises :class:`ApiError` for anything the search cannot run on."""
    if (treatment is None) == (code is None):
        raise ApiError(ErrorCode.TREATMENT_OR_CODE)
    language = info.context.language
    if treatment is not None:
        text = treatment.strip()
        if len(text) > MAX_TEXT:
            raise ApiError(
                ErrorCode.SEARCH_TEXT_TOO_LONG,
                argument="treatment",
                maximum=MAX_TEXT,
                length=len(text),
            )
        if not lucene.words(text):
            raise ApiError(ErrorCode.SEARCH_TEXT_EMPTY, argument="treatment")
        return SearchTerms(language=language, text=text)
    assert code is not None
    try:
        if len(code) > MAX_TEXT:
            raise CodeFormatError(code)
        return SearchTerms(language=language, code=parse_code(code))
    except CodeFormatError:
        raise ApiError(ErrorCode.BAD_CODE, value=code[:MAX_TEXT]) from None


def lookup_countries(countries: list[str] | None) -> list[str] | None:
    if not countries:
        return None
    return [code for code in (country_code(c) for c in countries) if code]


def offset(after: str | None) -> int:
    raw = decode_cursor(after)
    if raw is None:
        return 0
    if not raw.startswith(_OFFSET) or not raw[len(_OFFSET) :].isdigit():
        raise ApiError(ErrorCode.BAD_CURSOR, cursor=after)
    return int(raw[len(_OFFSET) :]) + 1


def _offerings(search: SearchTerms, result: Lookup) -> list[Offering]:
    return [Offering(offering=o, search=search) for o in result.offerings]


def _suggestions(result: Lookup, language: str) -> list[Suggestion]:
    return [Suggestion.of(r, language) for r in result.suggestions]


async def where_offered(
    info: Info,
    treatment: str | None = None,
    code: str | None = None,
    countries: list[str] | None = None,
    service_kinds: list[ServiceKind] | None = None,
    statuses: list[ServiceStatus] | None = None,
    include_illustrative: bool = False,
    first: int | None = None,
    after: str | None = None,
) -> OfferingConnection:
    search = search_terms(info, treatment, code)
    filters = LookupFilters(
        countries=lookup_countries(countries),
        kinds=values(service_kinds),
        statuses=values(statuses),
        include_illustrative=include_illustrative,
    )
    size, start = page_size(info, first), offset(after)
    result = await info.context.repos.lookup.where_offered(search, filters, skip=start, limit=size)
    edges = [
        OfferingEdge(cursor=encode_cursor(f"{_OFFSET}{start + i}"), node=node)
        for i, node in enumerate(_offerings(search, result))
    ]
    return OfferingConnection(
        edges=edges,
        page_info=page_info(
            edges, has_next=start + len(edges) < result.total, has_previous=start > 0
        ),
        total_count=result.total,
        illustrative_left_out=result.illustrative_left_out,
        illustrative_services_left_out=result.illustrative_services_left_out,
        suggestions=_suggestions(result, info.context.language),
    )


async def ranked(info: Info, options: list[ReferralOption]) -> list[ReferralOption]:
    """Own country first; then options a route is open to from the referring country; then the
    shortest known wait (unknown last); ties keep the statement's order (country, relevance)."""
    routes = await all_routes(info)
    facts = await info.context.loaders.keyed(*FACTS_LOADER).load_many(
        [option.referral_keys()[0] for option in options]
    )

    def key(item: tuple[int, ReferralOption]) -> tuple[bool, bool, bool, int, int]:
        index, option = item
        _, location, country, origin = option.referral_keys()
        waiting = for_site(facts[index].waiting, location)
        weeks = waiting.get_int("weeks") if waiting else None
        routed = bool(origin and routes_between(routes, origin, country))
        return (not option.own_country, not routed, weeks is None, weeks or 0, index)

    return [option for _, option in sorted(enumerate(options), key=key)]


async def referral_options(
    info: Info,
    from_country: str,
    treatment: str | None = None,
    code: str | None = None,
    include_illustrative: bool = False,
) -> ReferralOptions:
    origin = country_code(from_country)
    assert origin is not None
    search = search_terms(info, treatment, code)
    # Approved designations; illustrative services (UNCONFIRMED) pass the status filter so that
    # they are counted in ``illustrativeLeftOut``, and shown only when asked for.
    filters = LookupFilters(
        statuses=[ServiceStatus.APPROVED.value, ServiceStatus.UNCONFIRMED.value],
        include_illustrative=include_illustrative,
        valid_on=dt.date.today(),
    )
    result = await info.context.repos.lookup.referral_options(
        search, origin, filters, skip=0, limit=MAX_REFERRAL_OPTIONS
    )
    prime(
        info,
        {o.service.id: o.referral for o in result.offerings if o.referral is not None},
        result.referral_routes,
    )
    options = [
        ReferralOption(
            offering=offering,
            own_country=bool(
                offering.offering.country and offering.offering.country.props.get("code") == origin
            ),
            from_country_code=origin,
        )
        for offering in _offerings(search, result)
    ]
    return ReferralOptions(
        from_country=Country.from_record(result.origin) if result.origin else None,
        options=await ranked(info, options),
        total_count=result.total,
        illustrative_left_out=result.illustrative_left_out,
        illustrative_services_left_out=result.illustrative_services_left_out,
        nordic_cooperation=[NordicCooperationRoute(route=r) for r in result.routes],
        suggestions=_suggestions(result, info.context.language),
    )
