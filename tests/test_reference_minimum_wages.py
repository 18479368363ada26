"""Statutory minimum wages back to 2015 (issue #13 item 3): published figures reproduced.

Each case gives the figure as the cited page prints it, the date it applies from, and the
page read (retrieved 2026-11-29). Spain's SMI is paid in 14 monthly payments and is held per
year (14 x the monthly amount, the decree's annual amount).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

import labourchain as lc
from labourchain.errors import MissingRateError

# (country, a day, amount as published, period, in force from, source read)
PUBLISHED = [
    # Spain: Seguridad Social table "Salario minimo interprofesional (ultimos 5 anos)" and
    # Arias Assessors' SMI history (monthly x 14 = annual)
    ("ES", date(2015, 6, 1), 648.60 * 14, "year", date(2015, 1, 1), "RD 1106/2014, Arias"),
    ("ES", date(2019, 6, 1), 900 * 14, "year", date(2019, 1, 1), "RD 1462/2018, Arias"),
    ("ES", date(2020, 6, 1), 13_300, "year", date(2020, 1, 1), "RD 231/2020, Consultiber"),
    ("ES", date(2021, 8, 31), 950 * 14, "year", date(2020, 1, 1), "RD 231/2020 until Sept 2021"),
    ("ES", date(2021, 9, 1), 965 * 14, "year", date(2021, 9, 1), "RD 817/2021, Rojo Torrecilla"),
    ("ES", date(2024, 3, 1), 1_134 * 14, "year", date(2024, 1, 1), "RD 145/2024, seg-social.es"),
    ("ES", date(2026, 3, 1), 1_221 * 14, "year", date(2026, 1, 1), "RD 126/2026, HuffPost"),
    # Poland: DZWIKI table (2015-2022), podatki.biz, rdc.pl, infor.pl
    ("PL", date(2015, 6, 1), 1_750, "month", date(2015, 1, 1), "DZWIKI table"),
    ("PL", date(2018, 6, 1), 2_100, "month", date(2018, 1, 1), "WBJ: PLN 2,100 in 2018"),
    ("PL", date(2023, 7, 1), 3_600, "month", date(2023, 7, 1), "podatki.biz: 3,600 from 1 July"),
    ("PL", date(2024, 6, 30), 4_242, "month", date(2024, 1, 1), "rdc.pl: 4,242 from 1 January"),
    ("PL", date(2026, 1, 1), 4_806, "month", date(2026, 1, 1), "Rozporzadzenie of 11 Sept 2025"),
    # Romania: Government decisions (HG 935/2019 via CECCAR, HG 598/2024 via ITM Neamt)
    ("RO", date(2015, 7, 1), 1_050, "month", date(2015, 7, 1), "EVZ: 1,050 from 1 July 2015"),
    ("RO", date(2020, 6, 1), 2_230, "month", date(2020, 1, 1), "HG 935/2019"),
    ("RO", date(2024, 7, 1), 3_700, "month", date(2024, 7, 1), "HG 598/2024 art. 1"),
    # Brazil: Univille table (Previdencia Social), MP 919/2020 (IstoE), O Popular, Mossoro Hoje
    ("BR", date(2015, 6, 1), 788, "month", date(2015, 1, 1), "Univille table"),
    ("BR", date(2020, 1, 31), 1_039, "month", date(2020, 1, 1), "MP 916/2019"),
    ("BR", date(2020, 2, 1), 1_045, "month", date(2020, 2, 1), "MP 919/2020"),
    ("BR", date(2023, 4, 30), 1_302, "month", date(2023, 1, 1), "Mossoro Hoje"),
    ("BR", date(2023, 5, 1), 1_320, "month", date(2023, 5, 1), "MP of 1 May 2023"),
    # France: SMIC horaire brut (Bpifrance table; INSEE series via Buffle de Business)
    ("FR", date(2015, 6, 1), 9.61, "hour", date(2015, 1, 1), "INSEE via Buffle de Business"),
    ("FR", date(2021, 10, 1), 10.48, "hour", date(2021, 10, 1), "Bpifrance: from 1 Oct 2021"),
    ("FR", date(2022, 7, 31), 10.85, "hour", date(2022, 5, 1), "Bpifrance: from 1 May 2022"),
    ("FR", date(2023, 4, 30), 11.27, "hour", date(2023, 1, 1), "Bpifrance: from 1 Jan 2023"),
    # Colombia: decretos listed by Consultor Contable (Gerencie agrees)
    ("CO", date(2015, 6, 1), 644_350, "month", date(2015, 1, 1), "Decreto 2731 de 2014"),
    ("CO", date(2019, 6, 1), 828_116, "month", date(2019, 1, 1), "Decreto 2451 de 2018"),
    ("CO", date(2022, 6, 1), 1_000_000, "month", date(2022, 1, 1), "Decreto 1724 de 2021"),
    # Malaysia: Minimum Wages Orders 2016, 2018 (amendment), 2020, 2022, 2024
    ("MY", date(2016, 7, 1), 1_000, "month", date(2016, 7, 1), "MWO 2016, MOHR"),
    ("MY", date(2019, 6, 1), 1_100, "month", date(2019, 1, 1), "MWO (Amendment) 2018, D&H"),
    ("MY", date(2022, 5, 1), 1_500, "month", date(2022, 5, 1), "MWO 2022, i-Admin"),
    ("MY", date(2025, 8, 1), 1_700, "month", date(2025, 2, 1), "MWO 2024, Malay Mail"),
    # Vietnam: Region I, government decrees
    ("VN", date(2015, 6, 1), 3_100_000, "month", date(2015, 1, 1), "Decree 103/2014"),
    ("VN", date(2017, 6, 1), 3_750_000, "month", date(2017, 1, 1), "Decree 153/2016, VOV"),
    ("VN", date(2021, 6, 1), 4_420_000, "month", date(2020, 1, 1), "Decree 90/2019 (2021 same)"),
    ("VN", date(2022, 7, 1), 4_680_000, "month", date(2022, 7, 1), "Decree 38/2022, LawNet"),
    ("VN", date(2026, 1, 1), 5_310_000, "month", date(2026, 1, 1), "Decree 293/2025, Lao Dong"),
    # Turkey: NET minimum wage of a single worker (the figure every page read gives)
    ("TR", date(2017, 6, 1), 1_404.06, "month", date(2017, 1, 1), "Bloomberg BNA (csgb.gov.tr)"),
    ("TR", date(2020, 6, 1), 2_324, "month", date(2020, 1, 1), "Bazaar Times"),
    ("TR", date(2022, 7, 1), 5_500.35, "month", date(2022, 7, 1), "TGRT Haber"),
    ("TR", date(2023, 6, 30), 8_506.80, "month", date(2023, 1, 1), "Reuters via OneNewsPage"),
    # Pakistan: federal budgets (fiscal year from 1 July)
    ("PK", date(2017, 8, 1), 15_000, "month", date(2017, 7, 1), "Budget 2017-18, Daily Pakistan"),
    ("PK", date(2020, 8, 1), 17_500, "month", date(2019, 7, 1), "Budget 2019-20, The News"),
    ("PK", date(2021, 8, 1), 20_000, "month", date(2021, 7, 1), "Budget 2021-22, Samaa"),
    ("PK", date(2023, 8, 1), 32_000, "month", date(2023, 7, 1), "Budget 2023-24, Gee TV"),
    # Morocco: SMIG, dirhams an hour
    ("MA", date(2019, 7, 1), 14.13, "hour", date(2019, 7, 1), "CRS: 14.13 from 1 July 2019"),
    ("MA", date(2022, 8, 31), 14.81, "hour", date(2020, 7, 1), "CRS: 14.81 from 1 July 2020"),
    ("MA", date(2022, 9, 1), 15.55, "hour", date(2022, 9, 1), "Decret 2-22-606, Le360"),
    # Indonesia: UMP DKI Jakarta (BPS series via Tribunnews; Okezone for 2026)
    ("ID", date(2015, 6, 1), 2_700_000, "month", date(2015, 1, 1), "Tribunnews (BPS)"),
    ("ID", date(2019, 6, 1), 3_940_973, "month", date(2019, 1, 1), "Tribunnews (BPS)"),
    ("ID", date(2026, 6, 1), 5_729_876, "month", date(2026, 1, 1), "Okezone, 24 Dec 2025"),
    # Serbia: net minimum price of an hour of work (Paragraf archive; Naslovi.net)
    ("RS", date(2023, 6, 1), 230, "hour", date(2023, 1, 1), "Paragraf archive 2023"),
    ("RS", date(2024, 6, 1), 271, "hour", date(2024, 1, 1), "Paragraf archive 2024"),
    ("RS", date(2025, 10, 1), 337, "hour", date(2025, 10, 1), "Forbes via Naslovi"),
    ("RS", date(2026, 1, 1), 371, "hour", date(2026, 1, 1), "Radio 021 via Naslovi"),
    # Ghana: National Daily Minimum Wage (National Tripartite Committee)
    ("GH", date(2019, 6, 1), 10.65, "day", date(2019, 1, 1), "BBC Pidgin"),
    ("GH", date(2021, 6, 4), 12.53, "day", date(2021, 6, 4), "NTC communique, Daily Guide"),
    ("GH", date(2023, 6, 1), 14.88, "day", date(2023, 1, 1), "Pulse Ghana"),
    ("GH", date(2025, 3, 1), 19.97, "day", date(2025, 3, 1), "NTC statement via GNA"),
    # Egypt: private-sector minimum (National Wages Council)
    ("EG", date(2022, 6, 1), 2_400, "month", date(2022, 1, 1), "Arab News"),
    ("EG", date(2023, 7, 1), 3_000, "month", date(2023, 7, 1), "Zawya"),
    ("EG", date(2025, 3, 1), 7_000, "month", date(2025, 3, 1), "moic.gov.eg"),
    # Sri Lanka: National Minimum Wage of Workers Act No. 3 of 2016 and amendments
    ("LK", date(2016, 1, 1), 10_000, "month", date(2016, 1, 1), "Act No. 3 of 2016, Ada Derana"),
    ("LK", date(2021, 8, 16), 12_500, "month", date(2021, 8, 16), "Act No. 16 of 2021, De Saram"),
    ("LK", date(2025, 4, 1), 27_000, "month", date(2025, 4, 1), "Act No. 11 of 2025, Varners"),
    # Mexico: Conasami resolutions (pesos a day; general / rest of the country)
    ("MX", date(2016, 6, 1), 73.04, "day", date(2016, 1, 1), "Colima Noticias"),
    ("MX", date(2017, 11, 30), 80.04, "day", date(2017, 1, 1), "La Voz de Queretaro"),
    ("MX", date(2017, 12, 1), 88.36, "day", date(2017, 12, 1), "Conasami, 21 Nov 2017"),
    ("MX", date(2020, 6, 1), 123.22, "day", date(2020, 1, 1), "DOF 23 Dec 2019 (vLex)"),
    ("MX", date(2023, 6, 1), 207.44, "day", date(2023, 1, 1), "DOF via TyT"),
    ("MX", date(2026, 1, 1), 315.04, "day", date(2026, 1, 1), "El Economista, 3 Dec 2025"),
    # Peru: Remuneracion Minima Vital, decretos supremos
    ("PE", date(2015, 1, 1), 750, "month", date(2012, 6, 1), "D.S. 007-2012-TR (Scribd table)"),
    ("PE", date(2016, 5, 1), 850, "month", date(2016, 5, 1), "D.S. 005-2016-TR, Peru21"),
    ("PE", date(2018, 4, 1), 930, "month", date(2018, 4, 1), "D.S. 004-2018-TR, Peru.com"),
    ("PE", date(2022, 5, 1), 1_025, "month", date(2022, 5, 1), "El Comercio"),
    ("PE", date(2025, 1, 1), 1_130, "month", date(2025, 1, 1), "D.S. 006-2024-TR, LP Derecho"),
    # South Africa: National Minimum Wage Act 2018, rand per ordinary hour
    ("ZA", date(2019, 1, 1), 20, "hour", date(2019, 1, 1), "ANA, 7 Dec 2018"),
    ("ZA", date(2020, 2, 29), 20, "hour", date(2019, 1, 1), "SimplePay: R20 until March 2020"),
    ("ZA", date(2022, 3, 1), 23.19, "hour", date(2022, 3, 1), "IOL, 3 Mar 2022"),
    ("ZA", date(2024, 3, 1), 27.58, "hour", date(2024, 3, 1), "Sage, Government Notice"),
    ("ZA", date(2026, 3, 1), 30.23, "hour", date(2026, 3, 1), "Gazette 54075 (The Mercury)"),
]


@pytest.mark.parametrize(("country", "day", "amount", "period", "since", "source"), PUBLISHED)
def test_published_minimum_wage_reproduced(
    country: str,
    day: date,
    amount: float,
    period: str,
    since: date,
    source: str,
    published_minimum: Callable[..., None],
) -> None:
    published_minimum(country, day, amount, period, since, source)


@pytest.mark.parametrize(
    ("country", "day", "hourly"),
    [
        # official hourly values printed with the decree or decision
        ("BR", date(2020, 3, 1), 4.75),  # MP 919/2020: BRL 4.75 an hour
        ("BR", date(2022, 3, 1), 5.51),  # MP of 31 Dec 2021: BRL 5.51 an hour
        ("BR", date(2023, 6, 1), 6.00),  # May 2023: BRL 6 an hour
        ("RO", date(2020, 6, 1), 13.327),  # HG 935/2019: 13.327 lei/hour
        ("RO", date(2024, 8, 1), 22.024),  # HG 598/2024: 22.024 lei/hour
        ("RO", date(2018, 6, 1), 11.40),  # 2018 decision: 11.40 lei/hour
        ("MY", date(2016, 8, 1), 4.81),  # MWO 2016: RM4.81 an hour
        ("MY", date(2020, 6, 1), 5.77),  # MWO 2020: RM5.77 an hour
        ("MY", date(2022, 6, 1), 7.21),  # MWO 2022: RM7.21 an hour
        ("CO", date(2022, 6, 1), 1_000_000 / 240),  # 48-hour week before Ley 2101
        ("LK", date(2016, 6, 1), 50),  # Act No. 3 of 2016: Rs 400 a day = 50 x 8
        ("LK", date(2026, 6, 1), 150),  # Act No. 11 of 2025: Rs 1,200 a day / 8
        ("VN", date(2022, 8, 1), 22_500),  # Decree 38/2022: VND 22,500 an hour (Region I)
        ("VN", date(2026, 2, 1), 25_500),  # Decree 293/2025: VND 25,500 an hour
    ],
)
def test_official_hourly_values(
    country: str, day: date, hourly: float, official_hourly: Callable[..., None]
) -> None:
    official_hourly(country, day, hourly)


def test_spain_annual_amount_is_fourteen_monthly_payments_over_2080_hours() -> None:
    wage = lc.reference_wage("ES", on=date(2023, 5, 1), kind="minimum")
    assert wage.amount.magnitude == pytest.approx(15_120)  # RD 99/2023: 1,080 x 14
    assert wage.hours_basis.magnitude == pytest.approx(2080)
    assert "14 payments" in wage.scope
    assert wage.hourly.magnitude == pytest.approx(15_120 / 2080)


def test_romania_2016_2017_start_dates_found_since() -> None:
    # the 2016 and 2017 start dates were found in a second pass (reference13): 1,250 lei from
    # 1 May 2016 (Avocat Pavel), 1,450 lei from 1 February 2017 (HG 1/2017, Radio Romania)
    assert lc.reference_wage("RO", on=date(2017, 6, 1), kind="minimum").amount.magnitude == 1_450
    # the figure in force before (1 July 2015) and after (1 January 2018) are known
    assert lc.reference_wage("RO", on=date(2015, 12, 31)).amount.magnitude == 1_050
    assert lc.reference_wage("RO", on=date(2018, 1, 1)).amount.magnitude == 1_900


@pytest.mark.parametrize("country", ["ES", "PL", "RO", "BR", "PE", "FR", "CO"])
def test_covered_back_to_2015(country: str, covered_back_to_2015: Callable[[str], None]) -> None:
    covered_back_to_2015(country)


def test_south_africa_had_no_national_minimum_before_2019() -> None:
    assert lc.reference.has_statutory_minimum("ZA", on=date(2018, 12, 31)) is False
    assert lc.reference.has_statutory_minimum("ZA", on=date(2019, 1, 1)) is True


def test_peru_monthly_over_a_48_hour_week() -> None:
    # RMV is for a full day of 8 hours or 48 hours a week (Gestion): 48 x 52 / 12 = 208 h
    wage = lc.reference_wage("PE", on=date(2025, 6, 1), kind="minimum")
    assert wage.hours_basis.magnitude == pytest.approx(48 * 52 / 12)
    assert wage.area == "private sector"


def test_mexico_names_the_area_outside_the_border_zone() -> None:
    wage = lc.reference_wage("MX", on=date(2024, 6, 1), kind="minimum")
    assert "northern border" in wage.area
    assert "374.89" in wage.scope  # the border zone's figure, in the scope


def test_turkey_2026_found_since_and_the_series_is_net() -> None:
    # the 2026 figure was found (net 28,075 from 2026-01-01, Minister Isikhan via Haberturk)
    assert lc.reference_wage("TR", on=date(2026, 3, 1)).amount.magnitude == pytest.approx(28_075)
    assert "NET" in lc.reference_wage("TR", on=date(2025, 3, 1)).scope
    assert "NET" in lc.reference_wage("TR", on=date(2026, 3, 1)).scope


@pytest.mark.parametrize("day", [date(2018, 8, 1), date(2022, 8, 1)])
def test_pakistan_years_not_found_are_errors(day: date) -> None:
    with pytest.raises(MissingRateError, match="verified"):
        lc.reference_wage("PK", on=day, kind="minimum")


def test_egypt_had_no_private_sector_minimum_before_2022() -> None:
    assert lc.reference.has_statutory_minimum("EG", on=date(2021, 12, 31)) is False
    assert lc.reference_wage("EG", on=date(2022, 1, 1)).area == "private sector"
