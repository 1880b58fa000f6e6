"""Referral facts in a partner's designation push: checked before anything is written, then
written in the push's own transaction with the push's provenance and confirmation (today, by the
pushing organisation).

Each fact is one node per service and kind (``contact:<country>:<ref>`` ...), linked from the
service; what a push no longer states is withdrawn with the rest of the push's relationships.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from graph.repositories.partner_writes import PartnerWriter, Push
from graph.vocabulary import EMAIL, EMAIL_MAX, PHONE, PHONE_MAX, URL_MAX, WEB_URL
from resolvers.project_mutations import TITLE_MAX, an_id, prefixed, texts
from schema.errors import ApiError, ErrorCode
from schema.partner_mutations import ContactInput, ReferralFactsInput, WaitingTimeInput

MAX_WEEKS = 520


@dataclass(frozen=True, slots=True)
class Fact:
    label: str
    rel: str
    id: str
    props: dict[str, Any]
    location: str | None


@dataclass(frozen=True, slots=True)
class ReferralFacts:
    facts: tuple[Fact, ...] = ()
    memberships: tuple[tuple[str, dict[str, Any]], ...] = ()

    @property
    def networks(self) -> tuple[str, ...]:
        return tuple(network for network, _ in self.memberships)

    def summary(self) -> list[str]:
        """What the push states, for the audit entry."""
        return sorted(f.label for f in self.facts) + [f"MEMBER_OF {n}" for n in self.networks]


def _site(value: str | None, sites: set[str]) -> str | None:
    if value is None:
        return None
    found = an_id(value, "location")
    if found not in sites:
        raise ApiError(ErrorCode.NOT_A_SITE, id=found)
    return found


def _checked(value: str | None, pattern: re.Pattern[str], maximum: int, code: ErrorCode) -> Any:
    if value is None or not value.strip():
        return None
    found = value.strip()
    if len(found) > maximum or not pattern.match(found):
        raise ApiError(code, value=found[:maximum], maximum=maximum)
    return found


def _contact(given: ContactInput, key: str, sites: set[str]) -> Fact:
    props: dict[str, Any] = {
        **prefixed("unit", texts(given.unit, "unit", TITLE_MAX)),
        "phone": _checked(given.phone, PHONE, PHONE_MAX, ErrorCode.BAD_PHONE),
        "email": _checked(given.email, EMAIL, EMAIL_MAX, ErrorCode.BAD_EMAIL),
        "url": _checked(given.url, WEB_URL, URL_MAX, ErrorCode.BAD_URL),
        **prefixed("referralAddress", texts(given.referral_address, "referralAddress", TITLE_MAX)),
        **prefixed("openingHours", texts(given.opening_hours, "openingHours", TITLE_MAX)),
    }
    return Fact(
        "Contact",
        "HAS_CONTACT",
        f"contact:{key}",
        {k: v for k, v in props.items() if v is not None},
        _site(given.location, sites),
    )


def _waiting(given: WaitingTimeInput, key: str, sites: set[str]) -> Fact:
    if not 0 <= given.weeks <= MAX_WEEKS:
        raise ApiError(ErrorCode.BAD_WAITING_TIME, weeks=given.weeks, maximum=MAX_WEEKS)
    return Fact(
        "WaitingTime",
        "HAS_WAITING_TIME",
        f"waiting-time:{key}",
        {"weeks": given.weeks, "asOf": given.as_of},
        _site(given.location, sites),
    )


def checked(given: ReferralFactsInput | None, service_id: str, sites: set[str]) -> ReferralFacts:
    """The facts of ``given``, checked; raises :class:`ApiError` before anything is written."""
    if given is None:
        return ReferralFacts()
    key = service_id.split(":", 1)[1]
    facts: list[Fact] = []
    if given.contact is not None:
        facts.append(_contact(given.contact, key, sites))
    if given.waiting_time is not None:
        facts.append(_waiting(given.waiting_time, key, sites))
    if given.accepts_foreign_patients is not None or given.referrers is not None:
        terms: dict[str, Any] = {"acceptsForeignPatients": given.accepts_foreign_patients}
        if given.referrers is not None:
            terms["referrers"] = sorted({kind.value for kind in given.referrers})
        facts.append(
            Fact(
                "ReferralTerms",
                "HAS_REFERRAL_TERMS",
                f"referral-terms:{key}",
                {k: v for k, v in terms.items() if v is not None},
                None,
            )
        )
    memberships: dict[str, dict[str, Any]] = {}
    for membership in given.ern_memberships:
        found = {
            "role": membership.role.value if membership.role else None,
            "since": membership.since,
        }
        network = an_id(membership.network, "ernMemberships")
        memberships[network] = {k: v for k, v in found.items() if v is not None}
    return ReferralFacts(tuple(facts), tuple(memberships.items()))


async def write(
    partner: PartnerWriter, service_id: str, referral: ReferralFacts, push: Push
) -> None:
    """Upsert the facts and link them from the service; the caller withdraws what is unstated."""
    confirmed = {"confirmedOn": push.at.date(), "confirmedBy": push.organisation}
    for fact in referral.facts:
        props = {
            **fact.props,
            **push.provenance,
            **confirmed,
            "pushedBy": push.organisation,
            "pushId": push.id,
        }
        await partner.upsert_fact(fact.label, fact.id, props, fact.location, push)
        await partner.link(fact.rel, [{"start": service_id, "end": fact.id, "props": {}}], push)
    await partner.link(
        "MEMBER_OF",
        [
            {"start": service_id, "end": network, "props": {**props, **confirmed}}
            for network, props in referral.memberships
        ],
        push,
    )
