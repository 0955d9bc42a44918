"""A budget for YAML aliases, checked on the composed node graph before any Python object is built.

Composing is cheap even for a "billion laughs" file: an alias is one more reference to a node
that already exists. What explodes is what comes after — merge keys (``<<: [*a, *a]``) copy
node lists while constructing, and any ``str()`` of a value built from nested aliases walks every
expanded path (9 levels of 9 aliases: 387 million strings, 7.5 GB). So the graph is measured
first, in time linear in its distinct nodes: how many alias references it has, how many nodes
it would have with every alias expanded, and whether an alias refers to its own ancestor.
"""

from __future__ import annotations

import yaml

from sidekick.core.exchange.limits import MAX_YAML_ALIAS_NODES, MAX_YAML_ALIASES, MAX_YAML_NODES
from sidekick.core.messages import Message


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def budget_problem(root: yaml.Node) -> str | None:
    """Why this document is refused (recursive alias, too many aliases or nodes), or None."""
    # Most files have no alias at all: one cheap pass shows it, and there is nothing to expand.
    seen: set[int] = set()
    stack_nodes: list[yaml.Node] = [root]
    while stack_nodes:
        node = stack_nodes.pop()
        if id(node) in seen:
            return _expansion_problem(root)
        seen.add(id(node))
        if len(seen) > MAX_YAML_NODES:
            return Message("the document has more than %1 values; split the file", f"{MAX_YAML_NODES:,}")
        if type(node) is yaml.MappingNode:
            for pair in node.value:
                stack_nodes.extend(pair)
        elif type(node) is yaml.SequenceNode:
            stack_nodes.extend(node.value)
    return None


def _expansion_problem(root: yaml.Node) -> str | None:
    """The full measure of a document with aliases: post-order, with each node's expanded size."""
    expanded: dict[int, int] = {}  # node id → size with every alias below it expanded
    visiting: set[int] = set()
    edges = 0
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        key = id(node)
        if leaving:
            visiting.discard(key)
            expanded[key] = 1 + sum(expanded[id(child)] for child in _children(node))
            continue
        if key in expanded:
            continue  # a second reference: an alias (counted through ``edges``)
        if key in visiting:
            return Message("an alias at %1 refers to a node that contains it (a recursive alias)", _mark(node))
        visiting.add(key)
        children = _children(node)
        edges += len(children)
        if len(expanded) + len(visiting) > MAX_YAML_NODES:
            return Message("the document has more than %1 values; split the file", f"{MAX_YAML_NODES:,}")
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(children))
    aliases = edges - (len(expanded) - 1)
    if aliases > MAX_YAML_ALIASES:
        return Message("the document uses %1 aliases (*name); Sidekick reads at most %2: write the values out",
                       f"{aliases:,}", MAX_YAML_ALIASES)
    added = expanded[id(root)] - len(expanded)
    if added > MAX_YAML_ALIAS_NODES:
        return Message("its aliases (*name, <<: merge keys) would expand to %1 values from %2; Sidekick allows "
                       "aliases to add at most %3", f"{expanded[id(root)]:,}", f"{len(expanded):,}",
                       f"{MAX_YAML_ALIAS_NODES:,}")
    return None


def _mark(node: yaml.Node) -> str:
    mark = node.start_mark
    return Message("line %1, column %2", mark.line + 1, mark.column + 1) if mark else Message("an unknown place")
