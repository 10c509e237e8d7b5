#!/usr/bin/env python3
"""Build data/backtest-13fyp/ from the public data in ../shared/realdata.

The data set backs rules/13fyp-backtest.yaml: the 13th Five-Year Plan carbon-intensity
assessment replayed on real numbers for 2015-2019, and rules/plans/13fyp.yaml: the plan's
target review replayed (targets/proposals/13fyp/).  Every value written is either a cell
copied verbatim from a source CSV, for CO2 the difference of two cells of one CSV row, for a
growth rate an NBS index less 100, over 100, in exact decimal arithmetic, or, for the 2020
growth the indices do not reach, the growth implied by the 2020 bulletin's energy figures;
each field's comment names the file, column and operands.  Nothing is filled in,
interpolated or smoothed: an empty source cell becomes `~` (no data).

Python 3 standard library only.  The output is byte-for-byte deterministic: run it twice
and `git diff` shows nothing.

usage: tools/make_backtest.py [--realdata DIR] [--out DIR]
"""
import argparse
import csv
import decimal
import os
import sys
import textwrap

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIRST_YEAR, LAST_YEAR = 2015, 2019  # 2015 = base year of the 13th FYP
TIBET = "540000"

# Source files, by the names they have in ../shared/realdata (see its README.md).
F_CODES = "province_codes.csv"
F_CEADS = "ceads_province_co2_by_fuel_1997_2019.csv"
F_GDP = "nbs_province_gdp_nominal_2000_2019.csv"
F_INDEX = "nbs_province_gdp_index_prev_year_2000_2019.csv"
F_ENERGY = "nbs_province_energy_consumption_by_fuel_physical_2000_2019.csv"
F_FOREST = "nbs_province_forest_resources_2004_2019.csv"
F_BULLETIN = "nbs_bulletin_province_energy_intensity_change_2020.csv"
F_NAT_CO2 = "ceads_national_co2_by_fuel_1997_2019.csv"
F_NAT_INDEX = "nbs_national_gdp_index_prev_year_2000_2019.csv"

PLAN_YEARS = range(2016, 2021)  # the 13th FYP: 2016-2020 against the base year 2015
# National 2020 energy figures, which the CSVs do not hold: the realdata README, section 3,
# quoting the 2020 bulletin (NBS/NDRC/NEA, 2021-08-23): "nationally, 2020 energy intensity
# fell 0.1% and energy consumption grew 2.2%".
NATIONAL_2020 = ("2.2", "-0.1")  # total energy consumption growth %, energy intensity change %
# The published national outcome of the 13th FYP: CO2 per unit of GDP -18.8 % in 2020 against
# 2015 (MEE via Enerdata; realdata README, cross-check figure 5; project brief section 5).
OUTCOME = "0.188"

CEADS_VIA = "CEADs (www.ceads.net) via Open-Earth-Foundation/OpenClimate"
NBS_VIA = "NBS data.stats.gov.cn via 3112944976/National-Visualization-Web-Application"

# Five-year CO2-intensity reduction targets, 2020 vs 2015: annex of 国发〔2016〕61号
# (《“十三五”控制温室气体排放工作方案》), as listed in the project brief, section 5.
PLAN_TARGETS = [
    ("0.205", ["110000", "120000", "130000", "310000", "320000", "330000", "370000", "440000"]),
    ("0.195", ["350000", "360000", "410000", "420000", "500000", "510000"]),
    ("0.18", ["140000", "210000", "220000", "340000", "430000", "520000", "530000", "610000"]),
    ("0.17", ["150000", "230000", "450000", "620000", "640000"]),
    ("0.12", ["460000", "540000", "630000", "650000"]),
]
PLAN_SOURCE = ("annex of 国发〔2016〕61号 (State Council, 《“十三五”控制温室气体排放工作方案》), "
               "provincial CO2-intensity reduction targets for 2020 vs 2015, as listed in the "
               "project brief (../shared/spec/domain.md, section 5); Shandong, Sichuan and "
               "Inner Mongolia are confirmed by provincial documents, the others follow the "
               "annex's tiers")


