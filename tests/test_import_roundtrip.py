"""Round trip through Word: `rkt render --format docx` (the CLI, in-process) then `rkt import`.

For data/rkt_2024.yaml the imported model equals the original. For random valid RKTs
(Hypothesis) it equals the original in canonical form, because a rendered table cannot tell:
  - which pelaksana was written on the sasaran and which on the indikator (the table shows each
    indikator's pelaksana; the importer lifts the most common one to the sasaran).
The instansi keeps its letter case: the default template shows it in capitals through Word's
All caps formatting, not by changing the text.
What the default template leaves out of the document (pihak, judul in its own case) is not
generated. A second template with `target_dengan_satuan: true` carries the satuan through.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from rkt_cli.checking import check_file
from rkt_cli.importer import import_docx
from rkt_cli.model import RKT
from rkt_cli.yaml_writer import dump_rkt
from tests.cli_support import Outcome, run_rkt
from tests.strategies import rkt_documents

ROOT = Path(__file__).parent.parent
DATA = ROOT / "data" / "rkt_2024.yaml"


def rkt(*args: str, cwd: Path) -> Outcome:
    return run_rkt(*args, cwd=cwd)


def render(yaml_path: Path, out: Path, template: Path | None = None) -> Path:
    args = [str(yaml_path), "--format", "docx", "-o", str(out)]
    if template is not None:
        args += ["--template", str(template)]
    done = rkt("render", *args, cwd=yaml_path.parent)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def satuan_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default template with targets printed with their satuan ("95%", "4 dokumen")."""
    folder = tmp_path_factory.mktemp("tpl") / "satuan"
    done = rkt("template", "init", str(folder), cwd=folder.parent)
    assert done.returncode == 0, done.stderr
    spec = folder / "template.yaml"
    text = spec.read_text(encoding="utf-8")
    assert "target_dengan_satuan: bukan_persen" in text
    spec.write_text(text.replace("target_dengan_satuan: bukan_persen", "target_dengan_satuan: true"), encoding="utf-8")
    return folder


def test_render_then_import_gives_back_rkt_2024(tmp_path: Path) -> None:
    original = check_file(DATA).model
    assert original is not None
    docx_path = render(DATA, tmp_path / "rkt_2024.docx")
    result = import_docx(docx_path)
    assert result.rkt == original


def test_render_then_import_cli_writes_a_file_equal_to_rkt_2024(tmp_path: Path) -> None:
    docx_path = render(DATA, tmp_path / "rkt_2024.docx")
    done = rkt("import", str(docx_path), "-o", "back.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert check_file(tmp_path / "back.yaml").model == check_file(DATA).model
    # Same house style as the data file: the body lines are identical, only the comments differ.
    body = [line for line in (tmp_path / "back.yaml").read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    expected = [line for line in DATA.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    assert body == expected


def test_render_with_satuan_then_import(tmp_path: Path, satuan_template: Path) -> None:
    original = check_file(DATA).model
    assert original is not None
    first = original.program[1].sasaran[0]
    counted = first.model_copy(
        update={"indikator": [first.indikator[0].model_copy(update={"satuan": "dokumen", "target": 12})]}
    )
    program = original.program[1].model_copy(update={"sasaran": [counted, *original.program[1].sasaran[1:]]})
    changed = original.model_copy(update={"program": [original.program[0], program]})
    source = tmp_path / "satuan.yaml"
    source.write_text(dump_rkt(changed), encoding="utf-8")
    result = import_docx(render(source, tmp_path / "satuan.docx", satuan_template))
    assert result.rkt.program[1].sasaran[0].indikator[0].satuan == "dokumen"
    assert result.rkt == changed


# --- random valid RKTs (tests/strategies.py) ------------------------------------------------


def canonical(rkt: RKT) -> RKT:
    """What a rendered table can say: each indikator's own pelaksana, the most common one lifted."""
    programs = []
    for program in rkt.program:
        sasaran_list = []
        for sasaran in program.sasaran:
            effective = [sasaran.pelaksana_of(i) for i in sasaran.indikator]
            counts = Counter(effective)
            common = next(p for p in effective if counts[p] == max(counts.values()))
            rows = [
                i.model_copy(update={"pelaksana": None if p == common else p, "satuan": i.satuan})
                for i, p in zip(sasaran.indikator, effective, strict=True)
            ]
            sasaran_list.append(sasaran.model_copy(update={"pelaksana": common, "indikator": rows}))
        programs.append(program.model_copy(update={"sasaran": sasaran_list}))
    return rkt.model_copy(update={"program": programs})


# Each example renders and imports in-process (a few hundredths of a second), so Hypothesis may
# shrink a failure to a small document as usual.
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(original=rkt_documents(with_satuan=True))
def test_render_then_import_random_documents(original: RKT, tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("rt")
    source = folder / "rkt.yaml"
    source.write_text(dump_rkt(original), encoding="utf-8")
    template = _satuan_template_for(tmp_path_factory)
    result = import_docx(render(source, folder / "rkt.docx", template))
    assert result.rkt == canonical(original)


_TEMPLATE: list[Path] = []


def _satuan_template_for(factory: pytest.TempPathFactory) -> Path:
    """The satuan template, made once (Hypothesis tests cannot take function-scoped fixtures)."""
    if not _TEMPLATE:
        folder = factory.mktemp("tpl-h") / "satuan"
        done = rkt("template", "init", str(folder), cwd=folder.parent)
        assert done.returncode == 0, done.stderr
        spec = folder / "template.yaml"
        text = spec.read_text(encoding="utf-8")
        spec.write_text(text.replace("satuan: bukan_persen", "satuan: true"), encoding="utf-8")
        _TEMPLATE.append(folder)
    return _TEMPLATE[0]
