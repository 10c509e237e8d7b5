"""The ILLUSTRATIVE 15th FYP proposals of the sample data set (data/sample/targets/proposals/
15fyp/), for `assess targets review --plan 15fyp`: one proposal per province and the national
statistics, made by tools/make_sample.py from the sample's own 2025 and 2026 figures with the
named constants below.  They are NOT any province's proposal.  Several provinces propose less
than their tier's level (PROPOSAL_SHORTFALL), so that the 31 together miss the national
CO2-intensity goal of rules/plans/15fyp.yaml and the review has a gap to find and close;
make_sample.py stops if the gap is not what INTENDED_GAP says.

Python 3 standard library only.
"""
import math

PLAN_ID = "15fyp"
PLAN_YEARS = range(2026, 2031)
NATIONAL_CO2_GOAL = 0.17   # rules/plans/15fyp.yaml, national co2_intensity goal

# Each province proposes its tier's level (the sample's co2_intensity_plan) less this many
# percentage points: the provinces that lean on coal bargain for less.  ILLUSTRATIVE.
PROPOSAL_SHORTFALL = {
    "130000": 0.040, "140000": 0.045, "150000": 0.050, "210000": 0.035, "230000": 0.025,
    "320000": 0.025, "340000": 0.020, "370000": 0.035, "410000": 0.020, "440000": 0.015,
    "520000": 0.020, "610000": 0.030, "620000": 0.020, "640000": 0.045, "650000": 0.040,
}
# The review must find the proposals short of the goal by about this much (fraction).
INTENDED_GAP = (0.003, 0.008)

GROWTH_STEP = -0.002            # real growth falls by 0.2 point a year after 2026
ENERGY_INTENSITY_GAP = 0.02     # energy-intensity target = CO2-intensity target - 2 points
NONFOSSIL_STEP = 0.065          # 2030 non-fossil share = 2025 share + 6.5 points
COAL_CAP_CUT = 0.03             # 2030 coal cap = 2025 coal (excl. feedstock) x (1 - 3 %)
OIL_CAP_CUT = 0.01              # 2030 oil cap = 2025 oil (excl. feedstock) x (1 - 1 %)
NATIONAL_CO2_RATIO = 1.08       # national inventory = provinces' sum / 1.08 (they sum 6-11 %
                                # above it: realdata README, section 1)
NATIONAL_GROWTH = [0.050, 0.048, 0.046, 0.044, 0.042]   # national real growth 2026-2030

SOURCE = ("ILLUSTRATIVE: made by tools/make_sample.py from the sample's own figures (see "
          "data/sample/README.md); not any province's proposal")


def even_path(value, decimals=4):
    """Five equal yearly reductions compounding to value, rounded to `decimals`."""
    a = round(1 - (1 - value) ** (1 / len(PLAN_YEARS)), decimals)
    return [a] * len(PLAN_YEARS)


def growth_path(first):
    return [round(first + GROWTH_STEP * i, 3) for i in range(len(PLAN_YEARS))]


def proposal(code, v25, v26, plan):
    """The items of one province's proposal: {item: (value or None, path or None)}."""
    co2 = round(plan - PROPOSAL_SHORTFALL.get(code, 0.0), 3)
    energy = round(co2 - ENERGY_INTENSITY_GAP, 3)
    g = growth_path(v26["gdp_index"] / 100 - 1)
    ei = even_path(energy)
    eg = [round((1 + gy) * (1 - ey) - 1, 4) for gy, ey in zip(g, ei)]
    share = v25["non_fossil"] / (v25["coal"] + v25["oil"] + v25["gas"] + v25["non_fossil"])
    return {
        "co2_intensity": (co2, even_path(co2)),
        "energy_intensity": (energy, ei),
        "non_fossil_share": (round(share + NONFOSSIL_STEP, 3), None),
        "coal_cap": (round((v25["coal"] - v25["coal_feedstock"]) * (1 - COAL_CAP_CUT), 1), None),
        "oil_cap": (round((v25["oil"] - v25["oil_feedstock"]) * (1 - OIL_CAP_CUT), 1), None),
        "gdp_growth": (None, g),
        "energy_growth": (None, eg),
    }


def compound(path):
    f = 1.0
    for g in path:
        f *= 1 + g
    return f