def fail(msg):
    sys.exit("make_backtest: error: " + msg)


def read_csv(realdata, name):
    path = os.path.join(realdata, name)
    try:
        with open(path, encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))
    except OSError as e:
        fail("cannot read '%s': %s" % (path, e.strerror))


def number(text, where):
    """The cell as written in the source (a checked number), or None when empty."""
    text = text.strip()
    if text == "":
        return None
    try:
        value = float(text)
    except ValueError:
        fail("%s: '%s' is not a number" % (where, text))
    if value != value or value in (float("inf"), float("-inf")):
        fail("%s: '%s' is not finite" % (where, text))
    return text


def by_code_year(rows, name):
    """{(code, year): row} for FIRST_YEAR..LAST_YEAR; duplicate keys are an error."""
    out = {}
    for r in rows:
        year = int(r["year"])
        if FIRST_YEAR <= year <= LAST_YEAR:
            key = (r["province_code"], year)
            if key in out:
                fail("%s: two rows for province %s, year %d" % (name, key[0], year))
            out[key] = r
    return out


def load(realdata):
    provinces = [(r["province_code"], r["province_en"], r["province_cn"], r["in_ceads"])
                 for r in read_csv(realdata, F_CODES)]
    if len(provinces) != 31:
        fail("%s: expected 31 provinces, found %d" % (F_CODES, len(provinces)))
    tables = {name: by_code_year(read_csv(realdata, name), name)
              for name in (F_CEADS, F_GDP, F_INDEX, F_ENERGY, F_FOREST)}
    return provinces, tables


# ------------------------------------------------------------------ one submission

def folded(key, text, indent=2):
    """`key: >-` and text wrapped below it (a YAML folded scalar)."""
    pad = " " * (indent + 2)
    return [" " * indent + key + ": >-"] + textwrap.wrap(
        text, 92, initial_indent=pad, subsequent_indent=pad, break_on_hyphens=False,
        break_long_words=False)


def field(key, value, comment):
    """One `key: value  # comment` line; None is written as `~` (no data)."""
    return "  %s: %s  # %s" % (key, "~" if value is None else value, comment)


def co2_field(tables, code, year):
    row = tables[F_CEADS].get((code, year))
    if row is None:
        return field("co2", None, "no data: %s has no inventory for this province "
                     "(CEADs covers 30 provinces, not Tibet)" % F_CEADS)
    where = "%s %s %d" % (F_CEADS, code, year)
    total = number(row["scope1_total_mtco2"], where + " scope1_total_mtco2")
    cement = number(row["process_cement_mtco2"], where + " process_cement_mtco2")
    if total is None or cement is None:
        return field("co2", None, "no data: %s has an empty cell" % F_CEADS)
    # repr: the shortest text that reads back as exactly this double
    value = repr(float(total) - float(cement))
    return field("co2", value, "CEADs scope1_total_mtco2 %s - process_cement_mtco2 %s"
                 % (total, cement))


def nbs_field(tables, name, column, key, code, year, why_empty):
    row = tables[name].get((code, year))
    value = None if row is None else number(row[column], "%s %s %d %s" % (name, code, year, column))
    if value is None:
        why = " (%s)" % why_empty if why_empty else ""
        return field(key, None, "no data: %s %s is empty%s" % (name, column, why))
    return field(key, value, "NBS %s %s" % (name, column))


def energy_why(code, year):
    if code == TIBET:
        return "the source has no fuel data for Tibet"
    if year >= 2018:
        return "the source has fuel data only to 2017"
    return None


