"""Before the table: the letterhead (instansi), the unit, the title with its year, the intro."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rkt_cli.importer.failures import Findings
from rkt_cli.importer.grid import Table, one_line
from rkt_cli.importer.statement import Statement
from rkt_cli.importer.values import parse_tempat_tanggal

# The document kinds of the SAKIP family, as their titles name them.
_TITLE = re.compile(
    r"\b(?:rencana|perjanjian|penetapan|laporan)\s+kinerja\b|\brencana\s+aksi\b|\b(?:lkjip|lakip)\b", re.IGNORECASE
)
# An LKj's chapter and section headings ("BAB III", "AKUNTABILITAS KINERJA", "A. Capaian Kinerja
# Organisasi", "B. Realisasi Anggaran"): the report's outline, neither instansi nor unit.
_OUTLINE = re.compile(
    r"bab\s+[ivx]+|akuntabilitas\s+kinerja|[a-e]\.\s+(?:capaian\s+kinerja|realisasi\s+anggaran)\b.*", re.IGNORECASE
)
# An LKj's lead sentence: "Capaian kinerja <unit> Tahun 2024 diukur dengan membandingkan …".
_LKJ_LEAD = re.compile(r"capaian\s+kinerja\s+(?P<unit>\S.*?)\s+tahun\s+(?P<year>20\d\d|2100)\s+diukur\b", re.IGNORECASE)
_DEFAULT_TITLES = {"RENCANA KINERJA TAHUNAN", "RENCANA KINERJA TAHUNAN (RKT)"}
# "Unit Organisasi : Sekretariat …": a key, a colon, the value.
_KEY_VALUE = re.compile(r"^(?P<key>[A-Za-z][A-Za-z /.\-]{0,40}?)\s*:\s*(?P<value>.*)$")
# Each key as the office writes it (lower case, one space between words), by what it names.
_KEYS = {
    "instansi": "nama kelembagaan|kelembagaan|instansi|nama instansi|kementerian lembaga|lembaga",
    "unit": "unit organisasi|unit kerja|satuan kerja|satker|nama unit|unit|nama satker",
    "tahun": "tahun anggaran|tahun|periode",
    "nama": "nama",
    "jabatan": "jabatan",
    # A letterhead's address lines, and the PK statement's other lines: read, not kept.
    "skip": "alamat|telp|telepon|tlp|fax|faks|faksimile|email|e mail|website|laman|kode pos|nip|pangkat|golongan"
    "|pangkat golongan",
}
_KEY_OF = {key: field for field, keys in _KEYS.items() for key in keys.split("|")}
# Address lines without a key: "Jl. Jend. Sudirman No. 1", "Telp. (0713) …", "www.kpu.go.id".
_ADDRESS = re.compile(
    r"^(?:jl\.|jln\.?|jalan\s|telp|telepon|fax|faks|e-?mail|website|laman|www\.|kode pos)", re.IGNORECASE
)
# The kind of a document as its own title, which the template prints: no judul of its own.
_KIND_TITLE = re.compile(
    r"rencana\s+aksi(?:\s+dan\s+realisasi\s+kinerja)?|(?:lampiran\s+)?(?:perjanjian|penetapan)\s+kinerja(?:\s+tahunan)?(?:\s+\(pkt?\))?|laporan\s+kinerja(?:\s+instansi\s+pemerintah)?"
    r"(?:\s+\((?:lkjip|lkj)\))?|rencana\s+kinerja\s+tahunan(?:\s+\(rkt\))?",
    re.IGNORECASE,
)
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


def _same_words_folded(text: str, corpus: list[str]) -> str | None:
    """The words of `text` where the corpus has them in another case, compared case-folded: a
    capital can stand for more than one letter ("ß" is printed "SS"), which IGNORECASE misses.
    Both sides are put in capitals before folding, since "ı" folds to itself but prints "I"."""
    target = [_folded(word) for word in text.split()]
    for passage in corpus:
        words = passage.split()
        for start in range(len(words) - len(target) + 1):
            if _folded(words[start]) != target[0]:  # the first word: most windows stop here
                continue
            window = words[start : start + len(target)]
            if [_folded(word) for word in window] == target and " ".join(window) != " ".join(window).upper():
                return " ".join(window)
    return None


def _folded(word: str) -> str:
    return word.upper().casefold()


def restore_case(text: str, corpus: list[str], b: Findings, name: str) -> str:
    """A letterhead is often in capitals; take the same words in ordinary case where the document has them."""
    if text != text.upper() or not re.search(r"[A-Z]", text):
        return text
    # Not \b at the ends: a name may end in punctuation ("Sekretariat X :"), where \b fails.
    pattern = re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in text.split()) + r"(?!\w)", re.IGNORECASE)
    for passage in corpus:
        for match in pattern.finditer(passage):
            found = one_line(match.group())
            if found != found.upper():
                return found
    found_folded = _same_words_folded(text, corpus)
    if found_folded is not None:
        return found_folded
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
    statement: Statement = field(default_factory=Statement)


def key_value_rows(table: Table) -> list[str]:
    """The rows of a table before the RKT table that read as key-value lines ("Unit Organisasi |
    : | Sekretariat …"), each as one line; any other row is not front matter."""
    lines = []
    for row in table.rows:
        line = " ".join(cell.text for cell in row.cells if cell.explicit)
        match = _KEY_VALUE.match(line) if len(line) < 500 else None
        if match and _key_of(match.group("key")) is not None:
            lines.append(line)
    return lines


def _key_of(key: str) -> str | None:
    return _KEY_OF.get(" ".join(re.sub(r"[^a-z]+", " ", key.lower()).split()))


def _key_value(front: Front, line: str) -> bool:
    """Take "Unit Organisasi : …" and its kind into `front`; False for a line that is not one."""
    match = _KEY_VALUE.match(line)
    field_name = _key_of(match.group("key")) if match else None
    if match is None or field_name is None:
        return False
    value = match.group("value").strip()
    if field_name == "tahun":
        year = re.search(r"\b(20\d\d|2100)\b", value)
        if year and front.tahun is None:
            front.tahun = int(year.group(1))
    elif field_name in ("instansi", "unit") and value and getattr(front, field_name) is None:
        setattr(front, field_name, value)
    elif field_name in ("nama", "jabatan") and value:
        front.statement.take_pair(field_name, value)
    return True


def read_front(paragraphs: list[str]) -> Front:
    """Before the table: letterhead (instansi), unit, the title with its TAHUN, the intro paragraph,
    key-value lines ("Unit Organisasi : …"), and a PK statement's Nama / Jabatan pairs."""
    front = Front()
    short: list[str] = []
    titles: list[str] = []
    signed = False  # a place-and-date line was read: a signature, no more letterhead lines
    for text in paragraphs:
        lines = [one_line(line) for line in text.split("\n")]
        if any(_KEY_VALUE.match(line) for line in lines):
            rest = [line for line in lines if line and not _key_value(front, line)]
            text = "\n".join(rest)  # the lines of the paragraph that are not key-value ones
        if not text:
            continue
        line = one_line(text)
        if _ADDRESS.match(line) or _OUTLINE.fullmatch(line):
            continue
        lead = _LKJ_LEAD.match(line)
        if lead is not None:  # the template's sentence, not an intro: it names the unit and the year
            front.unit = front.unit or lead.group("unit")
            front.tahun = front.tahun or int(lead.group("year"))
            continue
        if _TITLE.search(line) and word_count(line) <= 12:
            titles.append(line)
            found = TAHUN.search(line)
            if found and front.tahun is None:
                front.tahun = int(found.group(1))
            continue
        signed = signed or parse_tempat_tanggal(line) is not None
        if front.statement.take(line):
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
        if not (signed or front.statement.opened) and line.lower() not in {s.lower() for s in short}:
            short.append(line)
    _name_the_office(front, short)
    if front.unit is None and front.pengantar:
        front.unit = _unit_in_intro(front.pengantar)
    for title in titles:
        bare = one_line(TAHUN.sub("", title)).strip(" -–,")
        if bare and bare.upper() not in _DEFAULT_TITLES and not _KIND_TITLE.fullmatch(bare):
            front.judul = bare
            break
    return front


def _name_the_office(front: Front, short: list[str]) -> None:
    """A unit names itself (Sekretariat …, Bagian …); the instansi is the other short line. Without
    such a word, the letterhead comes first and the unit second, as in the office's documents.
    A key-value line ("Unit Organisasi : …") said it already."""
    short = [line for line in short if line.lower() not in {(front.instansi or "").lower(), (front.unit or "").lower()}]
    units = [line for line in short if _UNIT_WORDS.match(line)]
    others = [line for line in short if not _UNIT_WORDS.match(line)]
    if front.instansi is None and front.unit is None and not units and short:
        front.instansi = short[0]
        front.unit = short[1] if len(short) > 1 else None
        return
    if front.instansi is None and others:
        front.instansi = others[0]
    if front.unit is None and units:
        front.unit = units[0]


def _unit_in_intro(intro: str) -> str | None:
    """ "Rencana Kinerja Tahunan (RKT) Sekretariat KPU Kota X Tahun 2024 adalah …" -> "Sekretariat KPU Kota X"."""
    start = intro.lower().find("(rkt)")
    if start < 0:
        return None
    words = intro[start + len("(rkt)") :].split(maxsplit=UNIT_MAX_WORDS + 2)[: UNIT_MAX_WORDS + 2]
    match = _UNIT_AFTER_RKT.match(" ".join(words))
    return match.group("unit") if match else None
