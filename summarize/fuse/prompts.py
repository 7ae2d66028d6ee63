"""Prompt templates for the fusion models: text files in `prompts/`, `string.Template` syntax.

A template may use `${documents}` (required: the packed source sentences) and `${title}`
(the event's title). Any other variable is an error when the template is loaded, so a typo
fails loudly instead of reaching a model as literal text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from string import Template

VARIABLES = ("documents", "title")


@dataclass(frozen=True)
class Prompt:
    """A validated template; `file` is its name in `prompts/`."""

    file: str
    template: str

    def render(self, documents: str, title: str = "") -> str:
        return Template(self.template).substitute(documents=documents, title=title)


def chat_messages(text: str, max_words: int) -> list[dict[str, str]]:
    """A chat model's turns for one packed event: the system prompt (prompts/chat-system.txt:
    the word budget and "use only facts from the reports"), then the reports as the user."""
    return [
        {"role": "system", "content": _chat_system().substitute(max_words=max_words)},
        {"role": "user", "content": text},
    ]


@cache
def _chat_system() -> Template:
    return Template((prompts_dir() / "chat-system.txt").read_text(encoding="utf-8").strip())


def prompts_dir() -> Traversable:
    """The packaged `prompts/` folder."""
    return resources.files("summarize") / "data" / "prompts"


def load_prompt(name: str) -> Prompt:
    """Load and validate `prompts/<name>`.

    Raises FileNotFoundError when there is no such file and ValueError when the template
    is malformed, lacks `${documents}` or uses a variable other than those in VARIABLES.
    """
    file = prompts_dir() / name
    if "/" in name or "\\" in name or not file.is_file():
        raise FileNotFoundError(f"no prompt template prompts/{name}")
    text = file.read_text(encoding="utf-8").removesuffix("\n")
    template = Template(text)
    if not template.is_valid():
        raise ValueError(f"prompts/{name}: malformed placeholder (write $$ for a literal $)")
    used = set(template.get_identifiers())
    unknown = sorted(used - set(VARIABLES))
    if unknown:
        raise ValueError(
            f"prompts/{name}: unknown variable ${{{unknown[0]}}}; "
            f"templates may use {', '.join('${' + v + '}' for v in VARIABLES)}"
        )
    if "documents" not in used:
        raise ValueError(f"prompts/{name}: the template never uses ${{documents}}")
    return Prompt(name, text)
