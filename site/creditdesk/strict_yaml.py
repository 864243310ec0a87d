"""The one YAML loader of the project: safe, and refusing a key given twice in a mapping.

Pure (no Flask): the content and the questionnaire definitions both read YAML with it.
"""

from collections.abc import Hashable
from typing import Any

import yaml

TIMESTAMP = "tag:yaml.org,2002:timestamp"


class StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key given twice in one mapping instead of keeping the last."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable):
                break  # SafeLoader reports an unhashable key itself
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


class DatesAsTextLoader(StrictLoader):
    """StrictLoader that keeps dates as text.

    PyYAML turns ``2026-13-01`` into a crash inside the parser; keeping dates as strings
    lets the caller report it as a bad date instead.
    """


DatesAsTextLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != TIMESTAMP]
    for first, resolvers in StrictLoader.yaml_implicit_resolvers.items()
}


def load(text: str, *, dates_as_text: bool = False) -> Any:
    """Parse YAML text strictly; yaml.YAMLError says where it is broken."""
    return yaml.load(text, Loader=DatesAsTextLoader if dates_as_text else StrictLoader)
