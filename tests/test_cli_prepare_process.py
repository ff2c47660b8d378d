"""rkt_cli.cli.prepare_process: what the `rkt` process does before a command (start-up,
issue 14). Run in this process with the garbage collector's state put back afterwards."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator

import pytest

from rkt_cli.cli import hand_over_at_exit, prepare_process


@pytest.fixture
def collector_restored() -> Iterator[None]:
    was_enabled = gc.isenabled()
    yield
    gc.unfreeze()
    if was_enabled:
        gc.enable()


@pytest.mark.usefixtures("collector_restored")
def test_pydantic_plugins_are_off_unless_the_user_says(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)
    prepare_process()
    assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == "__all__"


@pytest.mark.parametrize("users", ["", "logfire", "0"])
@pytest.mark.usefixtures("collector_restored")
def test_a_users_plugin_setting_is_kept(users: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", users)
    prepare_process()
    assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == users


@pytest.mark.usefixtures("collector_restored")
def test_the_command_runs_without_automatic_collection(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "__all__")
    gc.enable()
    prepare_process()
    assert not gc.isenabled()
    assert gc.get_freeze_count() > 0  # the imports' objects, left out of render's explicit collections


@pytest.mark.usefixtures("collector_restored")
def test_what_is_alive_at_exit_is_frozen_so_the_shutdown_collection_skips_it() -> None:
    gc.unfreeze()
    left_over = [[index] for index in range(1000)]  # what a command leaves alive, like its model
    assert gc.get_freeze_count() == 0
    hand_over_at_exit()
    assert gc.get_freeze_count() >= len(left_over)
