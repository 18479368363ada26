"""Regenerate labourchain's bundled exchange-rate tables from their upstream files.

Writes two plain CSV files under ``src/labourchain/data/`` (each with a header of ``#``
comments saying what every column is and which copy of the source it was made from):

* ``fx_annual.csv``: the World Bank's official exchange rate (WDI ``PA.NUS.FCRF``, local
  currency units per US$, period average) and PPP conversion factor for private consumption
  (``PA.NUS.PRVT.PP``, local currency units per international $), one row per country and
  year from 2010.
* ``fx_monthly.csv``: HMRC's monthly exchange rates (the rates HMRC publishes each month for
  customs and VAT), as bundled by the ``hmrc-rates`` package, turned into local currency
  units per US$ (units per GBP of the currency / units per GBP of USD), for the currencies of
  the countries where data work is concentrated.

Usage, from the repository root::

    # from World Bank bulk CSV files (API_PA.NUS.FCRF_DS2_en_csv_v2_*.csv and
    # API_PA.NUS.PRVT.PP_DS2_en_csv_v2_*.csv, as downloaded from data.worldbank.org)
    pip install hmrc-rates
    python scripts/refresh_reference.py \\
        --fcrf API_PA.NUS.FCRF_DS2_en_csv_v2_13510.csv \\
        --fcrf-copy "Skyedge1903/Dashboard data/API_PA.NUS.FCRF_DS2_en_csv_v2_13510.csv @5fa13cc" \\
        --ppp API_PA.NUS.PRVT.PP_DS2_en_csv_v2_14409.csv \\
        --ppp-copy "jpwrobinson/dried-fish data/ppp/... @1e4f080"

    # or, on a machine that is online, through the World Bank API (pip install wbgapi)
    python scripts/refresh_reference.py --wbgapi

Then review ``git diff src/labourchain/data`` and run ``pytest tests/test_reference*.py``.
The curated rows (minimum and living wages, dated central-bank rates) live in
``reference.csv`` and are edited by hand; this script never touches them.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "src" / "labourchain" / "data"
FIRST_YEAR = 2010
FIRST_MONTH = (2014, 2)  # HMRC's monthly series starts in February 2014

# Countries whose World Bank series is not in the currency ISO 4217 lists today for some years:
# euro adoption (the series is in the old currency before it) and Zimbabwe (several currencies).
EURO_FROM: Mapping[str, int] = {"EE": 2011, "LV": 2014, "LT": 2015, "HR": 2023}
SKIP_COUNTRIES = frozenset({"ZW"})

# Currencies of the countries issue #13 lists (and of the shipped cases and their clients).
MONTHLY_CURRENCIES = [
    "ARS",
    "BDT",
    "BRL",
    "CNY",
    "COP",
    "EGP",
    "ETB",
    "EUR",
    "GBP",
    "GHS",
    "IDR",
    "INR",
    "JPY",
    "KES",
    "LBP",
    "LKR",
    "MAD",
    "MGA",
    "MXN",
    "MYR",
    "NGN",
    "NPR",
    "PEN",
    "PHP",
    "PKR",
    "PLN",
    "RON",
    "RSD",
    "SYP",
    "TRY",
    "TZS",
    "UAH",
    "UGX",
    "VES",
    "VND",
    "ZAR",
]
# HMRC publishes the bolivar under the code VEF until 2025-01 with values that are neither the
# bolivar fuerte nor the bolivar soberano (frozen at the pre-2018 DICOM rate from 2018-09 to
# 2020, then the 2021 bolivar x 100,000): those rows are left out. VES rows (from 2026-02) are in
# the bolivar of 2021, the unit in force, and kept.
HMRC_ONLY_FROM: Mapping[str, tuple[int, int]] = {"VES": (2026, 2)}


def _countries() -> dict[str, tuple[str, str]]:
    """iso3 -> (iso2, currency), from the package's countries.csv."""
    text = (DATA / "countries.csv").read_text("utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return {r["iso3"]: (r["iso2"], r["currency"]) for r in rows if r["currency"]}


def read_wdi(path: Path) -> tuple[str | None, dict[str, dict[int, float]]]:
    """A World Bank bulk CSV: its "Last Updated Date" (if the copy kept it) and values."""
    lines = path.read_text("utf-8-sig").splitlines()
    updated = None
    start = 0
    for n, line in enumerate(lines[:6]):
        if line.startswith('"Last Updated Date"'):
            updated = line.split(",")[1].strip('"')
        if line.startswith(('"Country Name"', "Country Name")):
            start = n
            break
    values: dict[str, dict[int, float]] = {}
    for row in csv.DictReader(lines[start:]):
        series: dict[int, float] = {}
        for key, text in row.items():
            if key and key.strip().isdigit() and text and text.strip():
                series[int(key)] = float(text)
        values[row["Country Code"]] = series
    return updated, values


def read_wbgapi() -> tuple[str, dict[str, dict[int, float]], dict[str, dict[int, float]]]:
    """The same two series through the World Bank API (needs a network and wbgapi)."""
    import wbgapi as wb  # type: ignore[import-not-found]

    def series(code: str) -> dict[str, dict[int, float]]:
        out: dict[str, dict[int, float]] = {}
        for row in wb.data.fetch(code, time=range(FIRST_YEAR, date.today().year + 1)):
            if row["value"] is not None:
                out.setdefault(row["economy"], {})[int(str(row["time"])[2:])] = row["value"]
        return out

    return (
        f"World Bank API via wbgapi, fetched {date.today().isoformat()}",
        series("PA.NUS.FCRF"),
        series("PA.NUS.PRVT.PP"),
    )


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.10g}"


