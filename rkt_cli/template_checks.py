"""Checks of a template.yaml that span keys (one key alone is checked by its pydantic spec):
columns that fit the page, what each column shows, header groups, the numbering row, group
rows, and the keys each part (bagian:) may carry. Each problem at its file:line (RKT402–RKT407).
"""

from __future__ import annotations

from rkt_cli.diagnostics import Diagnostic, Severity
from rkt_cli.loader import PathKey, SourceMap, format_path
from rkt_cli.template_spec import PART_COLUMNS, PART_KEYS, PART_REQUIRED, TemplateSpec


def template_problem(code: str, file: str, message: str, line: int = 0, col: int = 0, path: PathKey = ()) -> Diagnostic:
    """A template problem: always an error."""
    return Diagnostic(code, Severity.ERROR, file, line, col, format_path(path), message)


def check_layout(spec: TemplateSpec, file: str, source_map: SourceMap) -> list[Diagnostic]:
    """Checks that span fields: the columns must fit on the page; an anggaran is not merged
    over a program."""
    problems: list[Diagnostic] = []
    total = sum(k.lebar_mm for k in spec.tabel.kolom)
    available = spec.kertas.text_width_mm
    if total > available + 0.5:
        path = ("tabel", "kolom")
        line, col = source_map.locate(path)
        message = (
            f"the columns are {total:g} mm wide but the page has {available:g} mm between the margins; "
            "make some lebar_mm smaller"
        )
        problems.append(template_problem("RKT407", file, message, line, col, path))
    for index, kolom in enumerate(spec.tabel.kolom):
        merge_problem = _merge_problem(kolom.isi, kolom.gabung)
        if merge_problem:
            where: PathKey = ("tabel", "kolom", index, "gabung")
            line, col = source_map.locate(where)
            problems.append(template_problem("RKT404", file, merge_problem, line, col, where))
    problems += _check_columns(spec, file, source_map)
    problems += _check_parts(spec, file, source_map)
    return problems


# What one cell merged over a sasaran's rows (gabung: sasaran) may show: a value of the sasaran
# itself. Over a program's rows (gabung: program): only the program. A value that can change from
# row to row (target, indikator, capaian, …) merged that way would print the first row's value
# over all of them in the document to sign; `gabung: sama_berurutan` merges only equal neighbours.
SASARAN_VALUES = frozenset({"nomor", "program", "sasaran", "sasaran_nama", "kode", "anggaran"})


def _merge_problem(isi: str, gabung: str) -> str | None:
    if gabung == "program" and isi == "anggaran":
        # One cell over a program would show its first sasaran's anggaran as the program's.
        return "an anggaran column merges per sasaran (gabung: sasaran), not over a program"
    if gabung == "program" and isi != "program":
        return f"only the program column merges over a program; {isi} differs within one: use gabung: sasaran or tidak"
    if gabung == "sasaran" and isi not in SASARAN_VALUES:
        return (
            f"{isi} can differ from row to row within a sasaran, and one merged cell would show the first row's "
            "value for all: use gabung: sama_berurutan (merges equal neighbours only) or tidak"
        )
    return None


def _check_columns(spec: TemplateSpec, file: str, source_map: SourceMap) -> list[Diagnostic]:
    """Each column shows something a row has; penomoran belongs to nomor_indikator; a custom
    numbering row has a text per column; a header group's columns stand together; a group row
    per sasaran cannot cut a cell merged over a program."""
    from rkt_cli.columns import CAPAIAN_FIELDS, FIELDS, is_known_field

    problems: list[Diagnostic] = []

    def report(where: PathKey, message: str) -> None:
        line, col = source_map.locate(where)
        problems.append(template_problem("RKT404", file, message, line, col, where))

    tabel = spec.tabel
    groups_seen: list[str] = []
    for index, kolom in enumerate(tabel.kolom):
        where: PathKey = ("tabel", "kolom", index)
        if not is_known_field(kolom.isi):
            known = ", ".join((*FIELDS, *CAPAIAN_FIELDS))
            report((*where, "isi"), f"expected one of {known}, or tambahan.NAME, got {kolom.isi!r}")
        if kolom.penomoran != "berlanjut" and kolom.isi != "nomor_indikator":
            report((*where, "penomoran"), "penomoran numbers the indikator: it goes with isi: nomor_indikator")
        if kolom.grup is not None:
            if kolom.grup in groups_seen and groups_seen[-1] != kolom.grup:
                report((*where, "grup"), f"the columns of grup {kolom.grup!r} must stand next to each other")
            if not groups_seen or groups_seen[-1] != kolom.grup:
                groups_seen.append(kolom.grup)
        else:
            groups_seen.append("")
        if kolom.gabung == "program" and any(g.per == "sasaran" for g in tabel.baris_grup):
            report((*where, "gabung"), "a row per sasaran (baris_grup) would cut a cell merged over a program")
    if isinstance(tabel.baris_nomor, list) and len(tabel.baris_nomor) != len(tabel.kolom):
        report(
            ("tabel", "baris_nomor"),
            f"the numbering row needs a text for each of the {len(tabel.kolom)} columns, got {len(tabel.baris_nomor)}",
        )
    return problems


def _check_parts(spec: TemplateSpec, file: str, source_map: SourceMap) -> list[Diagnostic]:
    """Each part carries the keys of its jenis only, and those it needs; the indikator table is
    one table, so it stands in the parts at most once; a program table fits the page."""
    problems: list[Diagnostic] = []
    tables = 0
    for index, part in enumerate(spec.bagian or ()):
        given = {key for key in type(part).model_fields if key != "jenis" and getattr(part, key) is not None}
        allowed = PART_KEYS[part.jenis]
        for key in sorted(given - allowed):
            where: PathKey = ("bagian", index, key)
            line, col = source_map.locate(where)
            fits = ", ".join(sorted(allowed)) or "no other key"
            message = f"a part of jenis {part.jenis} takes {fits}, not {key}"
            problems.append(template_problem("RKT402", file, message, line, col, where))
        for key in sorted(PART_REQUIRED.get(part.jenis, frozenset()) - given):
            line, col = source_map.locate(("bagian", index))
            message = f"a part of jenis {part.jenis} needs {key}:"
            problems.append(template_problem("RKT403", file, message, line, col, ("bagian", index)))
        if part.jenis == "tabel":
            tables += 1
            if tables > 1:
                where = ("bagian", index, "jenis")
                line, col = source_map.locate(where)
                message = "the indikator table (jenis: tabel) stands in the parts once"
                problems.append(template_problem("RKT404", file, message, line, col, where))
        for number, kolom in enumerate(part.kolom or ()):
            shows = PART_COLUMNS.get(part.jenis, ())
            if kolom.isi not in shows:
                where = ("bagian", index, "kolom", number, "isi")
                line, col = source_map.locate(where)
                message = f"a column of jenis {part.jenis} shows one of {', '.join(shows)}, not {kolom.isi}"
                problems.append(template_problem("RKT404", file, message, line, col, where))
        if part.kolom:
            total = sum(k.lebar_mm for k in part.kolom)
            if total > spec.kertas.text_width_mm + 0.5:
                where = ("bagian", index, "kolom")
                line, col = source_map.locate(where)
                message = (
                    f"the columns are {total:g} mm wide but the page has {spec.kertas.text_width_mm:g} mm "
                    "between the margins; make some lebar_mm smaller"
                )
                problems.append(template_problem("RKT407", file, message, line, col, where))
    return problems
