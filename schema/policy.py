"""Who may do what: the one place where writes are allowed or refused, as data.

``POLICY`` maps every :class:`~graph.vocabulary.Action` to a rule: a tuple of :class:`Grant`
rows, each naming the roles it is for and the scopes that must all hold between the caller
(:class:`~schema.credentials.Viewer`) and the thing written (:class:`Target`, read under its
write lock in the mutation's own transaction). An action is allowed when one of its grants
admits the caller. :func:`authorize` is called by the command runner in
:mod:`resolvers.mutations` before anything is written; resolvers never check roles themselves.

``HOLDERS`` says which organisations may hold a role at all (a ministry token only for a
ministry ...). ``nordhub token issue`` refuses a token that breaks it, and :func:`authorize`
refuses such a token again should one exist (defence in depth). ``GRANTABLE`` says which
participant roles a caller may hand out or take away, by its own standing in the project.

Because the rules are data, the authorisation matrix is generated from them: ``python -m
schema.policy`` prints it for ``docs/authorisation.md``, and the matrix test runs every
action × role × own/other organisation × own/other country against the real graph.

Extending it: add the action to ``Action`` and one row here; a new role is a member of
``AccessRole``, a row in ``HOLDERS`` and the grants that name it. An action without a row is
refused to everyone, so forgetting a row fails closed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum

from graph.vocabulary import AccessRole, Action, OrganisationKind, ParticipantRole
from i18n.messages import N_
from schema.credentials import Viewer
from schema.errors import ApiError, ErrorCode


class Scope(Enum):
    """A condition between the caller and the target; a grant lists the ones that must hold."""

    COUNTRY = "COUNTRY"
    """The target lies in the caller's country (the yearly cycle is Norway's; a designation or a
    registry participation is its country's)."""
    OWN = "OWN"
    """The target belongs to the caller's organisation (a regional health authority's own
    services and lists, a designation it pushed). A new target nobody owns yet passes."""
    PARTICIPANT = "PARTICIPANT"
    """The caller's organisation itself (not merely its country) takes part in the target, in
    one of the grant's participant roles (projects; registries: the holder leads, reporting
    units are partners)."""
    COORDINATED = "COORDINATED"
    """The caller's organisation is the target project's secretariat, directly or through the
    programme it belongs to. A new stand-alone project is coordinated by whoever creates it."""
    SELF = "SELF"
    """The change concerns no party but the caller's own organisation."""


# How the documented matrix words each scope, in the order it words them.
SCOPE_TEXT: Mapping[Scope, str] = {
    Scope.OWN: "its own",
    Scope.PARTICIPANT: "as {standing}",
    Scope.COORDINATED: "coordinating it",
    Scope.COUNTRY: "in its country",
    Scope.SELF: "itself only",
}


@dataclass(frozen=True, slots=True)
class Target:
    """What a rule may look at, read by the command under the target's write lock.

    ``owners`` None means nobody owns the target yet (something new); ``coordinators`` None
    means a new stand-alone project. ``parties`` are the parties the change is about.
    """

    id: str | None = None
    countries: frozenset[str] = frozenset()
    owners: frozenset[str] | None = frozenset()
    participants: Mapping[str, str | None] = field(default_factory=dict)
    coordinators: frozenset[str] | None = frozenset()
    parties: frozenset[str] = frozenset()


NEW = Target(owners=None, coordinators=None)


def _in_scope(scope: Scope, viewer: Viewer, target: Target, standing: frozenset[str]) -> bool:
    me = viewer.organisation
    if scope is Scope.COUNTRY:
        return bool(target.countries) and target.countries <= {viewer.country}
    if scope is Scope.OWN:
        return target.owners is None or me in target.owners
    if scope is Scope.PARTICIPANT:
        return me is not None and target.participants.get(me) in standing
    if scope is Scope.COORDINATED:
        return target.coordinators is None or me in target.coordinators
    return target.parties <= {me}


