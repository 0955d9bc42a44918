"""Typed settings: each option declared once, with its type, default and description.

Settings are stored with the data (the ``setting`` table, one JSON value per key) so a backup
carries them. Per-OS defaults live here and nowhere else. Passwords are never settings: the
team-hub password lives in the OS keyring, an encrypted file, or nowhere (asked for each time).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, fields, replace
from typing import Any

from sidekick.core.links import DEFAULT_LINK_PATTERNS

# Internal state key (settings_store.STATE_PREFIX) for the product self-test score history.
QUIZ_HISTORY_KEY = "state.quiz_history"


def _default_paste_key() -> str:
    return "cmd+v" if sys.platform == "darwin" else "ctrl+v"


@dataclass(frozen=True, slots=True)
class AppRule:
    """How to paste into one kind of application, matched by window class or title."""

    match: str  # case-insensitive substring of the window class or title
    paste_key: str = ""  # "" = the default paste key
    type_instead: bool = False  # for targets that block paste
    # A regular expression over the chat window's title that captures the buyer's nickname for
    # {买家} (group "buyer", else group 1): Qianniu shows "小鹿同学 - 接待中心" → "^(.+?) - ".
    buyer_pattern: str = ""


@dataclass(frozen=True, slots=True)
class Settings:
    hotkey: str = field(default="<ctrl>+<alt>+<space>", metadata={"doc": "Global hotkey that opens the popup"})
    suggest_hotkey: str = field(default="<ctrl>+<alt>+<enter>", metadata={
        "doc": "Global hotkey for suggest mode: replies to the selected buyer message (empty = off)"})
    paste_key: str = field(default_factory=_default_paste_key, metadata={"doc": "Default paste chord"})
    paste_mode: str = field(default="paste", metadata={"doc": "paste (clipboard) or type (key by key)"})
    focus_timeout_ms: int = field(default=500, metadata={"doc": "How long to wait for the target to take focus"})
    modifier_timeout_ms: int = field(default=1500, metadata={"doc": "How long to wait for the hotkey's modifiers to be released"})
    restore_timeout_ms: int = field(
        default=800, metadata={"doc": "Restore the clipboard after this long if the target never reads it"})
    restore_settle_ms: int = field(
        default=60, metadata={"doc": "Quiet time after the target's last clipboard read before restoring"})
    type_interval_ms: int = field(default=15, metadata={"doc": "Pause between characters when typing instead of pasting"})
    type_settle_ms: int = field(default=250, metadata={
        "doc": "Time the target gets to read the last typed character before the keyboard map is restored"})
    paste_poll_ms: int = field(default=5, metadata={"doc": "How often the paster checks focus and modifier keys while waiting"})
    copy_timeout_ms: int = field(default=400, metadata={
        "doc": "Suggest mode without a readable selection: how long to wait for the copy chord's text"})
    learn_questions_personal: bool = field(default=True, metadata={
        "doc": "Add the buyer's message (masked) as a 买家问法 of the personal phrase pasted for it"})
    learn_questions_team: bool = field(default=False, metadata={
        "doc": "Propose the buyer's message (masked) as a 买家问法 of the team phrase pasted for it"})
    agent_name: str = field(default="", metadata={"doc": "The agent's name for {客服}"})
    shop_name: str = field(default="", metadata={"doc": "The shop's name for {店铺}"})
    language: str = field(default="zh_CN", metadata={"doc": "UI language: zh_CN or en"})
    autostart: bool = field(default=False, metadata={"doc": "Start Sidekick at login"})
    app_rules: tuple[AppRule, ...] = field(default=(), metadata={"doc": "Per-application paste settings"})
    popup_limit: int = field(default=30, metadata={"doc": "Results shown in the popup"})
    link_detection: bool = field(default=False, metadata={"doc": "Show the product card when a product link is copied"})
    link_patterns: tuple[str, ...] = field(
        default=DEFAULT_LINK_PATTERNS, metadata={"doc": "Regular expressions for item links; group 1 is the item id"})
    recommend_template: str = field(
        # No {推荐语} in the default: the popup pastes products through placeholders.render,
        # which would leave it as literal text; recommendation_text puts a note in front.
        default="给您推荐这款「{商品.标题}」，现价{商品.价格}元，链接：{商品.链接}",
        metadata={"doc": "Text pasted when recommending a product"},
    )
    usage_statistics: bool = field(default=True, metadata={
        "doc": "Keep local usage statistics (ids, times, how a reply was found; never text) for 统计 / Insights"})
    keep_missed_queries: bool = field(default=False, metadata={
        "doc": "Also keep the text of searches that found nothing, for your own eyes (off: only a count per day)"})
    share_usage: bool = field(default=False, metadata={
        "doc": "Shop setting (the lead's, through the hub): each agent's app sends its daily counts per reply to the hub"})
    backups_keep: int = field(default=10, metadata={"doc": "Rolling backups to keep"})
    hub_url: str = field(default="", metadata={"doc": "Team hub PostgreSQL URL (no password)"})
    hub_user: str = field(default="", metadata={"doc": "Team hub login"})
    hub_password_storage: str = field(default="keyring", metadata={
        "doc": "Where the hub password is kept: keyring (the OS keyring), file (an encrypted file in the "
               "data folder, opened with a passphrase) or ask (nowhere: asked for at each run)"})
    hub_poll_s: int = field(default=60, metadata={"doc": "Poll the hub this often when LISTEN is unavailable"})
    log_level: str = field(default="INFO", metadata={
        "doc": "How much the log file keeps: DEBUG, INFO, WARNING or ERROR (never reply texts or clipboard contents)"})

    def rule_for(self, window_class: str, window_title: str) -> AppRule | None:
        """The first per-application rule matching the window, if any."""
        haystack = f"{window_class}\n{window_title}".lower()
        for rule in self.app_rules:
            if rule.match and rule.match.lower() in haystack:
                return rule
        return None


def to_json_values(settings: Settings) -> dict[str, Any]:
    """Each option as a JSON-ready value."""
    result: dict[str, Any] = {}
    for option in fields(Settings):
        value = getattr(settings, option.name)
        if option.name == "app_rules":
            value = [{"match": r.match, "paste_key": r.paste_key, "type_instead": r.type_instead,
                      "buyer_pattern": r.buyer_pattern} for r in value]
        elif isinstance(value, tuple):
            value = list(value)
        result[option.name] = value
    return result


def from_json_values(values: dict[str, Any]) -> tuple[Settings, list[str]]:
    """Settings from stored values; unknown keys and values of the wrong type are skipped and named."""
    settings = Settings()
    problems: list[str] = []
    changes: dict[str, Any] = {}
    for option in fields(Settings):
        if option.name not in values:
            continue
        raw = values[option.name]
        default = getattr(settings, option.name)
        try:
            changes[option.name] = _coerce(option.name, raw, default)
        except (TypeError, ValueError) as error:
            problems.append(f"setting {option.name}: {error}; using the default")
    known = {option.name for option in fields(Settings)}
    problems += [f"unknown setting {key!r} ignored" for key in values if key not in known]
    return replace(settings, **changes), problems


def _coerce(name: str, raw: Any, default: Any) -> Any:
    if name == "app_rules":
        if not isinstance(raw, list):
            raise TypeError("expected a list")
        return tuple(
            AppRule(str(item["match"]), str(item.get("paste_key", "")), bool(item.get("type_instead", False)),
                    str(item.get("buyer_pattern", "")))
            for item in raw
        )
    if isinstance(default, bool):
        if not isinstance(raw, bool):
            raise TypeError("expected true or false")
        return raw
    if isinstance(default, int):
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise TypeError("expected a whole number")
        return raw
    if isinstance(default, tuple):
        if not isinstance(raw, list):
            raise TypeError("expected a list")
        return tuple(str(item) for item in raw)
    if not isinstance(raw, str):
        raise TypeError("expected text")
    return raw


def describe() -> list[tuple[str, str, str]]:
    """(name, default, description) of every option, for ``sidekick doctor`` and the docs."""
    defaults = Settings()
    return [(o.name, repr(getattr(defaults, o.name)), o.metadata.get("doc", "")) for o in fields(Settings)]
