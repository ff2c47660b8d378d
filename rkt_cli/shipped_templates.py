"""The templates that ship with rkt, by name: `--template pk`, `rkt template list`, `init --from`.

A name stands for a folder of the package (templates/ in the repository, rkt_cli.templates when
installed); a folder that holds a template.yaml is taken as given, even when it shares a name.
"""

from __future__ import annotations

import importlib.resources
import os
from dataclasses import dataclass
from pathlib import Path

TEMPLATE_FILE = "template.yaml"
DEFAULT_TEMPLATE = "rkt"


@dataclass(frozen=True)
class Shipped:
    """A template that ships with rkt: its folder under templates/ and what it makes."""

    folder: str
    description: str


# The templates `rkt render --template NAME` takes by name, in the order `rkt template list`
# shows them. The default keeps its folder name `default` (and that name) from before names.
SHIPPED_TEMPLATES: dict[str, Shipped] = {
    "rkt": Shipped("default", "Rencana Kinerja Tahunan as signed in 2024: No | Program | Sasaran | … | Pelaksana"),
    "pk": Shipped("pk", "Perjanjian Kinerja (PermenPAN-RB 53/2014): the statement, then the lampiran tables"),
    "rkt-sederhana": Shipped(
        "rkt-sederhana", "RKT in the plain form: No | Sasaran Strategis | Indikator Kinerja | Target"
    ),
    "lkj": Shipped("lkj", "LKjIP Bab III: capaian per indikator by sasaran, then serapan per program (--realisasi)"),
    "rencana-aksi": Shipped(
        "rencana-aksi", "Rencana aksi: target and realisasi of each indikator per triwulan (--realisasi)"
    ),
}
# Other names that stand for a shipped template.
TEMPLATE_ALIASES = {"default": "rkt"}


def shipped_template_folder(name: str) -> Path:
    """The folder of a shipped template (`rkt`, `pk`, …) inside the package (works for editable
    and normal installs). Raises KeyError for a name that ships no template."""
    shipped = SHIPPED_TEMPLATES[TEMPLATE_ALIASES.get(name, name)]
    return Path(str(importlib.resources.files("rkt_cli.templates") / shipped.folder))


def default_template_folder() -> Path:
    """The default template, `rkt`."""
    return shipped_template_folder(DEFAULT_TEMPLATE)


def template_folder(given: Path | str | None) -> Path:
    """The folder `--template` names: None is the default; a folder holding a template.yaml is
    itself; otherwise the name of a shipped template (`pk`) is that template's folder; anything
    else is returned as given, for load_template to report."""
    if given is None:
        return default_template_folder()
    path = Path(given)
    if os.path.lexists(path / TEMPLATE_FILE):
        return path
    name = str(given)
    if name in SHIPPED_TEMPLATES or name in TEMPLATE_ALIASES:
        return shipped_template_folder(name)
    return path


def shipped_names() -> str:
    """ "rkt, pk, rkt-sederhana": for messages that list them."""
    return ", ".join(SHIPPED_TEMPLATES)


def output_label(template_dir: Path | str | None) -> str:
    """What a default output name adds for `--template`: "" for the default template, else
    "_" and the template's name (`_pk`, `_lkj`) or its folder's name, so that the PK or the LKj
    of an RKT does not replace the RKT's own document (rkt_2024.docx, rkt_2024_pk.docx)."""
    if template_dir is None:
        return ""
    folder = template_folder(template_dir)
    if folder.resolve() == default_template_folder().resolve():
        return ""
    name = str(template_dir)
    name = TEMPLATE_ALIASES.get(name, name)
    if name in SHIPPED_TEMPLATES and name != DEFAULT_TEMPLATE:
        return f"_{name}"
    return f"_{folder.resolve().name}"
