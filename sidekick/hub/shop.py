"""Shop settings on the hub: what a lead sets for the whole team, published and received like phrases.

The shop's name (``{店铺}``), the item link patterns, the recommendation template and whether
agents share their daily usage counts (``share_usage``, off by default) live in
each machine's settings; on a hub-connected machine they are the hub's. The hub keeps one row
per setting in ``sidekick.shop_setting`` (its value as JSON text, with a revision and the same
triggers as phrases). This machine remembers, per setting, the hub revision and value it last
received or published (``state.hub.shop``):

- a setting whose local value differs from that record is a pending change (a lead edited it);
  ``publish`` sends it, and refuses it as a conflict when the hub's row moved on meanwhile with
  another value, like a phrase;
- a pull writes the hub's value into the settings, except over a lead's pending change (a
  conflict, settled by publish); on an agent's machine the hub's value always wins, and a local
  change is put back to the hub's value on the next pull.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import psycopg
from sqlmodel import Session

from sidekick.config.settings import Settings, to_json_values
from sidekick.db.settings_store import get_value, load_settings, set_value
from sidekick.hub.model import ChangedItem

# Settings a lead sets for the whole team (``share_usage``: agents send daily usage counts, see ``hub.usage``).
SHOP_KEYS = ("shop_name", "link_patterns", "recommend_template", "share_usage")
STATE_SHOP = "state.hub.shop"  # {key: {"revision": int, "value": JSON text}}
SHOP_SQL = "SELECT s.id, s.value, s.revision, s.deleted FROM sidekick.shop_setting s"
SHOP_COLUMNS = "s.id, s.value, s.revision, s.deleted"


@dataclass(frozen=True, slots=True)
class ShopSetting:
    """One shop setting as the hub stores it (``value``: JSON text)."""

    id: str
    value: str
    revision: int = 0
    deleted: bool = False

    @property
    def title(self) -> str:
        return self.id


def shop_setting_from_row(row: Any) -> ShopSetting:
    return ShopSetting(str(row[0]), str(row[1]), int(row[2]), bool(row[3]))


def encode(value: Any) -> str:
    """The one JSON spelling of a setting's value, so equal values compare equal as text."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _local_values(session: Session) -> dict[str, str]:
    settings, _ = load_settings(session=session)
    values = to_json_values(settings)
    return {key: encode(values[key]) for key in SHOP_KEYS}


def _defaults() -> dict[str, str]:
    values = to_json_values(Settings())
    return {key: encode(values[key]) for key in SHOP_KEYS}


def _records(session: Session) -> dict[str, dict[str, Any]]:
    return dict(get_value(session=session, key=STATE_SHOP, default={}) or {})


def pending_shop_settings(session: Session) -> dict[str, ShopSetting]:
    """Settings changed here since last received or published (key → local version).

    A setting never received from the hub counts as pending when it differs from the default,
    so a lead's shop name reaches the hub with the first publish.
    """
    records = _records(session)
    defaults = _defaults()
    pending: dict[str, ShopSetting] = {}
    for key, value in _local_values(session).items():
        record = records.get(key)
        base = record["value"] if record else defaults[key]
        if value != base:
            pending[key] = ShopSetting(key, value, int(record["revision"]) if record else 0)
    return pending


def record(session: Session, settings: list[ShopSetting]) -> None:
    """Remember these hub versions as received or published."""
    records = _records(session)
    for setting in settings:
        records[setting.id] = {"revision": setting.revision, "value": setting.value}
    set_value(session=session, key=STATE_SHOP, value=records)


def _write_local(session: Session, setting: ShopSetting) -> None:
    set_value(session=session, key=setting.id, value=json.loads(setting.value))


def apply_shop_settings(session: Session, rows: list[ShopSetting], *, role: str) -> tuple[list[str], list[ChangedItem]]:
    """Apply hub rows to the local settings; returns (keys changed, conflicts)."""
    pending = pending_shop_settings(session) if role == "lead" else {}
    local = _local_values(session)
    changed: list[str] = []
    conflicts: list[ChangedItem] = []
    applied: list[ShopSetting] = []
    for row in sorted(rows, key=lambda r: r.revision):
        if row.id not in SHOP_KEYS:
            continue  # a setting a newer Sidekick knows; nothing to apply it to here
        value = _defaults()[row.id] if row.deleted else row.value
        mine = pending.get(row.id)
        if mine is not None and mine.value != value:
            conflicts.append(ChangedItem("setting", row.id, row.id))
            continue
        if local[row.id] != value:
            _write_local(session, ShopSetting(row.id, value))
            changed.append(row.id)
        applied.append(ShopSetting(row.id, value, row.revision, row.deleted))
    record(session, applied)
    if role == "agent":
        changed += restore_hub_values(session)
    return changed, conflicts


def take_hub_setting(session: Session, setting: ShopSetting) -> None:
    """The hub's version wins here (a lead's ``--resolve theirs``)."""
    _write_local(session, setting)
    record(session, [setting])


def restore_hub_values(session: Session) -> list[str]:
    """On a machine where the team settings are the hub's: put back any local change."""
    records = _records(session)
    local = _local_values(session)
    restored = []
    for key, rec in records.items():
        if key in local and local[key] != rec["value"]:
            _write_local(session, ShopSetting(key, rec["value"]))
            restored.append(key)
    return restored


def read_shop_settings(conn: psycopg.Connection, keys: list[str], *, lock: bool = False) -> dict[str, ShopSetting]:
    if not keys:
        return {}
    suffix = " FOR UPDATE" if lock else ""
    rows = conn.execute(SHOP_SQL + " WHERE s.id = ANY(%s)" + suffix, (keys,)).fetchall()
    return {row[0]: shop_setting_from_row(row) for row in rows}


def write_shop_settings(conn: psycopg.Connection, settings: list[ShopSetting], existing: set[str]) -> None:
    """Insert the new ones, update the existing ones (one revision each: no INSERT … ON CONFLICT)."""
    for setting in settings:
        if setting.id in existing:
            conn.execute("UPDATE sidekick.shop_setting SET value = %s, deleted = false, updated_at = now() AT TIME ZONE 'utc' "
                         "WHERE id = %s", (setting.value, setting.id))
        else:
            conn.execute("INSERT INTO sidekick.shop_setting (id, value) VALUES (%s, %s)", (setting.id, setting.value))


def new_revisions(conn: psycopg.Connection, keys: list[str]) -> dict[str, int]:
    if not keys:
        return {}
    return {r[0]: int(r[1]) for r in conn.execute("SELECT id, revision FROM sidekick.shop_setting WHERE id = ANY(%s)", (keys,))}


def reset_to_defaults(session: Session) -> None:
    """Forget the hub's shop settings here (a switch to another hub, a reset): defaults until
    the next pull brings the hub's."""
    for key, value in _defaults().items():
        _write_local(session, ShopSetting(key, value))
    set_value(session=session, key=STATE_SHOP, value={})
