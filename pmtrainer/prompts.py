"""Prompt files in `prompts/`: versioned templates with named placeholders, validated on load.

A prompt is data, not code: `prompts/<id>.v<version>.yaml` holds the system message (the
rubric), the user template, the inputs it takes and the outputs it asks for. Any edit bumps
the version, and each grade records `<id>.v<version>`.
"""

from __future__ import annotations

import re
import string
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from pmtrainer.paths import PROMPTS_DIR

# Tags the user template wraps data in; the same tags inside the data are defused.
DATA_TAGS = ("question", "talking_points", "answer")
_TAG_IN_DATA = re.compile(r"<(\s*/?\s*(?:" + "|".join(DATA_TAGS) + r")\b)", re.IGNORECASE)
DEFUSED_LT = "‹"  # a look-alike of "<" that no longer opens a tag


class PromptError(ValueError):
    """A prompt file is missing or invalid; the message names the file and the problem."""


def placeholders(template: str) -> set[str]:
    """The named `{placeholders}` in a template."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


class Prompt(BaseModel):
    """One prompt file. `inputs` must be exactly the placeholders the templates use."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    version: int = Field(ge=1)
    description: str = ""
    inputs: list[str] = Field(min_length=1)
    outputs: list[str] = Field(min_length=1)
    system: str = Field(min_length=1)
    user: str = Field(min_length=1)

    @model_validator(mode="after")
    def _placeholders_match_inputs(self) -> Prompt:
        try:
            used = placeholders(self.system) | placeholders(self.user)
        except ValueError as error:  # an unbalanced brace
            raise ValueError(f"bad template syntax: {error}") from error
        if missing := set(self.inputs) - used:
            raise ValueError(f"inputs never used in a template: {', '.join(sorted(missing))}")
        if undeclared := used - set(self.inputs):
            raise ValueError(f"placeholders not declared in inputs: {', '.join(sorted(undeclared))}")
        if "answer" in self.inputs and "answer" not in placeholders(self.user):
            raise ValueError("the answer belongs in the user message, inside its data tags")
        return self

    @property
    def name(self) -> str:
        """`<id>.v<version>`, the name recorded with each grade."""
        return f"{self.id}.v{self.version}"

    def render(self, **values: str) -> list[dict[str, str]]:
        """Chat messages with every input filled in; data values are defused (see `defuse`)."""
        if missing := set(self.inputs) - set(values):
            raise PromptError(f"prompt {self.name} needs values for: {', '.join(sorted(missing))}")
        system_values = {k: v for k, v in values.items() if k in placeholders(self.system)}
        user_values = {k: defuse(v) for k, v in values.items() if k in placeholders(self.user)}
        return [
            {"role": "system", "content": self.system.format(**system_values)},
            {"role": "user", "content": self.user.format(**user_values)},
        ]


def defuse(text: str) -> str:
    """Text with any `<answer>`-style tag broken, so data cannot close its own delimiters."""
    return _TAG_IN_DATA.sub(DEFUSED_LT + r"\1", text)


def load_prompt_file(path: Path) -> Prompt:
    """Load and validate one prompt file; the file name must match its id and version."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        prompt = Prompt.model_validate(raw)
    except OSError as error:
        raise PromptError(f"{path}: cannot read ({error.strerror})") from error
    except yaml.YAMLError as error:
        raise PromptError(f"{path}: not valid YAML ({error})") from error
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'file'}: {e['msg']}" for e in error.errors())
        raise PromptError(f"{path}: {problems}") from error
    if path.name != f"{prompt.name}.yaml":
        raise PromptError(f"{path}: file name should be {prompt.name}.yaml for id {prompt.id!r} v{prompt.version}")
    return prompt


@cache
def load_prompt(name: str, directory: Path = PROMPTS_DIR) -> Prompt:
    """A prompt by name, e.g. `grade_answer.v1`."""
    return load_prompt_file(directory / f"{name}.yaml")
