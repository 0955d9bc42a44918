"""Who may change the team data (team phrases, team categories, products) on this machine.

With no hub configured, everyone: the team library is kept here. With a hub, the team data is
the hub's: only a lead (the role the hub client stored after logging in) edits it locally, as
pending changes to publish; on an agent's machine, or while the role is not known yet, every
write path (library window, products window, import, demo) is refused with the same message.
A change that comes *from* the hub is never refused.
"""

from __future__ import annotations

from sqlmodel import Session

from sidekick.core.messages import Message
from sidekick.db.repository import RepositoryError
from sidekick.db.settings_store import get_value, load_settings

# Written by the hub client after it logs in: "lead" or "agent".
HUB_ROLE_KEY = "state.hub.role"

AGENT_MESSAGE = Message(
    "the team library on this machine is the team hub's copy and is read-only here: only a lead "
    "changes it (and publishes). Put your own replies in the personal library."
)
UNKNOWN_MESSAGE = Message(
    "the team library on this machine is the team hub's copy; it stays read-only until the hub "
    "has confirmed this login is a lead (run `sidekick hub status` once the hub is reachable)."
)


class TeamReadOnlyError(RepositoryError):
    """A local change to team data on a machine where the team data is the hub's."""


def hub_role(session: Session) -> str:
    """This machine's role on its hub as the hub client last wrote it ("lead", "agent", or "")."""
    return str(get_value(session=session, key=HUB_ROLE_KEY, default="") or "")


def team_write_refusal(session: Session) -> str | None:
    """Why team data may not be changed here, or None when it may."""
    settings, _ = load_settings(session=session)
    if not (settings.hub_url.strip() and settings.hub_user.strip()):
        return None
    role = hub_role(session)
    if role == "lead":
        return None
    return AGENT_MESSAGE if role == "agent" else UNKNOWN_MESSAGE


def check_team_writable(session: Session) -> None:
    """Raise ``TeamReadOnlyError`` when team data may not be changed on this machine."""
    reason = team_write_refusal(session)
    if reason is not None:
        raise TeamReadOnlyError(reason)