@dataclass(frozen=True, slots=True)
class Grant:
    """One way to be allowed: a role in ``roles`` with every scope in ``scopes`` holding;
    ``standing`` lists the participant roles :attr:`Scope.PARTICIPANT` accepts."""

    roles: frozenset[AccessRole]
    scopes: frozenset[Scope] = frozenset()
    standing: frozenset[ParticipantRole] = frozenset()

    def admits(self, viewer: Viewer, target: Target) -> bool:
        if viewer.role not in self.roles:
            return False
        standing = frozenset(r.value for r in self.standing)
        return all(_in_scope(s, viewer, target, standing) for s in self.scopes)

    def describe(self) -> str:
        """The grant's scopes in a few words (the cells of the documented matrix)."""
        standing = "/".join(r.value for r in ParticipantRole if r in self.standing)
        words = [
            text.format(standing=standing) for s, text in SCOPE_TEXT.items() if s in self.scopes
        ]
        return ", ".join(words) or "any"


Rule = tuple[Grant, ...]


def grant(
    *roles: AccessRole,
    within: Iterable[Scope] = (),
    standing: Iterable[ParticipantRole] = (),
) -> Grant:
    return Grant(frozenset(roles), frozenset(within), frozenset(standing))


LEAD = ParticipantRole.LEAD
PARTNER = ParticipantRole.PARTNER
SECRETARIAT = ParticipantRole.SECRETARIAT
# Every role that acts for its body; a reader only reads.
ACTING: tuple[AccessRole, ...] = tuple(r for r in AccessRole if r is not AccessRole.READER)
_HEALTH_AUTHORITY = AccessRole.REGIONAL_HEALTH_AUTHORITY
_OWN_IN_COUNTRY = (Scope.OWN, Scope.COUNTRY)


def _project(*standing: ParticipantRole) -> Rule:
    """A project write: by a body taking part in one of ``standing``, or by its coordinator."""
    return (
        grant(*ACTING, within=[Scope.PARTICIPANT], standing=standing),
        grant(AccessRole.COORDINATOR, within=[Scope.COORDINATED]),
    )


# A registry's participation: its holder for every country, a reporting unit only its own
# reporting in its own country.
_REGISTRY_PARTICIPATION: Rule = (
    grant(AccessRole.PARTNER, within=[Scope.PARTICIPANT], standing=[LEAD]),
    grant(
        AccessRole.PARTNER,
        within=[Scope.PARTICIPANT, Scope.COUNTRY, Scope.SELF],
        standing=[PARTNER],
    ),
)

POLICY: Mapping[Action, Rule] = {
    # Nordic collaboration projects: the coordinator (the secretariat of a Nordic programme)
    # creates them; the participant role of the caller's own organisation decides the rest.
    Action.CREATE_PROJECT: (grant(AccessRole.COORDINATOR, within=[Scope.COORDINATED]),),
    Action.UPDATE_PROJECT: _project(LEAD, SECRETARIAT),
    Action.ADD_LOG_ENTRY: _project(LEAD, PARTNER, SECRETARIAT),
    Action.ADD_PARTICIPANT: _project(LEAD, SECRETARIAT),
    Action.REMOVE_PARTICIPANT: (
        *_project(LEAD, SECRETARIAT),
        grant(*ACTING, within=[Scope.PARTICIPANT, Scope.SELF], standing=[PARTNER]),
    ),
    Action.CLOSE_PROJECT: _project(LEAD, SECRETARIAT),
    Action.REOPEN_PROJECT: _project(LEAD, SECRETARIAT),
    # The yearly cycle of Norway's national services: each step to the body that takes it, in
    # its own country; a regional health authority only for its own lists and services.
    Action.SUBMIT_APPLICATION_LIST: (grant(_HEALTH_AUTHORITY, within=_OWN_IN_COUNTRY),),
    Action.ASSESS_APPLICATIONS: (grant(AccessRole.DIRECTORATE, within=[Scope.COUNTRY]),),
    Action.DECIDE_APPLICATIONS: (grant(AccessRole.MINISTRY, within=[Scope.COUNTRY]),),
    Action.SUBMIT_ANNUAL_REPORT: (grant(_HEALTH_AUTHORITY, within=_OWN_IN_COUNTRY),),
    Action.EVALUATE_ANNUAL_REPORTS: (grant(AccessRole.DIRECTORATE, within=[Scope.COUNTRY]),),
    Action.RECORD_FIVE_YEAR_REVIEW: (grant(AccessRole.DIRECTORATE, within=[Scope.COUNTRY]),),
    Action.SET_REFERENCE_GROUP: (grant(_HEALTH_AUTHORITY, within=_OWN_IN_COUNTRY),),
    Action.ADOPT_DISSEMINATION_PLAN: (grant(_HEALTH_AUTHORITY, within=_OWN_IN_COUNTRY),),
    # Partners state their own country's facts: a new designation, or one they pushed before;
    # a registry's holder its participation, a reporting unit only its own reporting.
    Action.UPSERT_DESIGNATION: (
        grant(AccessRole.PARTNER, AccessRole.DIRECTORATE, within=_OWN_IN_COUNTRY),
    ),
    Action.UPSERT_REGISTRY_PARTICIPATION: _REGISTRY_PARTICIPATION,
    # Checking a feed before it is synced: whoever may push that participation.
    Action.VALIDATE_REGISTRY_FEED: _REGISTRY_PARTICIPATION,
}

