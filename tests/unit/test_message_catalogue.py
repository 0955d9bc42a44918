"""Every ``Message`` has a Chinese translation, and the errors users read are raised with one.

Messages of the core (the file readers), the storage (``sidekick.db``) and the hub are turned
into text in one place, in the UI's language (``sidekick.core.messages.render`` with the
catalogue's ``Messages`` context). A template without a translation would show English in the
Chinese UI; an error raised with an f-string would have no template at all.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from sidekick.config.catalogue import catalogue
from sidekick.core.messages import MESSAGES_CONTEXT

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "sidekick"
MARKER = re.compile(r"%[1-9][0-9]?")

# The errors whose message reaches a person (the windows, the tray, the command line).
USER_ERRORS = {
    "FormatError", "RepositoryError", "DuplicateCodeError", "TeamReadOnlyError", "BackupError", "FileChanged",
    "HubError", "HubConfigError", "HubUnreachable", "HubAuthError", "HubPermissionError", "KeyringUnavailable",
    "PasswordNotGiven", "WrongPassphrase",
}


def _name(call: ast.Call) -> str:
    return getattr(call.func, "id", getattr(call.func, "attr", ""))


def _calls(folder: Path) -> list[tuple[str, ast.Call, dict[str, str]]]:
    """Every call in ``folder``'s modules, with where it is and the module's string constants."""
    found = []
    for path in sorted(folder.rglob("*.py")):
        where = str(path.relative_to(REPO))
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = {target.id: node.value.value for node in tree.body if isinstance(node, ast.Assign)
                     and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
                     for target in node.targets if isinstance(target, ast.Name)}
        found += [(f"{where}:{node.lineno}", node, constants) for node in ast.walk(tree) if isinstance(node, ast.Call)]
    return found


def message_templates() -> dict[str, str]:
    """template → where, for every ``Message("…", …)`` written in Sidekick's code (a template
    may be a module's string constant, as ``base.IN_FILE``)."""
    templates: dict[str, str] = {}
    for where, call, constants in _calls(PACKAGE):
        if _name(call) == "Message" and call.args:
            first = call.args[0]
            if isinstance(first, ast.Name) and first.id in constants:
                templates.setdefault(constants[first.id], where)
                continue
            assert isinstance(first, ast.Constant) and isinstance(first.value, str), (
                f"{where}: a Message's template must be written out, so the catalogue can be checked")
            templates.setdefault(first.value, where)
    return templates


def test_every_message_template_has_a_chinese_translation_with_the_same_arguments() -> None:
    templates = message_templates()
    by_package = {part: sum(1 for where in templates.values() if where.startswith(f"sidekick/{part}/"))
                  for part in ("core", "db", "hub")}
    assert len(templates) > 150 and min(by_package.values()) >= 25, by_package  # the walk found them all
    table = {source: text for (context, source), text in catalogue("zh_CN").items() if context == MESSAGES_CONTEXT}
    missing = sorted(f"{where}: {template!r}" for template, where in templates.items() if template not in table)
    assert missing == []
    different = sorted(f"{template!r} → {table[template]!r}" for template in templates
                       if sorted(MARKER.findall(template)) != sorted(MARKER.findall(table[template])))
    assert different == []


def test_errors_users_read_are_raised_with_a_message_not_formatted_text() -> None:
    """In the readers, the storage and the hub: ``SomeError(Message(…))``, ``in_file(…)``, a name
    holding one — never an f-string or a literal, which would stay English in every language."""
    checked, plain = 0, []
    for folder in (PACKAGE / "core" / "exchange", PACKAGE / "db", PACKAGE / "hub"):
        for where, call, _constants in _calls(folder):
            if _name(call) not in USER_ERRORS or not call.args:
                continue
            checked += 1
            if isinstance(call.args[0], (ast.JoinedStr, ast.Constant, ast.BinOp)):
                plain.append(where)
    assert checked > 80, checked
    assert plain == []
