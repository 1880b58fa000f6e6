"""How every ``nordhub`` command fails: one line on stderr, ``nordhub: error (CODE): message``.

A command raises :class:`CommandError` (or lets an error of the graph or the settings through);
:func:`nordhub.cli.main` is the one place that prints it and picks the exit status: 2 when the
command refused what it was asked (an argument, a file, a key, a role) before changing anything,
1 when it could not do its work (Neo4j did not answer or could not be started).
"""

from __future__ import annotations

from graph.backup import BackupError
from graph.errors import GraphError, GraphUnavailable, LocalServerError, StoreInUse
from i18n.messages import N_, gettext
from nordhub.settings import SettingsError

REFUSED = 2
FAILED = 1

STORE_IN_USE = N_(
    "The local Neo4j store in {home} is in use by another process (pid {pid}) and does not "
    "answer on Bolt: wait until the hub says it is serving, or stop that process, then try again."
)
GRAPH_UNAVAILABLE = N_("Neo4j does not answer: {detail}")


class CommandError(Exception):
    """Raised when a command stops; ``code`` is stable, the message is for the terminal."""

    def __init__(self, code: str, message: str, *, status: int = REFUSED) -> None:
        super().__init__(message)
        self.code = code
        self.status = status

    def line(self) -> str:
        return f"nordhub: error ({self.code}): {self}"


def _first_line(error: Exception) -> str:
    return str(error).splitlines()[0][:200] if str(error) else type(error).__name__


def command_error(error: GraphError | SettingsError, language: str) -> CommandError:
    """The :class:`CommandError` for an error the graph or the settings raised."""
    if isinstance(error, BackupError):
        return CommandError(error.code, str(error))
    if isinstance(error, StoreInUse):
        text = gettext(STORE_IN_USE, language, home=error.home, pid=error.pid)
        return CommandError("STORE_IN_USE", text, status=FAILED)
    if isinstance(error, LocalServerError):
        return CommandError("LOCAL_NEO4J", _first_line(error), status=FAILED)
    if isinstance(error, SettingsError):
        return CommandError("SETTINGS", _first_line(error), status=FAILED)
    if isinstance(error, GraphUnavailable):
        text = gettext(GRAPH_UNAVAILABLE, language, detail=_first_line(error))
        return CommandError("GRAPH_UNAVAILABLE", text, status=FAILED)
    return CommandError("GRAPH_ERROR", _first_line(error), status=FAILED)
