"""`rkt capaian RKT.yaml REALISASI.yaml`: capaian per indikator and serapan per sasaran, program
and total, as a terminal table, json, csv or markdown.

The RKT is checked as `rkt validate` checks it (errors stop here, exit 1); the realisasi file is
then checked against it (rkt_cli.realisasi), and its errors stop here too. The output builders
below are plain functions from a Laporan to text, so tests read them without a terminal.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from rkt_cli.cli.app import (
    ExitCode,
    RktCommand,
    app,
    command_line,
    emit_diagnostics,
    fail_usage,
    format_option,
    plural,
    say,
    stop_on_errors,
)
from rkt_cli.diagnostics import totals
from rkt_cli.safe_output import escape_controls, escape_json_controls

if TYPE_CHECKING:  # pydantic and the report load only when the command runs
    from decimal import Decimal

    from rkt_cli.realisasi import BarisCapaian, Laporan, SasaranCapaian, SerapanBaris


class CapaianFormat(str, Enum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"


class Sampai(str, Enum):
    TW1 = "tw1"
    TW2 = "tw2"
    TW3 = "tw3"
    TW4 = "tw4"


BELUM = "belum ada realisasi"


@app.command(cls=RktCommand)
def capaian(
    rkt_file: Path = typer.Argument(None, help="The RKT YAML file.", show_default=False, metavar="RKT.yaml"),
    realisasi_file: Path = typer.Argument(
        None, help="Its realisasi file (names the RKT in `rkt:`).", show_default=False, metavar="REALISASI.yaml"
    ),
    sampai: Sampai = typer.Option(
        Sampai.TW4,
        "--sampai",
        "-s",
        help="Count the quarters up to this one (tw1…tw4).",
        case_sensitive=False,
        metavar="TW",
    ),
    output_format: CapaianFormat = format_option(
        CapaianFormat.TABLE, "table (for people), json or csv (plain numbers), markdown."
    ),
) -> None:
    """Capaian kinerja per indikator (target, realisasi per quarter, capaian, kategori) and
    serapan anggaran per sasaran, program and total.

    Example: rkt capaian data/rkt_2024.yaml data/realisasi_2024.yaml --sampai tw2
    """
    if rkt_file is None or realisasi_file is None:
        fail_usage(
            "give the RKT file and its realisasi file, e.g. rkt capaian data/rkt_2024.yaml data/realisasi_2024.yaml"
        )
    for path in (rkt_file, realisasi_file):
        if path.is_dir():
            fail_usage(f"{path}: is a folder; give a file")
        if not path.exists():
            fail_usage(f"{path}: no such file")

    from rkt_cli.checking import check_loaded
    from rkt_cli.loader import load_yaml_file
    from rkt_cli.realisasi import RktSource, check_realisasi

    try:
        rkt_loaded = load_yaml_file(rkt_file, str(rkt_file))
        real_loaded = load_yaml_file(realisasi_file, str(realisasi_file))
    except OSError as exc:
        fail_usage(f"{exc.filename}: cannot read: {exc.strerror or exc}")
    checked = check_loaded(rkt_loaded)
    stop_on_errors([checked])
    if checked.diagnostics:
        count = plural(totals(checked.diagnostics)[1], "warning")
        say(f"{checked.file}: {count}; `{command_line('rkt', 'validate', checked.file)}` shows them")
    assert checked.model is not None  # no errors: the schema held
    source = RktSource(checked.model, checked.file, rkt_loaded.source_map, rkt_file)
    result = check_realisasi(source, real_loaded, int(sampai.value[-1]), realisasi_file)
    sources = {checked.file: checked.lines, real_loaded.file: real_loaded.lines}
    if result.diagnostics:
        emit_diagnostics(result.diagnostics, sources)
    if result.laporan is None:
        errors = sum(1 for d in result.diagnostics if d.is_error)
        say(f"{real_loaded.file}: {plural(errors, 'error')}; no capaian computed")
        if not result.matched_rkt:
            say(f"fix the errors above; the checks against {checked.file} (ids, addresses, targets) run once it loads")
        raise typer.Exit(ExitCode.DATA_ERROR)
    laporan = result.laporan
    if output_format is CapaianFormat.JSON:
        typer.echo(escape_json_controls(to_json(laporan)), nl=False)
    elif output_format is CapaianFormat.CSV:
        # UTF-8 bytes whatever the terminal's encoding, BOM first: as `rkt export -f csv` writes.
        typer.echo(escape_controls(to_csv(laporan), keep="\r\n").encode("utf-8"), nl=False)
    elif output_format is CapaianFormat.MARKDOWN:
        typer.echo(escape_controls(to_markdown(laporan), keep="\n"), nl=False)
    else:
        from rich.console import Console

        # Width: the terminal's, else $COLUMNS, else 80 (rich's rule).
        typer.echo(escape_controls(to_table(laporan, Console().width), keep="\n"), nl=False)


# --- output builders ----------------------------------------------------------------------


def _number(value: Decimal | None) -> str | None:
    """Decimal → "94.74" for json/csv: exact, never a float."""
    return None if value is None else f"{value:.2f}"


def _laporan_dict(laporan: Laporan) -> dict[str, Any]:
    from rkt_cli.capaian import EFISIENSI_RULE
    from rkt_cli.realisasi import plain, serapan_status

    def serapan(row: SerapanBaris) -> dict[str, Any]:
        return {
            "nama": row.nama,
            "anggaran": row.anggaran,  # null: the RKT gives no anggaran
            "realisasi_anggaran": row.realisasi,
            "lengkap": row.lengkap,
            "serapan": _number(row.serapan),
            "serapan_status": serapan_status(row),  # why there is no serapan, else null
        }

    sasaran = []
    for s in laporan.sasaran:
        efisiensi = None
        if s.efisiensi is not None:
            efisiensi = {
                "rule": EFISIENSI_RULE,
                "selisih": _number(s.efisiensi.selisih),
                "efisien": s.efisiensi.efisien,
            }
        sasaran.append(
            {
                "nomor": s.nomor,
                "kode": s.kode,
                "nama": s.nama,
                "indikator": [
                    {
                        "nomor": b.nomor,
                        "alamat": b.alamat,
                        "id": b.id,
                        "uraian": b.uraian,
                        "satuan": b.satuan,
                        "target": plain(b.target),
                        "target_tw": {f"tw{q}": plain(v) for q, v in b.target_tw.items()},
                        "realisasi": {f"tw{q}": plain(v) for q, v in b.realisasi.items()},
                        "capaian": _number(b.capaian),
                        "kategori": b.kategori,
                        "status": None if b.capaian is not None else BELUM,
                        "penghambat": b.penghambat,
                        "upaya": b.upaya,
                    }
                    for b in s.baris
                ],
                "capaian_rata_rata": _number(s.capaian_rata_rata),
                **{k: v for k, v in serapan(s.serapan).items() if k != "nama"},
                "efisiensi": efisiensi,
            }
        )
    return {
        "instansi": laporan.instansi,
        "unit": laporan.unit,
        "tahun": laporan.tahun,
        "sampai": f"tw{laporan.sampai}",
        "kategori": laporan.kategori,
        "sasaran": sasaran,
        "program": [serapan(p) for p in laporan.program],
        "total": serapan(laporan.total),
    }


def to_json(laporan: Laporan) -> str:
    """The report as JSON: numbers that are money as integers, percentages as strings ("94.74")."""
    import json  # here: every other command starts without it

    return json.dumps(_laporan_dict(laporan), ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS = (
    "jenis",
    "sasaran_kode",
    "nomor",
    "alamat",
    "nama",
    "target",
    "target_tw1",  # the quarterly targets (rencana aksi), up to --sampai
    "target_tw2",
    "target_tw3",
    "target_tw4",
    "tw1",
    "tw2",
    "tw3",
    "tw4",
    "capaian",
    "kategori",
    "anggaran",
    "realisasi_anggaran",
    "serapan",
)


def to_csv(laporan: Laporan) -> str:
    """One row per indikator (jenis=indikator), then per sasaran, program and the total (serapan).

    Written as `rkt export -f csv` writes (rkt_cli/render/csv_rows.py): a UTF-8 byte order mark
    first, so that Excel on Windows reads UTF-8, `\r\n` line ends (RFC 4180), and a text a
    spreadsheet would run as a formula made inert with a leading apostrophe.
    """
    import csv  # here: every other command starts without it
    import io

    from rkt_cli.realisasi import plain
    from rkt_cli.render.csv_rows import BOM
    from rkt_cli.summary import _inert

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    rows: list[dict[str, Any]] = []
    for s in laporan.sasaran:
        for b in s.baris:
            row: dict[str, Any] = {
                "jenis": "indikator",
                "sasaran_kode": s.kode,
                "nomor": b.nomor,
                "alamat": b.alamat,
                "nama": b.uraian,
                "target": plain(b.target),
                "capaian": _number(b.capaian) or "",
                "kategori": b.kategori or "",
            }
            row.update({f"target_tw{q}": plain(v) for q, v in b.target_tw.items()})
            row.update({f"tw{q}": plain(v) for q, v in b.realisasi.items()})
            rows.append(row)
    rows += [_csv_serapan("sasaran", s.serapan, s.kode or "") for s in laporan.sasaran]
    rows += [_csv_serapan("program", p, "") for p in laporan.program]
    rows.append(_csv_serapan("total", laporan.total, ""))
    writer.writerows({key: _inert(value) for key, value in row.items()} for row in rows)
    return BOM + out.getvalue()


def _csv_serapan(jenis: str, row: SerapanBaris, kode: str) -> dict[str, Any]:
    return {
        "jenis": jenis,
        "sasaran_kode": kode,
        "nama": row.nama,
        "anggaran": row.anggaran,
        "realisasi_anggaran": row.realisasi,
        "serapan": _number(row.serapan) or "",
    }


def _percent(value: Decimal | None, missing: str = "-") -> str:
    from rkt_cli.capaian import persen

    return missing if value is None else persen(value)


def _serapan_text(row: SerapanBaris) -> str:
    from rkt_cli.realisasi import serapan_status

    return serapan_status(row) or _percent(row.serapan)


def _rupiah(amount: int | None) -> str:
    from rkt_cli.formatting import format_rupiah

    return "-" if amount is None else format_rupiah(amount)


def _heading(s: SasaranCapaian) -> str:
    """ "1. 6709 Perencanaan …", or "1. Perencanaan …" for a sasaran without kode."""
    return " ".join(part for part in (f"{s.nomor}.", s.kode, s.nama) if part)


def _target_text(b: BarisCapaian) -> str:
    from rkt_cli.realisasi import shown

    unit = b.satuan or ""
    text = shown(b.target)
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}".strip()


def to_markdown(laporan: Laporan) -> str:
    """A table per sasaran, then the serapan table: for a README, an issue or a wiki."""
    from rkt_cli.formatting import format_rupiah
    from rkt_cli.realisasi import shown

    quarters = range(1, laporan.sampai + 1)
    lines = [f"# Capaian kinerja {laporan.tahun} s.d. TW{laporan.sampai}: {_md(laporan.unit)}", ""]
    for s in laporan.sasaran:
        lines += [f"## {_md(_heading(s))}", ""]
        header = ["No", "Indikator", "Target", *(f"TW{q}" for q in quarters), "Capaian", "Kategori"]
        lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for b in s.baris:
            cells = [str(b.nomor), _md(b.uraian), _md(_target_text(b))]
            cells += [_md(shown(b.realisasi[q])) if q in b.realisasi else "" for q in quarters]
            cells += [_percent(b.capaian, BELUM), _md(b.kategori or "")]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    lines += ["## Serapan anggaran", "", "| Program | Anggaran | Realisasi | Serapan |", "|---|---|---|---|"]
    for p in [*laporan.program, laporan.total]:
        lines.append(f"| {_md(p.nama)} | {_rupiah(p.anggaran)} | {format_rupiah(p.realisasi)} | {_serapan_text(p)} |")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    # A "|" in a cell would end it; a line break would end the row.
    return " ".join(text.split()).replace("|", "\\|")


# The terminal table: fixed columns around a wrapped Indikator column.
_MIN_INDIKATOR = 20


def to_table(laporan: Laporan, width: int) -> str:
    """The report for a terminal `width` columns wide: per sasaran its indikator rows, its
    serapan and efisiensi; then the serapan per program and the total."""
    import textwrap  # here: every other command starts without it

    from rkt_cli.capaian import EFISIENSI_RULE
    from rkt_cli.formatting import format_rupiah
    from rkt_cli.realisasi import shown

    quarters = list(range(1, laporan.sampai + 1))
    fixed = [("No", 3, ">"), ("Target", 8, ">")]
    fixed += [(f"TW{q}", 6, ">") for q in quarters]
    fixed += [("Capaian", 8, ">"), ("Kategori", 13, "<")]
    used = sum(w for _, w, _ in fixed) + 2 * len(fixed)
    indikator_width = max(_MIN_INDIKATOR, width - used)
    out = [
        f"Capaian kinerja {laporan.tahun} s.d. TW{laporan.sampai}: {laporan.unit}",
        f"kategori: {laporan.kategori}; efisiensi: {EFISIENSI_RULE}",
    ]

    def line(cells: list[str]) -> str:
        no, uraian, target, *rest = cells
        parts = [f"{no:>3}", f"{uraian:<{indikator_width}}", f"{target:>8}"]
        for (_, w, align), cell in zip(fixed[2:], rest, strict=True):
            parts.append(f"{cell:{align}{w}}")
        return "  ".join(parts).rstrip()

    header = line(["No", "Indikator", "Target", *(f"TW{q}" for q in quarters), "Capaian", "Kategori"])
    for s in laporan.sasaran:
        out.append("")
        out += textwrap.wrap(escape_controls(_heading(s)), width=max(width, 40))
        out.append(header)
        for b in s.baris:
            # Escaped before measuring, so a control character takes the width it is shown with.
            uraian = escape_controls(" ".join(b.uraian.split()))
            wrapped = textwrap.wrap(uraian, width=indikator_width, break_on_hyphens=False) or [""]
            realisasi = [shown(b.realisasi[q]) if q in b.realisasi else "-" for q in quarters]
            capaian = _percent(b.capaian, "belum")
            out.append(line([str(b.nomor), wrapped[0], _target_text(b), *realisasi, capaian, b.kategori or ""]))
            out += [line(["", more, "", *([""] * len(quarters)), "", ""]) for more in wrapped[1:]]
            for label, note in (("Penghambat", b.penghambat), ("Upaya", b.upaya)):
                if note:
                    text = f"     {label}: {escape_controls(' '.join(note.split()))}"
                    out += textwrap.wrap(text, width=max(width, 40), subsequent_indent="     ", break_on_hyphens=False)
        out += textwrap.wrap(
            _sasaran_footer(s), width=max(width, 40), subsequent_indent="     ", break_on_hyphens=False
        )
    out += ["", "Serapan anggaran"]
    name_width = max(_MIN_INDIKATOR, width - (17 + 17 + 13 + 6))
    out.append(f"{'Program':<{name_width}}  {'Anggaran':>17}  {'Realisasi':>17}  {'Serapan':>13}".rstrip())
    for p in [*laporan.program, laporan.total]:
        names = textwrap.wrap(escape_controls(p.nama), width=name_width) or [""]
        out.append(
            f"{names[0]:<{name_width}}  {_rupiah(p.anggaran):>17}  {format_rupiah(p.realisasi):>17}"
            f"  {_serapan_text(p):>13}".rstrip()
        )
        out += names[1:]
    return "\n".join(out) + "\n"


def _sasaran_footer(s: SasaranCapaian) -> str:
    from rkt_cli.formatting import format_rupiah

    row = s.serapan
    if row.anggaran is None:
        text = f"     Serapan: {_serapan_text(row)}"
    else:
        text = f"     Serapan: {format_rupiah(row.realisasi)} dari {format_rupiah(row.anggaran)} = {_serapan_text(row)}"
    if s.capaian_rata_rata is not None:
        text += f"; capaian rata-rata {_percent(s.capaian_rata_rata)}"
    if s.efisiensi is not None:
        verdict = "efisien" if s.efisiensi.efisien else "tidak efisien"
        text += f"; {verdict} (selisih {_points(s.efisiensi.selisih)} poin)"
    return text


def _points(value: Decimal) -> str:
    return f"{value:+.2f}".replace(".", ",")
