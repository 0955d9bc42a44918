"""Chat records as shops get them → ``ChatMessage``s, streamed; bad lines reported, never fatal.

Three layouts:

- **transcript** (``.txt``): each message starts with a header line ``昵称 2024-06-01 10:00:00`` or
  ``昵称(2024-06-01 10:00:00):`` and continues on the following lines. One file per buyer or
  many conversations in one file: a conversation is the file plus the buyer's nickname, and a
  new one starts after a pause of more than ``SESSION_GAP``. Agents are the sub-accounts
  (``店铺名:客服名``) and every name given with ``--agent``; everyone else is a buyer.
- **table** (``.csv``, ``.xlsx``): columns for conversation, time, sender or role, and content,
  with Chinese or English headers in any order (``TABLE_COLUMNS``).
- **jddc** (``.txt``/``.tsv``): the tab-separated research format of the JDDC corpus: session,
  user, speaker flag (0 = buyer, 1 = agent), three more fields, text.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime, timedelta

from sidekick.core.mining.decoding import TOO_LONG
from sidekick.core.mining.records import BadLine, ChatMessage, Role

OnBad = Callable[[BadLine], None]
SESSION_GAP = timedelta(hours=2)


class ChatFormat(str, enum.Enum):
    TRANSCRIPT = "transcript"
    TABLE = "table"
    JDDC = "jddc"


_STAMP = r"(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}[ T]\d{1,2}:\d{2}(?::\d{2})?)"
_HEADER_SPACED = re.compile(rf"^(?P<name>\S.{{0,60}}?)\s+{_STAMP}\s*$")
_HEADER_PAREN = re.compile(rf"^(?P<name>\S.{{0,60}}?)\s*[(（]{_STAMP}[)）]\s*[:：]?\s*(?P<rest>.*)$")
_JDDC_FLAGS = {"0": Role.BUYER, "1": Role.AGENT}

# Header words per field, compared after lower-casing and removing spaces.
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "conversation": ("会话", "会话id", "会话编号", "对话", "对话id", "session", "sessionid", "conversation",
                     "conversationid", "chat", "chatid", "买家", "买家昵称", "buyer"),
    "time": ("时间", "发送时间", "消息时间", "time", "timestamp", "datetime", "date"),
    "sender": ("发送人", "发送者", "发送方", "昵称", "账号", "sender", "from", "author", "user", "name"),
    "role": ("角色", "身份", "类型", "role", "speaker", "side"),
    "content": ("内容", "消息", "消息内容", "聊天内容", "文本", "content", "message", "text", "body"),
}
_AGENT_ROLES = {"客服", "卖家", "商家", "agent", "seller", "staff", "service", "1", "客服人员"}
_BUYER_ROLES = {"买家", "顾客", "客户", "用户", "buyer", "customer", "user", "0"}


def parse_stamp(text: str) -> datetime | None:
    text = re.sub(r"[/.]", "-", text.strip()).replace("T", " ")
    for pattern in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"):
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    return None


def is_agent_name(name: str, agents: frozenset[str]) -> bool:
    """Sub-accounts (``店铺名:客服名``) and the names given with ``--agent``."""
    return name in agents or ":" in name or "：" in name


def detect_format(file_name: str, first_lines: Sequence[str]) -> ChatFormat:
    """The layout of a file from its name and first non-empty lines."""
    lowered = file_name.lower()
    if lowered.endswith((".csv", ".xlsx", ".xlsm")):
        return ChatFormat.TABLE
    for line in first_lines:
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) >= 7 and fields[2].strip() in _JDDC_FLAGS:
            return ChatFormat.JDDC
        break
    return ChatFormat.TRANSCRIPT


def _text_lines(lines: Iterable[tuple[int, str | None]], source: str, on_bad: OnBad) -> Iterator[tuple[int, str]]:
    for number, text in lines:
        if text is None:
            on_bad(BadLine(f"{source}:{number}", "not valid UTF-8 or GB18030 text"))
        elif text == TOO_LONG:
            on_bad(BadLine(f"{source}:{number}", "line too long for a chat message"))
        elif "\x00" in text:
            on_bad(BadLine(f"{source}:{number}", "binary data (NUL bytes) in a text line"))
        else:
            yield number, text


def read_jddc(lines: Iterable[tuple[int, str | None]], source: str, on_bad: OnBad) -> Iterator[ChatMessage]:
    for number, line in _text_lines(lines, source, on_bad):
        if not line.strip():
            continue
        fields = line.split("\t", 6)
        if len(fields) < 7 or fields[2].strip() not in _JDDC_FLAGS:
            on_bad(BadLine(f"{source}:{number}", "expected 7 tab-separated fields with speaker 0 or 1"))
            continue
        yield ChatMessage(conversation=fields[0], role=_JDDC_FLAGS[fields[2].strip()], sender=fields[1],
                          text=fields[6], source=f"{source}:{number}")


def read_transcript(lines: Iterable[tuple[int, str | None]], source: str, on_bad: OnBad,
                    agents: frozenset[str] = frozenset()) -> Iterator[ChatMessage]:
    current: dict[str, object] | None = None
    body: list[str] = []
    buyer, buyer_seen, session = "", None, 0
    conversation = f"{source}#0"

    def finish() -> ChatMessage | None:
        if current is None:
            return None
        text = "\n".join(body).strip()
        if not text:
            return None
        return ChatMessage(conversation=str(current["conversation"]), role=current["role"],  # type: ignore[arg-type]  # set from ROLES
                           sender=str(current["name"]), text=text, source=str(current["source"]),
                           time=current["time"])  # type: ignore[arg-type]  # a datetime or None

    for number, line in _text_lines(lines, source, on_bad):
        header = _HEADER_PAREN.match(line) or _HEADER_SPACED.match(line)
        stamp = parse_stamp(header.group(2)) if header else None
        if header is None or stamp is None:
            if current is None:
                if line.strip():
                    on_bad(BadLine(f"{source}:{number}", "text before the first message header (昵称 日期 时间)"))
                continue
            body.append(line)
            continue
        message = finish()
        if message is not None:
            yield message
        name = header.group("name").strip()
        role = Role.AGENT if is_agent_name(name, agents) else Role.BUYER
        if role is Role.BUYER and (name != buyer or (buyer_seen is not None and stamp - buyer_seen > SESSION_GAP)):
            buyer, session = name, session + 1
            conversation = f"{source}#{session}:{name}"
        if role is Role.BUYER:
            buyer_seen = stamp
        current = {"conversation": conversation, "role": role, "name": name, "source": f"{source}:{number}",
                   "time": stamp}
        rest = header.groupdict().get("rest") or ""
        body = [rest] if rest.strip() else []
    message = finish()
    if message is not None:
        yield message


def _column(header: str) -> str | None:
    key = re.sub(r"\s+", "", str(header or "")).lower()
    for field, names in TABLE_COLUMNS.items():
        if key in names:
            return field
    return None


def read_table(rows: Iterable[tuple[int, Sequence[object]]], source: str, on_bad: OnBad,
               agents: frozenset[str] = frozenset()) -> Iterator[ChatMessage]:
    """Rows of a CSV/XLSX sheet (``(row_number, cells)``), the first non-empty one the header."""
    columns: dict[str, int] | None = None
    last_conversation = ""
    for number, cells in rows:
        values = ["" if cell is None else str(cell) for cell in cells]
        if not any(value.strip() for value in values):
            continue
        if columns is None:
            columns = {}
            for index, value in enumerate(values):
                field = _column(value)
                if field and field not in columns:
                    columns[field] = index
            missing = [name for name in ("content",) if name not in columns]
            if missing or ("role" not in columns and "sender" not in columns):
                known = "、".join(TABLE_COLUMNS["content"][:4] + TABLE_COLUMNS["role"][:2] + TABLE_COLUMNS["sender"][:2])
                raise ValueError(f"{source}: no content and sender/role columns in the header row "
                                 f"(expected headers such as {known})")
            continue

        def cell(field: str, columns: dict[str, int] = columns, values: list[str] = values) -> str:
            index = columns.get(field)
            return values[index].strip() if index is not None and index < len(values) else ""

        text = cell("content")
        if not text:
            continue
        sender, role_text = cell("sender"), cell("role").lower()
        if role_text in _AGENT_ROLES:
            role = Role.AGENT
        elif role_text in _BUYER_ROLES:
            role = Role.BUYER
        elif sender:
            role = Role.AGENT if is_agent_name(sender, agents) else Role.BUYER
        else:
            on_bad(BadLine(f"{source}:{number}", f"unknown role {cell('role')!r} and no sender"))
            continue
        stamp = parse_stamp(cell("time")) if cell("time") else None
        # Without a conversation column, a buyer's nickname is the conversation and an agent's
        # row belongs to the buyer who wrote last.
        conversation = cell("conversation") or (sender if role is Role.BUYER else last_conversation) or "0"
        last_conversation = conversation if role is Role.BUYER or cell("conversation") else last_conversation
        yield ChatMessage(conversation=f"{source}#{conversation}", role=role, sender=sender or role.value,
                          text=text, source=f"{source}:{number}", time=stamp)


def read_messages(lines: Iterable[tuple[int, str | None]], source: str, fmt: ChatFormat, on_bad: OnBad,
                  agents: frozenset[str] = frozenset()) -> Iterator[ChatMessage]:
    """Messages of a text file (transcript or JDDC); tables go through ``read_table``."""
    if fmt is ChatFormat.JDDC:
        return read_jddc(lines, source, on_bad)
    if fmt is ChatFormat.TRANSCRIPT:
        return read_transcript(lines, source, on_bad, agents)
    raise ValueError(f"{source}: a table is read with read_table")
