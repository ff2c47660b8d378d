"""Time and peak memory of `rkt` on hostile templates and dates (issue 15), one process each.

Runs the cases of tests/test_hostile_templates.py and tests/test_hostile_render.py as whole
`rkt` commands, plus the issue's own zip bomb (a reference.docx holding a 2 GiB image that
compresses to a few MiB), and prints a table: case, command, exit code, wall time, peak RSS.
Nothing is asserted; the tests assert the outcomes. Run from the repository root:

    python benchmarks/bench_hostile_templates.py [--skip-2gib]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_hostile_templates import (  # noqa: E402  (after the path is set)
    DEFAULT,
    REFERENCE_CASES,
    WORDING_CASES,
    _parts,
)

DATA = ROOT / "data" / "rkt_2024.yaml"


def run(args: list[str]) -> tuple[int, float, float, str]:
    """Exit code, seconds, peak RSS in MiB (of this child alone, from wait4), first error line."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "rkt_cli", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert child.stderr is not None
    err = child.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    first = next((line for line in err.splitlines() if "error" in line or "Traceback" in line), "")
    return child.returncode, seconds, usage.ru_maxrss / 1024, first


def two_gib_image_docx(target: Path) -> None:
    """The default reference.docx plus word/media/image1.png of 2 GiB of zeros, deflated."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in _parts().items():
            archive.writestr(name, content)
        chunk = bytes(16 * 1024 * 1024)
        with archive.open("word/media/image1.png", "w", force_zip64=True) as stream:
            for _ in range(2 * 1024 // 16):
                stream.write(chunk)


def folder(base: Path, name: str, reference: bytes | None = None, wording: str | None = None) -> Path:
    path = base / name.replace(" ", "_").replace("/", "_")
    path.mkdir()
    spec = (DEFAULT / "template.yaml").read_text(encoding="utf-8")
    if wording is not None:
        block = "pengantar: |-\n" + "".join(f"  {line}\n" for line in wording.split("\n"))
        spec = spec.replace('pengantar: "{{ pengantar }}"\n', block)
    (path / "template.yaml").write_text(spec, encoding="utf-8")
    if reference is not None:
        (path / "reference.docx").write_bytes(reference)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-2gib", action="store_true", help="leave out the 2 GiB zip bomb (slow to build)")
    options = parser.parse_args()
    rows: list[tuple[str, str, int, float, float, str]] = []
    with tempfile.TemporaryDirectory() as temporary:
        base = Path(temporary)
        cases: list[tuple[str, Path]] = []
        for name, (make, _) in REFERENCE_CASES.items():
            cases.append((f"reference.docx: {name}", folder(base, "r_" + name, reference=make())))
        if not options.skip_2gib:
            bomb = folder(base, "r_2gib")
            built = time.perf_counter()
            two_gib_image_docx(bomb / "reference.docx")
            size = (bomb / "reference.docx").stat().st_size / 1024 / 1024
            print(f"(built the 2 GiB image bomb, {size:.1f} MiB on disk, in {time.perf_counter() - built:.0f} s)")
            cases.append(("reference.docx: 2 GiB image", bomb))
        for name, (wording, _) in WORDING_CASES.items():
            cases.append((f"wording: {name}", folder(base, "w_" + name, wording=wording)))
        for label, path in cases:
            render = ["render", str(DATA), "-t", str(path), "-o", str(base / "o.docx")]
            for command in (["template", "check", str(path)], render):
                code, seconds, mib, first = run(command)
                rows.append((label, command[0], code, seconds, mib, first))
        text = DATA.read_text(encoding="utf-8")
        for tanggal in ("9999-12-31", "2204-01-25"):
            source = base / f"tanggal_{tanggal}.yaml"
            source.write_text(text.replace("tanggal: 2024-01-25", f"tanggal: {tanggal}"), encoding="utf-8")
            code, seconds, mib, first = run(["render", str(source), "-o", str(base / "t.docx")])
            rows.append((f"tanggal {tanggal}", "render", code, seconds, mib, first))
        for char in ("\u0085", "\u009b"):
            source = base / f"c1_{ord(char):x}.yaml"
            source.write_text(text.replace("unit: ", f"unit: {char}", 1), encoding="utf-8")
            code, seconds, mib, first = run(["validate", str(source)])
            rows.append((f"C1 U+{ord(char):04X} in a value", "validate", code, seconds, mib, first))
    shutil.rmtree(base, ignore_errors=True)
    print(f"{'case':52} {'command':9} {'exit':>4} {'s':>6} {'MiB':>6}  first error line")
    for label, command, code, seconds, mib, first in rows:
        shown = first.replace(str(base), "…")[:90]
        print(f"{label[:52]:52} {command:9} {code:4d} {seconds:6.2f} {mib:6.0f}  {shown}")
    print(f"max: {max(r[3] for r in rows):.2f} s, {max(r[4] for r in rows):.0f} MiB over {len(rows)} runs")


if __name__ == "__main__":
    main()