def annual_rows(
    fcrf: Mapping[str, Mapping[int, float]], ppp: Mapping[str, Mapping[int, float]]
) -> Iterable[list[str]]:
    countries = _countries()
    last = max(max(s, default=0) for s in [*fcrf.values(), *ppp.values()])
    for iso3, (iso2, currency) in sorted(countries.items(), key=lambda kv: kv[1][0]):
        if iso2 in SKIP_COUNTRIES:
            continue
        for year in range(FIRST_YEAR, last + 1):
            if year < EURO_FROM.get(iso2, 0):
                continue
            rate = fcrf.get(iso3, {}).get(year)
            factor = ppp.get(iso3, {}).get(year)
            if rate is None and factor is None:
                continue
            yield [iso2, iso3, currency, str(year), _num(rate), _num(factor)]


def monthly_rows(all_from: int) -> Iterable[list[str]]:
    """Listed currencies from 2014-02; every other HMRC currency from January ``all_from``."""
    from hmrc_rates import Rates, YearMonth

    rates = Rates()
    text = (DATA / "currencies.csv").read_text("utf-8")
    iso = {line.split(",")[0] for line in text.splitlines() if line and not line.startswith("#")}
    every = sorted({c.code for c, _ in rates.monthly(date(all_from, 1, 1))} & iso - {"GBP"})
    month = YearMonth(*FIRST_MONTH)
    today = date.today()
    while (month.year, month.month) <= (today.year, today.month):
        try:
            usd = rates.monthly_rate("USD", month).units_per_gbp
        except Exception:
            break
        codes = (
            MONTHLY_CURRENCIES if month.year < all_from else sorted({*MONTHLY_CURRENCIES, *every})
        )
        for code in codes:
            if code == "VEF" or (month.year, month.month) < HMRC_ONLY_FROM.get(code, FIRST_MONTH):
                continue
            try:
                per_gbp = 1 if code == "GBP" else rates.monthly_rate(code, month).units_per_gbp
            except Exception:
                continue
            yield [code, f"{month.year:04d}-{month.month:02d}", f"{float(per_gbp / usd):.10g}"]
        month = month.next()


