"""The JSON Schemas of the disclosure files: the format's one definition (keys, types, Chinese titles,
and the Chinese name of every code value in `x-enum-titles`). Published on the site under schema/."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from .. import urls

SCHEMAS = ("common", "institution", "fees", "plans", "statistics", "inspection")


def schema_file_name(schema_name: str) -> str:
    return f"{schema_name}.schema.json"


@cache
def load_schema(schema_name: str) -> dict:
    """A schema with its local references ("#/$defs/x") spelled with its file name, so that a node
    taken out of one file still says which file its references point into."""
    text = resources.files(__name__).joinpath(schema_file_name(schema_name)).read_text("utf-8")
    return json.loads(text.replace('"$ref": "#/', f'"$ref": "{schema_file_name(schema_name)}#/'))


def schema_url(schema_name: str, site_url: str) -> str:
    """The published address of a schema: its `$id`, and what editors' modelines point at."""
    path = urls.schema_file(schema_file_name(schema_name))
    return urls.absolute(site_url, path) or path


def published_schema(schema_name: str, site_url: str) -> bytes:
    """The schema as the site publishes it. With an absolute `$id` under the site address, any standard
    validator or the YAML language server resolves "common.schema.json#/..." against the site; without a
    site address the relative `$id` is kept."""
    text = resources.files(__name__).joinpath(schema_file_name(schema_name)).read_text("utf-8")
    if not site_url:
        return text.encode("utf-8")
    schema = json.loads(text)
    schema["$id"] = schema_url(schema_name, site_url)
    return (json.dumps(schema, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


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