# What a caller may grant or take away, by its standing in the project (a coordinator of the
# project stands as its secretariat). A partner only takes itself out (see REMOVE_PARTICIPANT).
GRANTABLE: Mapping[ParticipantRole, frozenset[ParticipantRole]] = {
    SECRETARIAT: frozenset(ParticipantRole),
    LEAD: frozenset({PARTNER}),
    PARTNER: frozenset({PARTNER}),
}


@dataclass(frozen=True, slots=True)
class Holders:
    """The organisations that may hold a role: those of ``kinds``, and with ``secretariat``
    the secretariat of a Nordic programme (a project of area PROGRAMME), whatever its kind."""

    kinds: frozenset[OrganisationKind] = frozenset()
    secretariat: bool = False

    def admit(self, kind: str | None, secretariat: bool) -> bool:
        fits_kind = kind is not None and kind in {k.value for k in self.kinds}
        return fits_kind or (self.secretariat and secretariat)

    def describe(self) -> list[str]:
        """The kinds (enum values) and, untranslated, the secretariat (see SECRETARIAT_TEXT)."""
        found = [k.value for k in OrganisationKind if k in self.kinds]
        return [*found, SECRETARIAT_TEXT] if self.secretariat else found


SECRETARIAT_TEXT = N_("the secretariat of a Nordic programme")

HOLDERS: Mapping[AccessRole, Holders] = {
    AccessRole.MINISTRY: Holders(frozenset({OrganisationKind.MINISTRY})),
    AccessRole.DIRECTORATE: Holders(frozenset({OrganisationKind.DIRECTORATE})),
    _HEALTH_AUTHORITY: Holders(frozenset({OrganisationKind.REGIONAL_HEALTH_AUTHORITY})),
    # Care providers and the networks and operators running registries with them.
    AccessRole.PARTNER: Holders(
        frozenset(
            {
                OrganisationKind.HOSPITAL,
                OrganisationKind.HEALTH_TRUST,
                OrganisationKind.REGION,
                OrganisationKind.REGISTRY_OPERATOR,
                OrganisationKind.NETWORK,
            }
        )
    ),
    AccessRole.COORDINATOR: Holders(secretariat=True),
    AccessRole.READER: Holders(frozenset(OrganisationKind)),
}


def holds(role: AccessRole, kind: str | None, secretariat: bool) -> bool:
    """Whether an organisation of ``kind`` (a programme's secretariat or not) may hold ``role``."""
    holders = HOLDERS.get(role)
    return holders is not None and holders.admit(kind, secretariat)


def _holds_role(viewer: Viewer) -> bool:
    return viewer.role is not None and holds(viewer.role, viewer.kind, viewer.secretariat)


