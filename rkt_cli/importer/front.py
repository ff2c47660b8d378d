"""Before the table: the letterhead (instansi), the unit, the title with its year, the intro."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rkt_cli.importer.failures import Findings
from rkt_cli.importer.grid import one_line

_TITLE = re.compile(r"rencana\s+kinerja", re.IGNORECASE)
TAHUN = re.compile(r"\btahun\s+(?:anggaran\s+)?(20\d\d|2100)\b", re.IGNORECASE)
# The unit named after the first "(RKT)" of the intro, up to "adalah", "sebagai berikut" or
# "Tahun"; looked for within UNIT_MAX_WORDS words of it, so that an intro of 20,000 "(RKT)" costs
# one bounded search instead of one search per occurrence (39 s before).
_UNIT_AFTER_RKT = re.compile(r"(?P<unit>.+?)\s+(?:adalah|sebagai berikut|tahun\b)", re.IGNORECASE)
_UNIT_WORDS = re.compile(
    r"^(sekretariat|satuan kerja|satker|bagian|biro|subbagian|sub bagian|bidang|direktorat|pusat|inspektorat|"
    r"kantor|balai|upt|seksi|deputi)\b",
    re.IGNORECASE,
)
UNIT_MAX_WORDS = 30
_SMALL_WORDS = {"dan", "di", "ke", "dari", "yang", "untuk", "atau", "serta", "pada", "dalam", "oleh"}


def word_count(text: str) -> int:
    return len(text.split())


def restore_case(text: str, corpus: list[str], b: Findings, name: str) -> str:
    """A letterhead is often in capitals; take the same words in ordinary case where the document has them."""
    if text != text.upper() or not re.search(r"[A-Z]", text):
        return text
    pattern = re.compile(r"\b" + r"\s+".join(re.escape(w) for w in text.split()) + r"\b", re.IGNORECASE)
    for passage in corpus:
        for match in pattern.finditer(passage):
            found = one_line(match.group())
            if found != found.upper():
                return found
    words: list[str] = []
    for word in text.split():
        lower = word.lower()
        if lower in _SMALL_WORDS and words:
            words.append(lower)
        elif word.isalpha() and (len(word) <= 3 or not re.search(r"[AIUEO]", word)):
            words.append(word)  # likely an acronym: KPU, RI, DPRD, BPKP
        else:
            words.append(word[:1] + word[1:].lower())
    guess = " ".join(words)
    b.warn("RKT312", 0, name, f"written in capitals in the document; wrote {guess!r}, check the capitals")
    return guess


@dataclass
class Front:
    instansi: str | None = None
    unit: str | None = None
    tahun: int | None = None
    judul: str | None = None
    pengantar: str | None = None


def read_front(paragraphs: list[str]) -> Front:
    """Before the table: letterhead (instansi), unit, the title with its TAHUN, the intro paragraph."""
    front = Front()
    short: list[str] = []
    titles: list[str] = []
    for text in paragraphs:
        if not text:
            continue
        line = one_line(text)
        if _TITLE.search(line) and word_count(line) <= 12:
            titles.append(line)
            found = TAHUN.search(line)
            if found and front.tahun is None:
                front.tahun = int(found.group(1))
            continue
        # A long line is the intro, unless it names a unit (Sekretariat …) and is still short of
        # a paragraph: unit names such as "Sekretariat Komisi Pemilihan Umum Kabupaten …" run long.
        names_unit = _UNIT_WORDS.match(line) is not None and word_count(line) < UNIT_MAX_WORDS
        if word_count(line) >= 12 and not names_unit:
            front.pengantar = line if "\n" not in text.strip() else text.strip()
            continue
        if re.fullmatch(r"(?:tahun\s+(?:anggaran\s+)?)?(?:20\d\d|2100)", line, re.IGNORECASE):
            front.tahun = front.tahun or int(line[-4:])
            continue
        if line.lower() not in {s.lower() for s in short}:
            short.append(line)
    # A unit names itself (Sekretariat …, Bagian …); the instansi is the other short line. Without
    # such a word, the letterhead comes first and the unit second, as in the office's documents.
    units = [line for line in short if _UNIT_WORDS.match(line)]
    others = [line for line in short if not _UNIT_WORDS.match(line)]
    if units and others:
        front.instansi, front.unit = others[0], units[0]
    elif short:
        front.instansi = short[0]
        front.unit = short[1] if len(short) > 1 else None
    if front.unit is None and front.pengantar:
        front.unit = _unit_in_intro(front.pengantar)
    for title in titles:
        bare = one_line(TAHUN.sub("", title)).strip(" -–,")
        if bare and bare.upper() != "RENCANA KINERJA TAHUNAN" and bare.upper() != "RENCANA KINERJA TAHUNAN (RKT)":
            front.judul = bare
            break
    return front


def _unit_in_intro(intro: str) -> str | None:
    """ "Rencana Kinerja Tahunan (RKT) Sekretariat KPU Kota X Tahun 2024 adalah …" -> "Sekretariat KPU Kota X"."""
    start = intro.lower().find("(rkt)")
    if start < 0:
        return None
    words = intro[start + len("(rkt)") :].split(maxsplit=UNIT_MAX_WORDS + 2)[: UNIT_MAX_WORDS + 2]
    match = _UNIT_AFTER_RKT.match(" ".join(words))
    return match.group("unit") if match else None