def submission(tables, province, year):
    code, en, cn, in_ceads = province
    lines = [
        "# %s %s, %d: real data for the 13th FYP carbon-intensity backtest." % (cn, en, year),
        "# Written by tools/make_backtest.py from ../shared/realdata; do not edit by hand.",
        "# Each value is copied from the column named in its comment (CO2: the difference of",
        "# the two CEADs columns named); `~` means the source has no value.",
    ]
    if in_ceads != "yes":
        lines.append("# CEADs publishes no emission inventory for %s: CO2 is no data, not zero." % en)
    lines += [
        "submission:",
        '  province: "%s"' % code,
        "  year: %d" % year,
        "  stage: reported",
        "  illustrative: false",
    ] + folded("source", (
        "published statistics, not the province's own report.  co2: %s (%s).  gdp, gdp_index, "
        "coal, crude_oil, forest_stock: %s, %s, %s, %s (%s).  File names are those in "
        "../shared/realdata; its README.md describes each source.") % (
            F_CEADS, CEADS_VIA, F_GDP, F_INDEX, F_ENERGY, F_FOREST, NBS_VIA)) + [
        "emissions:",
        co2_field(tables, code, year),
        "economy:",
        nbs_field(tables, F_GDP, "grp_100m_yuan", "gdp", code, year, None),
        nbs_field(tables, F_INDEX, "grp_index_prev_year_eq_100", "gdp_index", code, year, None),
        "energy:",
        nbs_field(tables, F_ENERGY, "coal_10kt", "coal", code, year, energy_why(code, year)),
        nbs_field(tables, F_ENERGY, "crude_oil_10kt", "crude_oil", code, year,
                  energy_why(code, year)),
        "forest:",
        nbs_field(tables, F_FOREST, "forest_stock_volume_100m_m3", "forest_stock", code, year,
                  None),
    ]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ the other files

DATASET = """\
# The 13th FYP carbon-intensity backtest data set.  Written by tools/make_backtest.py;
# README.md says how every number was derived and what is missing.
dataset:
  name_zh: “十三五”碳强度考核回测数据（真实数据，2015—2019年）
  name_en: 13th FYP carbon-intensity assessment backtest (real data, 2015-2019)
  illustrative: false
  source: >-
    Public statistics, unchanged: energy-related CO2 = CEADs provincial scope-1 total minus
    cement process emissions (%s, from CEADs via Open-Earth-Foundation/OpenClimate);
    nominal GDP, real GDP index (previous year = 100), coal and crude oil consumption
    (physical, to 2017) and forest stock from the NBS provincial annual database (%s,
    %s, %s, %s, via 3112944976/National-Visualization-Web-Application).  Five-year
    targets from the annex of 国发〔2016〕61号.  File names are those in ../shared/realdata.
    No value is invented, filled in or smoothed; Tibet has no CO2 data.
""" % (F_CEADS, F_GDP, F_INDEX, F_ENERGY, F_FOREST)


def targets_file(provinces):
    names = {code: (en, cn) for code, en, cn, _ in provinces}
    value = {}
    for target, codes in PLAN_TARGETS:
        for code in codes:
            if code in value:
                fail("province %s has two plan targets" % code)
            value[code] = target
    if sorted(value) != sorted(names):
        fail("the plan targets do not cover exactly the 31 provinces")
    lines = [
        "# Five-year CO2-intensity reduction targets of the 13th FYP (2020 vs 2015), one per",
        "# province.  Written by tools/make_backtest.py; do not edit by hand.",
        "targets:",
        "  years: [2016, 2020]",
        "  approved_by: 国务院 (State Council)",
        "  illustrative: false",
    ] + folded("source", PLAN_SOURCE) + ["provinces:"]
    for code in sorted(names):
        en, cn = names[code]
        lines.append('  "%s": {co2_intensity_plan: %s}  # %s %s' % (code, value[code], cn, en))
    return "\n".join(lines) + "\n"



# ------------------------------------------------------------------ the target review

def growth_of_index(text):
    """An index (previous year = 100) as a growth rate, exactly: (index - 100) / 100."""
    d = (decimal.Decimal(text) - 100) / 100
    return format(d.normalize(), "f")


def bulletin_growth(energy, intensity):
    """The real growth a year's energy growth E and energy-intensity change I imply:
    (1 + E) / (1 + I) - 1 (intensity = energy / GDP), both in percent as published."""
    return repr((1 + float(energy) / 100) / (1 + float(intensity) / 100) - 1)


