"""Who may do what: the one place where writes are allowed or refused.

``POLICY`` maps every :class:`~graph.vocabulary.Action` to a rule over the caller
(:class:`~resolvers.identity.Viewer`) and the thing written (:class:`Target`, read under its
write lock in the mutation's own transaction). :func:`authorize` is called by the command runner
in :mod:`resolvers.mutations` before anything is written; resolvers never check roles themselves.

Extending it (later issues): add the action to ``Action`` and one row here; a new role is a member
of ``AccessRole`` plus the rows that mention it. An action without a row is refused to everyone,
so forgetting a row fails closed. ``GRANTABLE`` says which participant roles a role may hand out
or take away.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from graph.vocabulary import AccessRole, Action, ParticipantRole
from resolvers.errors import ApiError, ErrorCode
from resolvers.identity import Viewer


@dataclass(frozen=True, slots=True)
class Target:
    """What a rule may look at: the project written to, or none for a create."""

    id: str | None = None
    participants: Mapping[str, str | None] = field(default_factory=dict)

    def involves(self, viewer: Viewer) -> bool:
        """Whether the viewer's organisation, or its country, takes part."""
        return any(
            party is not None and party in self.participants
            for party in (viewer.organisation, viewer.country)
        )


NEW = Target()

Rule = Callable[[Viewer, Target], bool]


def role(*roles: AccessRole) -> Rule:
    """The caller holds one of ``roles``."""
    allowed = frozenset(roles)
    return lambda viewer, target: viewer.role in allowed


def participating(*roles: AccessRole) -> Rule:
    """The caller holds one of ``roles`` and takes part in the target project."""
    allowed = frozenset(roles)
    return lambda viewer, target: viewer.role in allowed and target.involves(viewer)


def any_of(*rules: Rule) -> Rule:
    return lambda viewer, target: any(rule(viewer, target) for rule in rules)


_WRITE_PROJECT = any_of(role(AccessRole.COORDINATOR), participating(AccessRole.PARTNER))

POLICY: Mapping[Action, Rule] = {
    Action.CREATE_PROJECT: role(AccessRole.COORDINATOR),
    Action.UPDATE_PROJECT: _WRITE_PROJECT,
    Action.ADD_LOG_ENTRY: _WRITE_PROJECT,
    Action.ADD_PARTICIPANT: _WRITE_PROJECT,
    Action.REMOVE_PARTICIPANT: _WRITE_PROJECT,
    Action.CLOSE_PROJECT: _WRITE_PROJECT,
    # The yearly cycle: each step to the body that takes it; a regional health authority acts
    # for itself, and on a service only when it is one of its own: the authorities a service
    # answers to are its "participants" (see resolvers.cycle_mutations.ServiceCommand.lock).
    Action.SUBMIT_APPLICATION_LIST: role(AccessRole.REGIONAL_HEALTH_AUTHORITY),
    Action.ASSESS_APPLICATIONS: role(AccessRole.DIRECTORATE),
    Action.DECIDE_APPLICATIONS: role(AccessRole.MINISTRY),
    Action.SUBMIT_ANNUAL_REPORT: participating(AccessRole.REGIONAL_HEALTH_AUTHORITY),
    Action.EVALUATE_ANNUAL_REPORTS: role(AccessRole.DIRECTORATE),
    Action.RECORD_FIVE_YEAR_REVIEW: role(AccessRole.DIRECTORATE),
    Action.SET_REFERENCE_GROUP: participating(AccessRole.REGIONAL_HEALTH_AUTHORITY),
    Action.ADOPT_DISSEMINATION_PLAN: participating(AccessRole.REGIONAL_HEALTH_AUTHORITY),
}

GRANTABLE: Mapping[AccessRole, frozenset[ParticipantRole]] = {
    AccessRole.COORDINATOR: frozenset(ParticipantRole),
    AccessRole.PARTNER: frozenset({ParticipantRole.PARTNER}),
}


def allows(viewer: Viewer, action: Action, target: Target) -> bool:
    rule = POLICY.get(action)
    return viewer.authenticated and rule is not None and rule(viewer, target)


def authorize(viewer: Viewer, action: Action, target: Target) -> None:
    """Return if ``viewer`` may do ``action`` on ``target``; raise a localized error if not."""
    if not viewer.authenticated:
        raise ApiError(ErrorCode.UNAUTHENTICATED)
    if not allows(viewer, action, target):
        assert viewer.role is not None
        raise ApiError(
            ErrorCode.FORBIDDEN,
            organisation=viewer.name,
            role=viewer.role.value,
            action=action.value,
            id=target.id or "-",
        )


def authorize_grant(viewer: Viewer, participant_role: ParticipantRole) -> None:
    """Return if ``viewer`` may give (or take away) ``participant_role``; raise if not."""
    assert viewer.role is not None
    if participant_role not in GRANTABLE.get(viewer.role, frozenset()):
        raise ApiError(
            ErrorCode.ROLE_NOT_GRANTABLE,
            role=viewer.role.value,
            participant_role=participant_role.value,
        )
