"""Messages the core gives to people, kept translatable without Qt.

The core speaks English. A ``Message`` is that English text (it *is* a ``str``, so every
``Problem``, ``FormatError`` and f-string that carried plain text still works) and also keeps
its template and arguments. A UI (or the CLI) renders it in its own language with ``render``:
the template is looked up in the translation catalogue and the arguments, themselves messages
where they are sentences of their own, are put in after. Templates mark their arguments ``%1``,
``%2`` … like the UI's translatable strings, so one catalogue serves both.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sidekick.core.types import Problem

_ARGUMENT = re.compile(r"%([1-9][0-9]?)")

# The translation catalogue's context of every ``Message`` template (the readers', the storage's,
# the hub's): one context, so one lookup renders a message and the messages inside it.
MESSAGES_CONTEXT = "Messages"


def fill(template: str, *values: object) -> str:
    """``template`` with ``%1``, ``%2`` … replaced by ``values``, in one pass.

    A value is inserted as is, never searched again: a file name holding ``%2`` stays as it is.
    A marker without a value stays as written.
    """

    def one(match: re.Match[str]) -> str:
        number = int(match.group(1))
        return str(values[number - 1]) if number <= len(values) else match.group(0)

    return _ARGUMENT.sub(one, template)


class Message(str):
    """English text that remembers ``template`` and ``args`` for translation."""

    template: str
    args: tuple[object, ...]

    def __new__(cls, template: str, *args: object) -> Message:
        made = super().__new__(cls, fill(template, *args))
        made.template = template
        made.args = args
        return made

    def __reduce__(self) -> tuple[object, ...]:
        return (Message, (self.template, *self.args))


Translate = Callable[[str], str]


def render(text: object, translate: Translate) -> str:
    """``text`` in the language of ``translate`` (template → translated template); plain text as is."""
    if isinstance(text, Message):
        return fill(translate(text.template), *(render(arg, translate) for arg in text.args))
    return str(text)


def message_of(error: BaseException) -> str:
    """An exception's message, a ``Message`` when it was raised with one (``str(error)`` drops that)."""
    first = error.args[0] if len(error.args) == 1 else None
    return first if isinstance(first, Message) else str(error)


def render_problem(problem: Problem, translate: Translate) -> str:
    """"file, row 12, code: reason" in the language of ``translate`` (``str(problem)`` in English)."""
    row = fill(translate("row %1"), problem.row) if problem.row else ""
    where = translate(", ").join(render(part, translate) for part in (problem.source, row, problem.column) if part)
    reason = render(problem.message, translate)
    return fill(translate("%1: %2"), where, reason) if where else reason
