"""Documents for the pagination tests (issue 8): the 2024 RKT, the PK template with one and two
signers, and generated RKTs whose sasaran hold 1 to 15 indikator."""

from __future__ import annotations

import importlib.util
import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType

from rkt_cli.checking import check_file
from rkt_cli.layout import DocumentView, build_layout
from rkt_cli.model import RKT, Penandatangan, Program, Sasaran
from rkt_cli.render.docx import render_docx
from rkt_cli.templating import Template, load_template
from tests.render_support import DATA, ROOT, TEMPLATES

MAX_INDIKATOR_PER_SASARAN = 15
SASARAN_PER_PROGRAM = 5


@cache
def generator() -> ModuleType:
    """benchmarks/generate.py as a module (benchmarks/ is scripts, not a package)."""
    spec = importlib.util.spec_from_file_location("rkt_benchmark_generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sized_rkt(rows: int, seed: int) -> RKT:
    """A valid RKT of `rows` indikator (benchmarks/generate.py's wording) in sasaran of 1 to 15
    indikator, always including one of 15 and one of 1; the same seed gives the same document."""
    generate = generator()
    rng = random.Random(seed)
    sizes = [MAX_INDIKATOR_PER_SASARAN, 1]
    while sum(sizes) < rows:
        sizes.append(min(rng.randint(1, MAX_INDIKATOR_PER_SASARAN), rows - sum(sizes)))
    rng.shuffle(sizes)
    source = generate.build_rkt(sum(sizes), seed=seed)
    indikator = iter([i for p in source.program for s in p.sasaran for i in s.indikator])
    sasaran = [
        Sasaran(
            nama=rng.choice(generate.SASARAN),
            kode=str(6001 + number),
            anggaran=rng.randint(25, 3000) * 1_000_000,
            pelaksana=rng.choice(generate.PELAKSANA),
            indikator=[next(indikator) for _ in range(size)],
        )
        for number, size in enumerate(sizes)
    ]
    programs = [
        Program(
            nama=generate.PROGRAMS[n % len(generate.PROGRAMS)], sasaran=sasaran[start : start + SASARAN_PER_PROGRAM]
        )
        for n, start in enumerate(range(0, len(sasaran), SASARAN_PER_PROGRAM))
    ]
    return source.model_copy(update={"program": programs, "pagu": None})


def rkt_2024() -> RKT:
    checked = check_file(DATA)
    assert checked.model is not None
    return checked.model


def with_two_signers(rkt: RKT) -> RKT:
    """The two parties of a Perjanjian Kinerja, as tests/test_cli_render.py writes them."""
    signers = [
        Penandatangan(pihak="PIHAK KEDUA", jabatan="KETUA KPU KOTA PRABUMULIH", nama="NAMA KETUA"),
        Penandatangan(
            pihak="PIHAK PERTAMA",
            tempat="Prabumulih",
            tanggal=rkt.penandatangan[0].tanggal,
            jabatan="SEKRETARIS",
            nama="YASRIN ABIDIN",
            nip="197501012000031001",
        ),
    ]
    return rkt.model_copy(update={"penandatangan": signers})


def pk_template() -> Template:
    return load_template(TEMPLATES / "pk")


@dataclass(frozen=True)
class Rendered:
    """A rendered document and what the checks need to find its parts in the PDF's text."""

    name: str
    rkt: RKT
    view: DocumentView
    docx: Path


def render(name: str, rkt: RKT, template: Template, folder: Path) -> Rendered:
    view = build_layout(rkt, template)
    path = folder / f"{name}.docx"
    path.write_bytes(render_docx(view, template.reference_docx))
    return Rendered(name, rkt, view, path)
