"""Hypothesis strategies for random valid RKT documents, shared by the property tests.

Drawing must stay cheap: Hypothesis draws each example choice by choice, and `st.from_regex`
costs a few dozen choices per character, so the old strategies spent ten seconds drawing what
the tests then checked in a tenth of that. The shapes below are built from plain integers,
`sampled_from` and `text` over small alphabets instead; what they can produce is unchanged
(letters, digits, punctuation and symbols from all of Unicode, awkward YAML and XML texts,
very long cells, kode with and without their sub-code, satuan or none).
"""

from __future__ import annotations

import datetime as dt
import re
import string

from hypothesis import strategies as st

from rkt_cli.model import RKT, Indikator, KolomTambahan, Penandatangan, Program, Sasaran

# Letters, digits, punctuation and symbols from all of Unicode (quotes, ampersands, <, >, emoji,
# CJK, combining marks), words separated by single spaces: a rendered cell keeps no other spacing.
_CHARS = st.characters(
    codec="utf-8",
    categories=("L", "M", "N", "P", "S"),
    exclude_characters="\u2028\u2029\ufeff",
)
_AWKWARD = st.sampled_from(["&", "'", '"', "<b>", "&amp;", "“kutip”", "Jl. Merdeka No. 1", "100%", "#", ":", "- x"])
_WORD = st.one_of(st.text(_CHARS, min_size=1, max_size=12), _AWKWARD)

# [A-Za-z][a-z]{1,10}: a word no cell can read as a number, a date or a header.
LETTER_WORD = st.builds(
    str.__add__,
    st.sampled_from(string.ascii_letters),
    st.text(string.ascii_lowercase, min_size=1, max_size=10),
)

# [0-9]{4}(\.[A-Z]{3}\.[0-9]{3})?: a kode of four digits (a leading zero included), now and then
# with its sub-code.
_KODE = st.builds(
    lambda number, sub: f"{number:04d}" + ("" if sub is None else f".{sub[0]}.{sub[1]:03d}"),
    st.integers(0, 9999),
    st.one_of(st.none(), st.tuples(st.text(string.ascii_uppercase, min_size=3, max_size=3), st.integers(0, 999))),
)

# [A-Z][A-Z .']{1,30}[A-Z] without double spaces: a jabatan or a name in capitals. Runs of spaces
# are collapsed rather than filtered out, so no draw is ever thrown away.
_UPPER = st.sampled_from(string.ascii_uppercase)
_NAME = st.builds(
    lambda first, middle, last: first + re.sub(" {2,}", " ", middle) + last,
    _UPPER,
    st.text(string.ascii_uppercase + " .'", min_size=1, max_size=30),
    _UPPER,
)

# A jabatan never starts with what reads as the Plt./Plh. prefix ("PLT KEPALA"): the importer
# turns that into the flag, so such a draw gets a letter in front instead of being thrown away.
_JABATAN = _NAME.map(lambda name: "K" + name if re.match(r"(?i)pl[th](?:\.|\s)", name) else name)

# [12][0-9]{17}: an 18-digit NIP.
_NIP = st.integers(10**17, 3 * 10**17 - 1).map(str)

_TARGET = st.one_of(
    st.integers(0, 100),
    st.integers(0, 400).map(lambda n: n / 4),
    LETTER_WORD.map(lambda w: w.upper()),
)


@st.composite
def cell_text(draw: st.DrawFn, max_words: int = 12, long: bool = True) -> str:
    """Starts with a letter word (so that no cell reads as a number, a date or a header)."""
    first = draw(LETTER_WORD)
    words = draw(st.lists(_WORD, max_size=max_words))
    if long and draw(st.integers(0, 9)) == 0:  # now and then a very long cell
        # 150 to 300 words, made by repeating a few drawn ones: the length is what matters (a cell
        # over several lines or pages), and drawing 300 words one by one would dominate the test.
        chunk = draw(st.lists(LETTER_WORD, min_size=3, max_size=6))
        words += (chunk * 100)[: draw(st.integers(150, 300))]
    return " ".join([first, *words])


@st.composite
def indikator(draw: st.DrawFn, pelaksana: list[str], with_satuan: bool) -> Indikator:
    target = draw(_TARGET)
    satuan = None
    if with_satuan and not isinstance(target, str) and draw(st.booleans()):
        satuan = draw(LETTER_WORD)
        target = draw(st.integers(0, 5000))
    return Indikator(
        uraian=draw(cell_text()),
        target=target,
        satuan=satuan,
        kegiatan=draw(st.one_of(st.just(""), cell_text())),
        pelaksana=draw(st.sampled_from(pelaksana)),
    )


