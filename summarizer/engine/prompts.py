"""Prompt templates: versioned Jinja2 files in ``prompts/``, shipped inside the wheel.

The article is wrapped in delimiters, and any copy of a delimiter inside the article is
defused first, so an article cannot close its own envelope and speak as the user.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta
import yaml
from pydantic import BaseModel

from summarizer.config import Mode
from summarizer.errors import ConfigError
from summarizer.resources import bundled

__all__ = [
    "ARTICLE_CLOSE",
    "ARTICLE_OPEN",
    "PromptTemplate",
    "field_guide",
    "guide_for",
    "load_prompt",
    "prompts_dir",
]

ARTICLE_OPEN = "<article>"
ARTICLE_CLOSE = "</article>"


def prompts_dir() -> Path:
    """Where the templates are: inside the installed package, or the repository checkout."""
    return bundled("prompts", marker="prompts.yaml")


# Any spelling a model might read as our delimiter: any case, spaces inside the brackets.
_DELIMITER = re.compile(r"<\s*(/?)\s*article\s*>", re.IGNORECASE)


def _defuse(article: str) -> str:
    # A zero-width space breaks the tag for the model's tokenizer while the text reads the same.
    return _DELIMITER.sub(lambda m: f"<{m.group(1)}\u200barticle>", article)


@dataclass(frozen=True)
class PromptTemplate:
    """A named, versioned pair of system and user templates."""

    name: str
    version: str
    system: jinja2.Template
    user: jinja2.Template
    digest: str
    """SHA-256 of both template sources: part of cache keys, so edited wording never reuses
    stale answers even when someone forgets to bump ``version``."""
    static_system: bool = False
    """True when the system template uses neither the article nor its date: it is then
    rendered once per field guide, not once per article."""
    _systems: dict[str | None, str] = field(default_factory=dict, compare=False, repr=False)

    def render(
        self,
        article: str,
        *,
        reporting_date: dt.date | None = None,
        field_guide: str | None = None,
    ) -> list[dict[str, Any]]:
        """The chat messages for ``article``: the static part (system prompt, and the field
        guide when the model cannot read the schema) first, so providers' prompt caching
        applies; the article and its date last.

        >>> messages = load_prompt("brief").render("Shelling hit the port.")
        >>> [m["role"] for m in messages]
        ['system', 'user']
        """
        values = {
            "open_tag": ARTICLE_OPEN,
            "close_tag": ARTICLE_CLOSE,
            "article": _defuse(article.strip()),
            "reporting_date": reporting_date.isoformat() if reporting_date else None,
            "field_guide": field_guide,
        }
        return [
            {"role": "system", "content": self._system(values)},
            {"role": "user", "content": self.user.render(values).strip()},
        ]

    def _system(self, values: dict[str, Any]) -> str:
        if not self.static_system:
            return self.system.render(values).strip()
        guide = values["field_guide"]
        if guide not in self._systems:
            self._systems[guide] = self.system.render(values).strip()
        return self._systems[guide]


def guide_for(mode: Mode, model: type[BaseModel]) -> str | None:
    """The field guide ``mode`` needs: only ``json_schema`` hides the schema's descriptions
    (tools send them with the function; json and md_json put the schema in the prompt)."""
    return field_guide(model) if mode is Mode.JSON_SCHEMA else None


def field_guide(model: type[BaseModel]) -> str:
    """What ``model``'s fields mean, as a compact indented list, for a model that gets the
    schema only as a decoding grammar (``json_schema`` mode): the grammar already forces
    names, types and enum values, so the guide gives only the descriptions, each once. Built
    from the same schema, so the two never disagree.

    >>> from summarizer.brief.schema import Situation
    >>> print(field_guide(Situation).splitlines()[0])
    - summary: 1-3 sentences.
    """
    schema = model.model_json_schema()
    return "\n".join(_guide_lines(schema, schema.get("$defs", {}), 0, set()))


def _guide_lines(
    node: dict[str, Any], defs: dict[str, Any], depth: int, said: set[tuple[str, str]]
) -> list[str]:
    lines: list[str] = []
    for name, spec in node.get("properties", {}).items():
        description = str(spec.get("description", ""))
        inner = _fields_of(spec, defs)
        children = _guide_lines(inner, defs, depth + 1, said) if inner else []
        if (name, description) in said:
            description = ""
        said.add((name, description))
        if description or children:
            lines.append(f"{'  ' * depth}- {name}:" + (f" {description}" if description else ""))
        lines += children
    return lines


def _fields_of(spec: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any] | None:
    """The object whose fields a property holds (itself, its list's items, its nullable)."""
    if "$ref" in spec:
        target = defs[spec["$ref"].rsplit("/", 1)[-1]]
        return target if "properties" in target else None
    for option in spec.get("anyOf", []):
        found = _fields_of(option, defs)
        if found is not None:
            return found
    if spec.get("type") == "array":
        return _fields_of(spec.get("items", {}), defs)
    return None


@cache
def load_prompt(name: str) -> PromptTemplate:
    """Load the prompt ``name`` declared in ``prompts/prompts.yaml``."""
    directory = prompts_dir()
    manifest = yaml.safe_load((directory / "prompts.yaml").read_text(encoding="utf-8"))
    entry = manifest.get(name) if isinstance(manifest, dict) else None
    if not isinstance(entry, dict):
        raise ConfigError(f"no prompt named {name!r} in {directory / 'prompts.yaml'}")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(directory),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # plain-text prompts, not HTML
        keep_trailing_newline=True,
    )
    sources = [(directory / entry[key]).read_text(encoding="utf-8") for key in ("system", "user")]
    digest = hashlib.sha256("\0".join(sources).encode()).hexdigest()
    uses = jinja2.meta.find_undeclared_variables(env.parse(sources[0]))
    return PromptTemplate(
        name=name,
        version=str(entry["version"]),
        system=env.get_template(entry["system"]),
        user=env.get_template(entry["user"]),
        digest=digest,
        static_system=not uses & {"article", "reporting_date"},
    )