def write(path: Path, header: list[str], comments: list[str], rows: Iterable[list[str]]) -> int:
    with path.open("w", encoding="utf-8", newline="") as handle:
        for line in comments:
            handle.write(f"# {line}\n".replace("# \n", "#\n"))
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        count = 0
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fcrf", type=Path, help="API_PA.NUS.FCRF_DS2_en_csv_v2_*.csv")
    parser.add_argument("--ppp", type=Path, help="API_PA.NUS.PRVT.PP_DS2_en_csv_v2_*.csv")
    parser.add_argument("--fcrf-copy", default="", help="which copy of the FCRF file was read")
    parser.add_argument("--ppp-copy", default="", help="which copy of the PPP file was read")
    parser.add_argument("--ppp-updated", default="", help="its Last Updated date, if stripped")
    parser.add_argument("--wbgapi", action="store_true", help="read both series from the API")
    parser.add_argument("--no-monthly", action="store_true", help="leave fx_monthly.csv alone")
    args = parser.parse_args(argv)
    if args.wbgapi:
        vintage, fcrf, ppp = read_wbgapi()
        fcrf_note = ppp_note = vintage
    elif args.fcrf and args.ppp:
        fcrf_updated, fcrf = read_wdi(args.fcrf)
        ppp_updated, ppp = read_wdi(args.ppp)
        fcrf_note = f"{args.fcrf.name}, Last Updated Date {fcrf_updated or 'not in the copy'}"
        ppp_note = (
            f"{args.ppp.name}, Last Updated Date "
            f"{ppp_updated or args.ppp_updated or 'not in the copy'}"
        )
        if args.fcrf_copy:
            fcrf_note += f"; copy read: {args.fcrf_copy}"
        if args.ppp_copy:
            ppp_note += f"; copy read: {args.ppp_copy}"
    else:
        parser.error("give --fcrf and --ppp files, or --wbgapi")
    n = write(
        DATA / "fx_annual.csv",
        ["iso2", "iso3", "currency", "year", "fx_lcu_per_usd", "ppp_private_consumption"],
        [
            "World Bank exchange rates and PPP factors by country and year (generated: do not",
            "edit by hand; regenerate with scripts/refresh_reference.py and review the diff).",
            "Columns: iso2, iso3 (ISO 3166-1); currency (ISO 4217, the currency today: rows",
            "  before a euro adoption are left out, and Zimbabwe entirely); year (the calendar",
            "  year the figures are averages of); fx_lcu_per_usd: PA.NUS.FCRF, official exchange",
            "  rate, local currency units per US$, period average; ppp_private_consumption:",
            "  PA.NUS.PRVT.PP, PPP conversion factor, private consumption, local currency units",
            "  per international $. Empty: the World Bank has no figure for that year.",
            "Venezuela's rows (to 2017) are in bolivares fuertes, the unit then in force; Syria's",
            "  in pounds before the 2026 redenomination (labourchain.reference.redenominations).",
            "Source: The World Bank, World Development Indicators (CC BY 4.0).",
            f"PA.NUS.FCRF: {fcrf_note}",
            f"PA.NUS.PRVT.PP: {ppp_note}",
        ],
        annual_rows(fcrf, ppp),
    )
    last_year = max(max(s, default=0) for s in fcrf.values())
    print(f"fx_annual.csv: {n} rows", file=sys.stderr)
    if not args.no_monthly:
        from importlib.metadata import version

        m = write(
            DATA / "fx_monthly.csv",
            ["currency", "month", "fx_lcu_per_usd"],
            [
                "HMRC monthly exchange rates, as local currency units per US$ (generated: do not",
                "edit by hand; regenerate with scripts/refresh_reference.py and review the diff).",
                "Columns: currency (ISO 4217); month (YYYY-MM, the month the rate is for);",
                "  fx_lcu_per_usd = HMRC units of the currency per GBP / HMRC US$ per GBP.",
                "HMRC sets each month's rate from market rates on the penultimate Thursday of the",
                "  month before (used by HMRC for customs and VAT); a rate for a month, not a day.",
                "Source: HM Revenue & Customs, monthly exchange rates (Open Government Licence",
                "  v3.0),",
                f"  as bundled by the hmrc-rates package {version('hmrc-rates')} (MIT licence,",
                "  https://github.com/velikodniy/hmrc-rates).",
                "VES rows start in 2026-02: HMRC's earlier 'VEF' rows mix units and are left out.",
                "The currencies of the countries labourchain lists have every month from 2014-02;",
                f"  every other HMRC currency from {last_year + 1}-01, after the World Bank years.",
            ],
            monthly_rows(last_year + 1),
        )
        print(f"fx_monthly.csv: {m} rows", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