ROLE_NOT_HELD = N_(
    "Your organisation “{organisation}” ({kind}) cannot hold the role {role}, so its token "
    "may not change anything. Ask for a token with a role that fits the organisation."
)


def allows(viewer: Viewer, action: Action, target: Target) -> bool:
    rule = POLICY.get(action, ())
    return (
        viewer.authenticated and _holds_role(viewer) and any(g.admits(viewer, target) for g in rule)
    )


def authorize(viewer: Viewer, action: Action, target: Target) -> None:
    """Return if ``viewer`` may do ``action`` on ``target``; raise a localized error if not."""
    if not viewer.authenticated:
        raise ApiError(ErrorCode.UNAUTHENTICATED)
    assert viewer.role is not None
    if not _holds_role(viewer):
        raise ApiError(
            ErrorCode.FORBIDDEN,
            message=ROLE_NOT_HELD,
            organisation=viewer.name,
            kind=viewer.kind or "-",
            role=viewer.role.value,
        )
    if not allows(viewer, action, target):
        raise ApiError(
            ErrorCode.FORBIDDEN,
            organisation=viewer.name,
            role=viewer.role.value,
            action=action.value,
            id=target.id or "-",
        )


def coordinates(viewer: Viewer, target: Target) -> bool:
    """Whether the caller acts as the coordinator of the target project."""
    return (
        viewer.role is AccessRole.COORDINATOR
        and _holds_role(viewer)
        and target.coordinators is not None
        and viewer.organisation in target.coordinators
    )


def standing(viewer: Viewer, target: Target) -> ParticipantRole | None:
    """The caller's standing in a project: secretariat when it coordinates, else its role."""
    if coordinates(viewer, target) or (target.coordinators is None and viewer.authenticated):
        return SECRETARIAT
    role = target.participants.get(viewer.organisation or "")
    return ParticipantRole(role) if role else None


def authorize_grant(viewer: Viewer, target: Target, participant_role: ParticipantRole) -> None:
    """Return if ``viewer`` may give (or take away) ``participant_role``; raise if not."""
    found = standing(viewer, target)
    if found is None or participant_role not in GRANTABLE.get(found, frozenset()):
        raise ApiError(
            ErrorCode.ROLE_NOT_GRANTABLE,
            role=found.value if found else (viewer.role.value if viewer.role else "-"),
            participant_role=participant_role.value,
        )


def sees_audit_details(viewer: Viewer, actor: str | None, coordinators: frozenset[str]) -> bool:
    """Whether an audit entry shows ``viewer`` its role, token id and values before and after:
    to the body that acted (any role but reader) and to the project's coordinators. Everyone
    else sees who (the organisation) and when."""
    if not viewer.authenticated or viewer.role is AccessRole.READER:
        return False
    if actor is not None and viewer.organisation == actor:
        return True
    return coordinates(viewer, Target(coordinators=coordinators))


# --- the documented matrix -------------------------------------------------------------------


def render_matrix() -> str:
    """The authorisation matrix and the role holders as Markdown tables, from the data above."""
    roles = list(AccessRole)
    head = "| action | " + " | ".join(f"`{r.value.lower()}`" for r in roles) + " |"
    lines = [head, "|---" * (len(roles) + 1) + "|"]
    for action in Action:
        cells = []
        for role in roles:
            found = [g.describe() for g in POLICY.get(action, ()) if role in g.roles]
            cells.append(" or ".join(found) if found else "—")
        lines.append(f"| `{action.value}` | " + " | ".join(cells) + " |")
    lines += ["", "| role | held by |", "|---|---|"]
    for role in roles:
        holders = HOLDERS[role]
        if holders.kinds == frozenset(OrganisationKind):
            held = "any organisation"
        else:
            held = ", ".join(f"`{k}`" for k in holders.describe()[: len(holders.kinds)])
        if holders.secretariat:
            held = ", ".join(filter(None, [held, SECRETARIAT_TEXT]))
        lines.append(f"| `{role.value.lower()}` | {held} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render_matrix(), end="")
