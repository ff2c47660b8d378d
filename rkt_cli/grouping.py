"""What one row of `rkt summary` stands for.

Apart from summary.py (which imports Babel) so that the CLI can offer these choices as its
--by option without `rkt validate` paying for Babel at start-up.
"""

from __future__ import annotations

from enum import Enum


class By(str, Enum):
    """What one row of the summary stands for."""

    SASARAN = "sasaran"
    PROGRAM = "program"
    PELAKSANA = "pelaksana"
    FILE = "file"