@st.composite
def rkt_documents(draw: st.DrawFn, with_satuan: bool = False) -> RKT:
    """A valid RKT of 1–3 programs, 1–4 sasaran each, 1–4 indikator per sasaran, one signer
    (now and then plt or plh)."""
    pelaksana = draw(st.lists(cell_text(max_words=4), min_size=1, max_size=3, unique=True))
    kode = iter(draw(st.lists(_KODE, min_size=12, max_size=12, unique=True)))
    program_names = draw(st.lists(cell_text(max_words=6), min_size=1, max_size=3, unique=True))
    programs = []
    for name in program_names:
        sasaran = [
            Sasaran(
                nama=draw(cell_text()),
                kode=next(kode),
                anggaran=draw(st.integers(0, 10**13)),
                indikator=draw(st.lists(indikator(pelaksana, with_satuan), min_size=1, max_size=4)),
            )
            for _ in range(draw(st.integers(1, 4)))
        ]
        programs.append(Program(nama=name, sasaran=sasaran))
    dated = draw(st.booleans())
    tahun = draw(st.integers(2000, 2100))
    # The model refuses a signing date more than a year away from tahun.
    signed = st.dates(dt.date(tahun - 1, 1, 1), dt.date(tahun + 1, 12, 31))
    acting = draw(st.sampled_from(["", "plt", "plh"]))
    signer = Penandatangan(
        jabatan=draw(_JABATAN),
        plt=acting == "plt",
        plh=acting == "plh",
        nama=draw(_NAME),
        nip=draw(st.one_of(st.none(), _NIP)),
        tempat=draw(LETTER_WORD) if dated else None,
        tanggal=draw(signed) if dated else None,
    )
    instansi = draw(st.sampled_from(["Komisi Pemilihan Umum", "Badan Pusat Statistik", "Kementerian Agama"]))
    place = draw(LETTER_WORD)
    pengantar = draw(st.one_of(st.none(), st.lists(LETTER_WORD, min_size=13, max_size=60).map(" ".join)))
    return RKT(
        instansi=f"{instansi} Kota {place}",
        # A unit name is a short line; a very long one would read as the intro paragraph.
        unit="Sekretariat " + draw(cell_text(max_words=5, long=False)),
        tahun=tahun,
        pengantar=pengantar,
        program=programs,
        penandatangan=[signer],
    )


@st.composite
def sakip_documents(draw: st.DrawFn) -> RKT:
    """A valid document of the SAKIP family (issue 9): an RKT, a PK or a simple form. Programs or
    top-level sasaran; kode, anggaran, kegiatan, pelaksana, signers each on every item or on none
    (as the rules RKT207/RKT209/RKT217 want); ids, keterangan and typed extra columns now and then."""
    has = {
        key: draw(st.booleans())
        for key in ("program", "kode", "anggaran", "kegiatan", "pelaksana", "ids", "extra", "signers")
    }
    pelaksana = draw(st.lists(cell_text(max_words=4), min_size=1, max_size=3, unique=True))
    kode = iter(draw(st.lists(_KODE, min_size=12, max_size=12, unique=True)))
    columns = {
        "kondisi_awal": KolomTambahan(judul="Kondisi Awal"),
        "bobot": KolomTambahan(judul="Bobot", jenis="angka"),
    }
    numbers = iter(range(1, 1000))

    def one_indikator() -> Indikator:
        extra: dict[str, str | int | float] = {}
        if has["extra"] and draw(st.booleans()):
            extra = {"kondisi_awal": draw(cell_text(max_words=3, long=False)), "bobot": draw(st.integers(0, 100))}
        return Indikator(
            uraian=draw(cell_text()),
            target=draw(_TARGET),
            kegiatan=draw(cell_text()) if has["kegiatan"] else None,
            pelaksana=draw(st.sampled_from(pelaksana)) if has["pelaksana"] else None,
            keterangan=draw(st.one_of(st.none(), cell_text(max_words=4, long=False))),
            id=f"iku-{next(numbers)}" if has["ids"] else None,
            tambahan=extra,
        )

    def one_sasaran() -> Sasaran:
        return Sasaran(
            nama=draw(cell_text()),
            kode=next(kode) if has["kode"] else None,
            anggaran=draw(st.integers(0, 10**13)) if has["anggaran"] else None,
            indikator=[one_indikator() for _ in range(draw(st.integers(1, 3)))],
        )

    programs = None
    top_level = None
    if has["program"]:
        names = draw(st.lists(cell_text(max_words=6), min_size=1, max_size=3, unique=True))
        programs = [
            Program(nama=name, sasaran=[one_sasaran() for _ in range(draw(st.integers(1, 3)))]) for name in names
        ]
    else:
        top_level = [one_sasaran() for _ in range(draw(st.integers(1, 4)))]
    signers = []
    if has["signers"]:
        signers = [
            Penandatangan(jabatan=draw(_JABATAN), nama=draw(_NAME), pihak=pihak)
            for pihak in draw(st.sampled_from([[None], ["PIHAK PERTAMA", "PIHAK KEDUA"]]))
        ]
    return RKT(
        instansi="Komisi Pemilihan Umum Kota " + draw(LETTER_WORD),
        unit="Sekretariat " + draw(cell_text(max_words=5, long=False)),
        tahun=draw(st.integers(2000, 2100)),
        kolom_tambahan=columns if has["extra"] else {},
        program=programs,
        sasaran=top_level,
        penandatangan=signers,
    )