def national_reduction(codes, props, v25, co2_of):
    """What the plan's national co2_intensity formula gives for these proposals."""
    c0 = y0 = c1 = y1 = 0.0
    for code in codes:
        growth = compound(props[code]["gdp_growth"][1])
        co2 = co2_of(v25[code])
        c0 += co2
        y0 += v25[code]["gdp"]
        c1 += co2 * (1 - props[code]["co2_intensity"][0]) * growth
        y1 += v25[code]["gdp"] * growth
    return 1 - (c1 / y1) / (c0 / y0)


def check_gap(codes, props, v25, co2_of, fail):
    got = national_reduction(codes, props, v25, co2_of)
    gap = NATIONAL_CO2_GOAL - got
    if not INTENDED_GAP[0] <= gap <= INTENDED_GAP[1]:
        fail("the illustrative proposals give a national CO2-intensity reduction of %.4f, a gap "
             "of %.4f to the goal %.2f; intended %s" % (got, gap, NATIONAL_CO2_GOAL, INTENDED_GAP))
    return got


def _item_lines(item, value, path, comment):
    lines = ["%s:" % item]
    if value is not None:
        lines.append("  value: %s" % _num(value))
    for year, v in zip(PLAN_YEARS, path or []):
        lines.append("  y%d: %s" % (year, _num(v)))
    lines.append('  source: "%s"' % comment)
    return lines


def _num(x):
    s = repr(x)
    return s[:-2] if s.endswith(".0") else s


WHY = {
    "co2_intensity": "ILLUSTRATIVE: the sample's tier level%s, paced evenly",
    "energy_intensity": "ILLUSTRATIVE: the CO2-intensity proposal less 2 points, paced evenly",
    "non_fossil_share": "ILLUSTRATIVE: the 2025 share plus 6.5 points",
    "coal_cap": "ILLUSTRATIVE: 2025 coal excluding feedstock, less 3 %",
    "oil_cap": "ILLUSTRATIVE: 2025 oil excluding feedstock, less 1 %",
    "gdp_growth": "ILLUSTRATIVE: the sample's 2026 growth, 0.2 point less each year after",
    "energy_growth": "ILLUSTRATIVE: (1 + GDP growth) x (1 - the energy-intensity path) - 1",
}


def proposal_text(header_line, code, label, items):
    short = PROPOSAL_SHORTFALL.get(code)
    lines = [
        header_line,
        "# %s: an ILLUSTRATIVE proposal for the 15th FYP, not the province's." % label,
        "proposal:",
        '  province: "%s"' % code,
        "  plan: %s" % PLAN_ID,
        "  illustrative: true",
        '  source: "%s"' % SOURCE,
    ]
    for item, (value, path) in items.items():
        why = WHY[item] % (" less %g points" % (short * 100) if short else "") \
            if item == "co2_intensity" else WHY[item]
        lines += _item_lines(item, value, path, why)
    return "\n".join(lines) + "\n"


def national_text(header_line, codes, v25, co2_of):
    total = sum(co2_of(v25[c]) for c in codes)
    lines = [
        header_line,
        "# ILLUSTRATIVE national statistics for the 15th FYP review: not official figures.",
        "national:",
        "  plan: %s" % PLAN_ID,
        "  illustrative: true",
        '  source: "%s"' % SOURCE,
        "co2:",
        "  value: %s" % _num(round(total / NATIONAL_CO2_RATIO, 1)),
        '  source: "ILLUSTRATIVE: the provinces\' 2025 CO2 summed, over %g (provinces sum 6-11 %% '
        'above the national inventory: realdata README, section 1)"' % NATIONAL_CO2_RATIO,
        "gdp_growth:",
    ]
    for year, g in zip(PLAN_YEARS, NATIONAL_GROWTH):
        lines.append("  y%d: %s" % (year, _num(g)))
    lines.append('  source: "ILLUSTRATIVE: about 5 % a year, falling 0.2 point a year"')
    return "\n".join(lines) + "\n"


def write_all(write, folder, header_line, codes, labels, v25, v26, plans, co2_of, fail):
    """Write every proposal and national.yaml into folder; return the national reduction the
    proposals give (checked against INTENDED_GAP)."""
    props = {c: proposal(c, v25[c], v26[c], plans[c]) for c in codes}
    got = check_gap(codes, props, v25, co2_of, fail)
    for c in codes:
        write("%s/%s.yaml" % (folder, c), proposal_text(header_line, c, labels[c], props[c]))
    write("%s/national.yaml" % folder, national_text(header_line, codes, v25, co2_of))
    return got, props
