"""Fixes from the review of the merged work: one section per finding, each test failing before it."""

from __future__ import annotations

import json
import shlex
import subprocess

import pytest

from rkt_cli.diagnostics import MAX_DIAGNOSTICS_PER_RULE, format_json, totals
from rkt_cli.loader import load_yaml_bytes
from rkt_cli.safe_output import shell_command

# ---- 2. one cap for the loader's diagnostics, and every line checked ------------------------


def test_the_line_scan_checks_every_line_and_caps_each_code_on_its_own() -> None:
    # 120 tab-indented lines, then a control character far below: before, the scan stopped
    # after 20 problems of any kind and never saw the ESC.
    text = "top:\n" + "".join(f"\tk{i}: 1\n" for i in range(120)) + "last: a\x1bb\n"
    loaded = load_yaml_bytes(text.encode(), "t.yaml")
    tabs = [d for d in loaded.diagnostics if d.code == "RKT006"]
    assert len(tabs) == MAX_DIAGNOSTICS_PER_RULE + 1
    assert tabs[-1].count == 120 - MAX_DIAGNOSTICS_PER_RULE
    assert tabs[-1].message.startswith(f"… and {120 - MAX_DIAGNOSTICS_PER_RULE} more like this")
    assert tabs[-1].line == 2 + MAX_DIAGNOSTICS_PER_RULE  # at the first one left out
    (control,) = [d for d in loaded.diagnostics if d.code == "RKT009"]
    assert control.line == 122


def test_builder_diagnostics_are_capped_at_the_shared_limit_with_a_count() -> None:
    text = "".join(f"k{i}: {{a: 1, a: 2}}\n" for i in range(120))
    loaded = load_yaml_bytes(text.encode(), "t.yaml")
    assert [d.code for d in loaded.diagnostics] == ["RKT002"] * (MAX_DIAGNOSTICS_PER_RULE + 1)
    assert loaded.diagnostics[-1].count == 120 - MAX_DIAGNOSTICS_PER_RULE


# ---- 3. counts and JSON totals count what "… and N more" stands for ------------------------


def test_json_totals_are_the_true_number_of_problems() -> None:
    text = "".join(f"k{i}: {{a: 1, a: 2}}\n" for i in range(120)) + "w: no\n"
    diagnostics = load_yaml_bytes(text.encode(), "t.yaml").diagnostics
    assert totals(diagnostics) == (120, 1)
    payload = json.loads(format_json(diagnostics))
    assert (payload["errors"], payload["warnings"]) == (120, 1)
    # A script gets the same totals from the list: "count" is there where it is not 1.
    assert sum(d.get("count", 1) for d in payload["diagnostics"] if d["severity"] == "error") == 120
    assert [d.get("count") for d in payload["diagnostics"] if "count" in d] == [120 - MAX_DIAGNOSTICS_PER_RULE]


# ---- 6. one way to build a command to paste ------------------------------------------------


@pytest.mark.parametrize("name", ["plain.yaml", "my data/rkt 2024.yaml", "it's $HOME;.yaml", "esc\x1b[2J.yaml"])
def test_shell_command_words_come_back_as_bash_reads_them(name: str) -> None:
    line = shell_command("printf", "%s\\0", name, "x")
    assert "\x1b" not in line  # safe to print
    out = subprocess.run(["bash", "-c", line], capture_output=True, check=True).stdout
    assert out.decode().split("\0")[:2] == [name, "x"]


def test_the_loaders_import_suggestion_uses_the_full_quoted_path() -> None:
    file = "docs/my old.doc"
    loaded = load_yaml_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, file)
    message = loaded.diagnostics[0].message
    command = message[message.index("`rkt import") + 1 :].split("`")[0]
    assert shlex.split(command) == ["rkt", "import", "docs/my old.docx", "-o", "docs/my old.yaml"]
