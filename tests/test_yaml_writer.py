"""rkt_cli.yaml_writer: the house style of data/rkt_2024.yaml, and dump → load gives the same model."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings

from rkt_cli.checking import check_file, check_text
from rkt_cli.model import RKT
from rkt_cli.yaml_writer import dump_rkt
from tests.strategies import rkt_documents

DATA = Path(__file__).parent.parent / "data" / "rkt_2024.yaml"


def test_dump_of_rkt_2024_is_the_data_file_body() -> None:
    model = check_file(DATA).model
    assert model is not None
    body = [line for line in DATA.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert dump_rkt(model, schema_ref=None).splitlines() == body


def test_schema_line_and_comment() -> None:
    model = check_file(DATA).model
    assert model is not None
    text = dump_rkt(model, header_comment="one\ntwo", schema_ref="rkt.schema.json")
    assert text.splitlines()[:3] == ["# yaml-language-server: $schema=rkt.schema.json", "# one", "# two"]
    assert not dump_rkt(model, schema_ref=None).startswith("#")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(original=rkt_documents(with_satuan=True))
def test_dump_then_load_gives_the_same_model(original: RKT) -> None:
    checked = check_text(dump_rkt(original))
    assert checked.model == original
