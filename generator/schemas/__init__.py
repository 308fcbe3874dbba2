"""The JSON Schemas of the disclosure files: the format's one definition (keys, types, Chinese titles,
and the Chinese name of every code value in `x-enum-titles`). Published on the site under schema/."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

SCHEMA_KINDS = ("common", "institution", "fees", "plans", "statistics")


def schema_file_name(kind: str) -> str:
    return f"{kind}.schema.json"


@lru_cache(maxsize=None)
def load_schema(kind: str) -> dict:
    """A schema with its local references ("#/$defs/x") spelled with its file name, so that a node
    taken out of one file still says which file its references point into."""
    text = resources.files(__name__).joinpath(schema_file_name(kind)).read_text("utf-8")
    return json.loads(text.replace('"$ref": "#/', f'"$ref": "{schema_file_name(kind)}#/'))


def resolve(schema: dict) -> dict:
    """Follow a $ref, letting the referring schema's own keywords win (title, description)."""
    ref = schema.get("$ref")
    if not ref:
        return schema
    file_name, _, pointer = ref.partition("#")
    node = load_schema(file_name.removesuffix(".schema.json"))
    for part in filter(None, pointer.split("/")):
        node = node[part]
    merged = dict(resolve(node))
    merged.update({k: v for k, v in schema.items() if k != "$ref"})
    return merged
