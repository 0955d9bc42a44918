"""Learning the library from the shop's chat history, pure Python.

Chat records (plain-text transcripts, spreadsheets, the JDDC research format) become masked
buyer questions paired with the agents' answers (``readers``, ``pairing``); the questions are
filtered, deduplicated and grouped by meaning (``grouping``), ranked by how many conversations
ask them, checked against the library (covered or gap) and given a proposed reply from the
agents' own answers (``report``). Personal data is masked before anything else is kept.
"""

from sidekick.core.mining.pairing import Exchange, pair_messages
from sidekick.core.mining.readers import ChatFormat, detect_format, read_messages
from sidekick.core.mining.records import BadLine, ChatMessage, Role
from sidekick.core.mining.report import MiningReport, QuestionGroup, mine

__all__ = [
    "BadLine",
    "ChatFormat",
    "ChatMessage",
    "Exchange",
    "MiningReport",
    "QuestionGroup",
    "Role",
    "detect_format",
    "mine",
    "pair_messages",
    "read_messages",
]
