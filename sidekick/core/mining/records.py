"""The records the mining pipeline passes along: chat messages and the lines it could not read."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class Role(enum.Enum):
    BUYER = "buyer"
    AGENT = "agent"


@dataclass(frozen=True, slots=True)
class ChatMessage:
    """One message as a reader found it (text not yet masked: readers hand it straight to pairing)."""

    conversation: str  # what groups messages into one chat: a session id, or file + buyer
    role: Role
    sender: str
    text: str
    source: str  # "file:line" of the message's first line
    time: datetime | None = None


@dataclass(frozen=True, slots=True)
class BadLine:
    """A line that could not be read: reported with its place and skipped, never fatal."""

    source: str  # "file:line"
    reason: str