def growth_lines(tables, bulletin, code):
    lines = ["gdp_growth:"]
    for year in PLAN_YEARS:
        if year <= LAST_YEAR:
            row = tables[F_INDEX].get((code, year))
            cell = None if row is None else number(
                row["grp_index_prev_year_eq_100"], "%s %s %d" % (F_INDEX, code, year))
            if cell is None:
                fail("%s: no index for %s %d" % (F_INDEX, code, year))
            lines.append("  y%d: %s  # observed: NBS %s grp_index_prev_year_eq_100 %s, less 100, "
                         "over 100" % (year, growth_of_index(cell), F_INDEX, cell))
            continue
        row = bulletin.get(code)
        e = row["total_energy_consumption_growth_pct"].strip() if row else ""
        i = row["energy_per_grp_change_pct"].strip() if row else ""
        if not e or not i:
            lines.append("  y%d: ~  # no data: %s is empty for this province" % (year, F_BULLETIN))
        else:
            lines.append("  y%d: %s  # derived, not observed: %s (1 + %s %%) / (1 + %s %%) - 1"
                         % (year, bulletin_growth(e, i), F_BULLETIN, e, i))
    return lines + folded("source", (
        "2016-2019 observed: NBS real GRP index, previous year = 100 (%s); 2020 derived, not "
        "observed: the NBS indices here end in 2019, so the growth is implied by the 2020 "
        "bulletin's total energy consumption growth E and energy-intensity change I, "
        "(1 + E) / (1 + I) - 1 (%s; E is published to 0.1 point, so the derived growth is "
        "uncertain by about 0.05 point)") % (F_INDEX, F_BULLETIN))


def proposal(tables, bulletin, province, target):
    code, en, cn, _ = province
    lines = [
        "# %s %s: its 13th FYP target (annex of 国发〔2016〕61号) replayed as its proposal, and its" % (cn, en),
        "# real growth 2016-2020 as the planning assumption.  Written by tools/make_backtest.py",
        "# from ../shared/realdata; do not edit by hand.",
        "proposal:",
        '  province: "%s"' % code,
        "  plan: 13fyp",
        "  illustrative: false",
    ] + folded("source", (
        "the province's target in the annex of 国发〔2016〕61号 (the allocation the State Council "
        "made) replayed as a proposal; real growth from NBS (README.md of this data set)")) + [
        "co2_intensity:",
        "  value: %s  # fraction, 2020 against 2015" % target,
    ] + folded("source", PLAN_SOURCE) + growth_lines(tables, bulletin, code)
    return "\n".join(lines) + "\n"


def national_file(realdata):
    co2 = {int(r["year"]): r for r in read_csv(realdata, F_NAT_CO2)}.get(FIRST_YEAR)
    index = {int(r["year"]): r for r in read_csv(realdata, F_NAT_INDEX)}
    if co2 is None:
        fail("%s: no row for %d" % (F_NAT_CO2, FIRST_YEAR))
    total = number(co2["scope1_total_mtco2"], "%s %d scope1_total_mtco2" % (F_NAT_CO2, FIRST_YEAR))
    cement = number(co2["process_cement_mtco2"], "%s %d process_cement_mtco2" % (F_NAT_CO2, FIRST_YEAR))
    lines = [
        "# National statistics of the 13th FYP beside the provinces' sum (rules/plans/13fyp.yaml).",
        "# Written by tools/make_backtest.py from ../shared/realdata; do not edit by hand.",
        "national:",
        "  plan: 13fyp",
        "  illustrative: false",
    ] + folded("source", "CEADs national inventory, NBS national accounts and the published "
               "outcome; each value's comment names its source") + [
        "co2:",
        "  value: %s  # CEADs %s scope1_total_mtco2 %s - process_cement_mtco2 %s" % (
            repr(float(total) - float(cement)), F_NAT_CO2, total, cement),
    ] + folded("source", "CEADs national inventory 2015, scope 1 less cement process emissions "
               "(the provinces' energy-related CO2 is made the same way); %s" % CEADS_VIA) + [
        "gdp_growth:",
    ]
    for year in PLAN_YEARS:
        if year <= LAST_YEAR:
            cell = number(index[year]["gdp_index_prev_year_eq_100"], "%s %d" % (F_NAT_INDEX, year))
            lines.append("  y%d: %s  # observed: NBS %s gdp_index_prev_year_eq_100 %s, less 100, "
                         "over 100" % (year, growth_of_index(cell), F_NAT_INDEX, cell))
        else:
            e, i = NATIONAL_2020
            lines.append("  y%d: %s  # derived, not observed: (1 + %s %%) / (1 + %s %%) - 1, the "
                         "2020 bulletin's national figures" % (year, bulletin_growth(e, i), e, i))
    lines += folded("source", (
        "2016-2019 observed: NBS national real GDP index (%s); 2020 derived from the national "
        "energy consumption growth (+2.2 %%) and energy-intensity change (-0.1 %%) of the 2020 "
        "bulletin (NBS/NDRC/NEA, 2021-08-23, quoted in the realdata README, section 3)")
        % F_NAT_INDEX) + [
        "co2_intensity_outcome:",
        "  value: %s  # fraction: -18.8 %% in 2020 against 2015" % OUTCOME,
    ] + folded("source", "MEE via Enerdata, "
               "https://www.enerdata.net/publications/daily-energy-news/china-carbon-intensity-decrease.html "
               "(realdata README, cross-check figure 5; project brief section 5)")
    return "\n".join(lines) + "\n"


def write_review(args, provinces, tables):
    bulletin = {r["province_code"]: r for r in read_csv(args.realdata, F_BULLETIN)}
    target = {code: t for t, codes in PLAN_TARGETS for code in codes}
    folder = os.path.join(args.out, "targets", "proposals", "13fyp")
    for p in provinces:
        write(os.path.join(folder, p[0] + ".yaml"), proposal(tables, bulletin, p, target[p[0]]))
    write(os.path.join(folder, "national.yaml"), national_file(args.realdata))
    return len(provinces)


README = """\
# 13th FYP carbon-intensity backtest data (real, 2015-2019)

Generated by `tools/make_backtest.py` from the public data in `../shared/realdata/` (see its
README.md for every upstream source, commit and licence).  Do not edit by hand; rebuild with

    python3 tools/make_backtest.py --realdata ../shared/realdata --out data/backtest-13fyp

The output is deterministic: rebuilding changes no byte.  Used by
`rules/13fyp-backtest.yaml`; results and their comparison with the published 2016
assessment are in `docs/backtest.md`.

## What is here

- `dataset.yaml`: `illustrative: false`; no notification dates (the backtest has none).
- `submissions/<year>/<code>.yaml`: 31 provinces x 2015-2019.  These are published
  statistics, not what the provinces reported; they sit in `submissions/` because that is
  where the engine reads stage-1 figures (`stage: reported`).
- `targets/13fyp.yaml`: each province's five-year CO2-intensity reduction target.
- `targets/proposals/13fyp/<code>.yaml`: the same targets replayed as the provinces'
  proposals for the target review (`assess targets review --plan 13fyp`, docs/targets.md),
  with each province's real GDP growth 2016-2020 as the planning assumption, and
  `national.yaml`, the national statistics beside them.

## How each number was derived

Every field has a trailing comment naming its source column.

| field | unit | derivation |
|---|---|---|
| `emissions.co2` | Mt CO2 | `%s`: `scope1_total_mtco2 - process_cement_mtco2` of the province-year row, computed in double precision and written as the shortest decimal that reads back as that double (both operands are in the comment) |
| `economy.gdp` | 10^8 yuan, current prices | `%s`: `grp_100m_yuan`, copied |
| `economy.gdp_index` | previous year = 100 | `%s`: `grp_index_prev_year_eq_100`, copied |
| `energy.coal` | 10^4 t (physical) | `%s`: `coal_10kt`, copied |
| `energy.crude_oil` | 10^4 t (physical) | `%s`: `crude_oil_10kt`, copied |
| `forest.forest_stock` | 10^8 m3 | `%s`: `forest_stock_volume_100m_m3`, copied |
| `co2_intensity_plan` (targets) | fraction | brief section 5 (annex of 国发〔2016〕61号) |
| `co2_intensity.value` (proposals) | fraction | the same target |
| `gdp_growth.y2016` .. `y2019` (proposals) | fraction | **observed**: `%s`: `grp_index_prev_year_eq_100` less 100, over 100, in exact decimal arithmetic |
| `gdp_growth.y2020` (proposals) | fraction | **derived, not observed**: `%s`: (1 + `total_energy_consumption_growth_pct`/100) / (1 + `energy_per_grp_change_pct`/100) - 1, the growth the 2020 bulletin's energy figures imply (energy growth is published to 0.1 point: about 0.05 point uncertain); Tibet: `~` (the bulletin has no figure) |
| `national.yaml` `co2` | Mt CO2 | `%s`: `scope1_total_mtco2 - process_cement_mtco2`, 2015 |
| `national.yaml` `gdp_growth` | fraction | 2016-2019 observed, `%s` `gdp_index_prev_year_eq_100` as above; 2020 derived from the bulletin's national figures (+2.2 %% energy, -0.1 %% intensity; realdata README, section 3) |
| `national.yaml` `co2_intensity_outcome` | fraction | 0.188: the published national outcome (MEE via Enerdata; realdata README, cross-check figure 5) |

Energy-related CO2: CEADs' `scope1_total` is the sum of its 17 fuels, `other_energy` and
`process_cement`; removing the cement process emissions leaves the energy-related
emissions (the fuels and `other_energy`).  CEADs is territorial scope 1 on apparent energy consumption with CEADs'
emission factors; it does not count electricity transferred between provinces.  That is not
the scope of the official 13th FYP accounting (see `docs/backtest.md`).

Copied values are the source cells' text, byte for byte.

## What is not here, and why

- **Tibet (540000) CO2, every year: `~` (no data).**  CEADs publishes inventories for 30
  provinces, not Tibet.  It is not zero and not estimated; the engine reports Tibet's CO2
  indicators as "no data".  Tibet's NBS values (GDP, GDP index, forest stock) are real and
  present.
- **Coal and crude oil, 2018-2019: `~`.**  The NBS physical-consumption table ends in 2017.
  Tibet has no fuel data in any year; crude oil is empty for Shanxi and Chongqing in
  2015-2017 and for Guizhou in 2017.  These inputs are informational: no indicator of the
  backtest reads them.
- **Forest stock is not an annual series.**  The NBS table repeats the 9th-round National
  Forest Inventory value for 2014-2019, so the same number appears every year.  Read it as a
  level, never as a year-to-year change.  No indicator of the backtest reads it.
- **No energy totals in tce, no non-fossil or electricity-transfer data**: the shared real
  data have none by province (see its README, section 4), so the 2026 rules' energy-based
  indicators cannot be run on this data set.
- **No 2020.**  CEADs here ends in 2019, so the fifth year of the plan cannot be assessed.
  The NBS indices end in 2019 too: the proposals' 2020 growth is derived from the 2020
  bulletin, not observed.
""" % (F_CEADS, F_GDP, F_INDEX, F_ENERGY, F_ENERGY, F_FOREST, F_INDEX, F_BULLETIN, F_NAT_CO2,
       F_NAT_INDEX)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--realdata", default=os.path.join(REPO, "..", "shared", "realdata"),
                    help="folder of the shared real data (default: ../shared/realdata)")
    ap.add_argument("--out", default=os.path.join(REPO, "data", "backtest-13fyp"),
                    help="data-set folder to write (default: data/backtest-13fyp)")
    args = ap.parse_args()

    provinces, tables = load(args.realdata)
    n = 0
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        for p in provinces:
            write(os.path.join(args.out, "submissions", str(year), p[0] + ".yaml"),
                  submission(tables, p, year))
            n += 1
    write(os.path.join(args.out, "dataset.yaml"), DATASET)
    write(os.path.join(args.out, "targets", "13fyp.yaml"), targets_file(provinces))
    write(os.path.join(args.out, "README.md"), README)
    m = write_review(args, provinces, tables)
    print("make_backtest: wrote %d submissions, dataset.yaml, targets/13fyp.yaml, %d proposals "
          "and national.yaml in targets/proposals/13fyp/, and README.md to %s" % (n, m, args.out))


if __name__ == "__main__":
    main()
