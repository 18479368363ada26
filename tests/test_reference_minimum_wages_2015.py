"""Minimum wages back to 2015, second pass (issue #13 item 3): published figures reproduced.

Argentina, Ethiopia and Nepal from 2015, and the years missing for India, the Philippines,
Romania, Mexico and Malaysia. Each case gives the figure as the cited page prints it, the date
it applies from, and the page read (retrieved 2026-11-29). Argentina's hourly figure for day
workers is the monthly one over 200 (Resolucion 1/2019: ARS 12,500 = 62.50 an hour).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

import labourchain as lc
from labourchain.errors import MissingRateError, NoStatutoryMinimumError

# (country, a day, amount as published, period, in force from, source read)
PUBLISHED = [
    # Argentina: Salario Minimo, Vital y Movil (resolutions of the Consejo del Salario)
    ("AR", date(2015, 6, 1), 4_716, "month", date(2015, 1, 1), "La Tercera (EFE), 2014 resolution"),
    ("AR", date(2015, 12, 31), 5_588, "month", date(2015, 8, 1), "La Gaceta, 21 July 2015"),
    ("AR", date(2016, 3, 1), 6_060, "month", date(2016, 1, 1), "La Gaceta, second step"),
    ("AR", date(2017, 3, 1), 8_060, "month", date(2017, 1, 1), "AFP, May 2016 agreement"),
    ("AR", date(2017, 7, 1), 8_860, "month", date(2017, 7, 1), "Elonce, June 2017 resolution"),
    ("AR", date(2018, 10, 1), 10_700, "month", date(2018, 9, 1), "Res. 1/2019 via TSN Necochea"),
    ("AR", date(2019, 6, 1), 12_500, "month", date(2019, 3, 1), "Res. 1/2019 via TSN Necochea"),
    ("AR", date(2020, 6, 1), 16_875, "month", date(2019, 10, 1), "Res. 6/2019 via iProfesional"),
    ("AR", date(2021, 3, 1), 21_600, "month", date(2021, 3, 1), "Res. 4/2020 via SIA Sueldos"),
    ("AR", date(2021, 9, 15), 31_104, "month", date(2021, 9, 1), "Res. 11/2021 via ATC Rosario"),
    ("AR", date(2022, 2, 1), 33_000, "month", date(2022, 2, 1), "Res. 11/2021 via ATC Rosario"),
    ("AR", date(2022, 6, 1), 45_540, "month", date(2022, 6, 1), "Red92: brought forward to June"),
    ("AR", date(2023, 3, 1), 69_500, "month", date(2023, 3, 1), "Que Digital, Nov 2022 resolution"),
    ("AR", date(2023, 9, 30), 118_000, "month", date(2023, 9, 1), "La Gaceta, 17 July 2023"),
    ("AR", date(2024, 1, 15), 156_000, "month", date(2023, 12, 1), "Zorzal; La Nacion: 156,000"),
    ("AR", date(2024, 3, 1), 202_800, "month", date(2024, 3, 1), "Res. 4/2024 via La Nacion"),
    ("AR", date(2024, 6, 30), 234_315.12, "month", date(2024, 5, 1), "Res. 9/2024 via Tucten"),
    ("AR", date(2024, 11, 30), 271_571.22, "month", date(2024, 10, 1), "El Marplatense"),
    ("AR", date(2025, 3, 1), 296_832, "month", date(2025, 3, 1), "Res. 17/2024 via El Popular"),
    ("AR", date(2025, 10, 31), 322_200, "month", date(2025, 8, 1), "Res. 5/2025 via Sitio Andino"),
    ("AR", date(2026, 8, 1), 376_600, "month", date(2026, 8, 1), "Res. 9/2025 via Primera Edicion"),
    # Nepal: minimum remuneration (basic + dearness allowance), workers other than tea estates
    ("NP", date(2016, 2, 1), 9_700, "month", date(2016, 2, 1), "Nepal Gazette 1 Feb 2016"),
    ("NP", date(2018, 7, 17), 13_450, "month", date(2018, 7, 17), "Shrawan 1, 2075"),
    ("NP", date(2021, 7, 16), 15_000, "month", date(2021, 7, 16), "Gazette 20 Baishakh 2078, DNDA"),
    ("NP", date(2023, 7, 17), 17_300, "month", date(2023, 7, 17), "Gazette Vol. 73 No. 24"),
    ("NP", date(2025, 7, 17), 19_550, "month", date(2025, 7, 17), "tripartite agreement, 2025"),
    # India: national floor level minimum wage (advisory)
    ("IN", date(2015, 1, 1), 137, "day", date(2013, 7, 1), "Labour Ministry via PTI"),
    ("IN", date(2016, 6, 1), 160, "day", date(2015, 7, 1), "Labour Ministry via BusinessLine"),
    # Philippines: Metro Manila (NCR), non-agriculture
    ("PH", date(2015, 1, 1), 466, "day", date(2013, 10, 4), "Wage Order NCR-18, PhilCPA"),
    ("PH", date(2016, 6, 2), 491, "day", date(2016, 6, 2), "Wage Order NCR-20, NWPC"),
    ("PH", date(2018, 1, 1), 512, "day", date(2017, 10, 5), "Wage Order NCR-21, ASEAN Tribune"),
    ("PH", date(2018, 11, 22), 537, "day", date(2018, 11, 22), "Wage Order NCR-22, Cebu Daily"),
    # Romania: Government decisions of 2016 and 2017
    ("RO", date(2016, 4, 30), 1_050, "month", date(2015, 7, 1), "HG 1091/2014 until 30 April 2016"),
    ("RO", date(2016, 5, 1), 1_250, "month", date(2016, 5, 1), "2016 decision, Avocat Pavel"),
    ("RO", date(2017, 2, 1), 1_450, "month", date(2017, 2, 1), "HG 1/2017, Radio Romania"),
    # Mexico: Conasami, 2015 (area A, then one national minimum)
    ("MX", date(2015, 1, 1), 70.10, "day", date(2015, 1, 1), "DOF Dec 2014, Rosarito Informa"),
    ("MX", date(2015, 10, 1), 70.10, "day", date(2015, 10, 1), "areas unified, Auxadi"),
    # Malaysia: Minimum Wages Order 2012 (Peninsular)
    ("MY", date(2015, 1, 1), 900, "month", date(2013, 1, 1), "MWO 2012, MOHR"),
    # Serbia: net minimum price of an hour of work, Government decisions
    ("RS", date(2015, 6, 1), 121, "hour", date(2015, 1, 1), "decision of 30 Sept 2014, Icarus"),
    ("RS", date(2016, 6, 1), 121, "hour", date(2016, 1, 1), "kept for 2016, Javne finansije"),
    ("RS", date(2017, 6, 1), 130, "hour", date(2017, 1, 1), "Sl. glasnik 77/2016, IPC"),
    ("RS", date(2018, 6, 1), 143, "hour", date(2018, 1, 1), "Sl. glasnik 88/17, Cekos"),
    ("RS", date(2019, 6, 1), 155.30, "hour", date(2019, 1, 1), "Sl. glasnik 69/2018, KNGere"),
    ("RS", date(2020, 6, 1), 172.54, "hour", date(2020, 1, 1), "Srbija Danas via Naslovi"),
    ("RS", date(2021, 6, 1), 183.93, "hour", date(2021, 1, 1), "2021 decision, Nimi"),
    ("RS", date(2022, 6, 1), 201.22, "hour", date(2022, 1, 1), "decided 9 Sept 2021, Republika"),
    # Madagascar: SMIG / minimum hiring wage, private sector, non-agricultural
    ("MG", date(2017, 2, 1), 155_000, "month", date(2017, 2, 1), "28 Feb 2017 decree, RFI"),
    ("MG", date(2020, 6, 1), 200_000, "month", date(2019, 5, 1), "agreed 30 April 2019, RFI"),
    ("MG", date(2022, 6, 1), 250_000, "month", date(2022, 5, 1), "1 May 2022, PressAfrik"),
    # Syria: private, cooperative and joint sectors (old pounds)
    ("SY", date(2021, 8, 1), 71_515, "month", date(2021, 7, 11), "11 July 2021, Syriac Press"),
    ("SY", date(2023, 9, 1), 185_940, "month", date(2023, 8, 15), "decrees 15 Aug 2023, AFP"),
    # Venezuela, bolivares fuertes (held under VES, in the unit in force) until 2018-08-20
    ("VE", date(2015, 1, 1), 4_889.15, "month", date(2014, 12, 1), "Confirmado, Dec 2014"),
    ("VE", date(2015, 2, 1), 5_622.48, "month", date(2015, 2, 1), "decree 9 Feb 2015"),
    ("VE", date(2015, 7, 1), 7_421.67, "month", date(2015, 7, 1), "GO Ext. 6.181, Notiactual"),
    ("VE", date(2016, 5, 1), 15_051.15, "month", date(2016, 5, 1), "Infobae, 1 May 2016"),
    ("VE", date(2016, 11, 1), 27_092, "month", date(2016, 11, 1), "EFE via Noticias 2025"),
    ("VE", date(2017, 9, 1), 136_544.18, "month", date(2017, 9, 1), "GO 41.231, Notiyara"),
    ("VE", date(2018, 3, 1), 392_646, "month", date(2018, 3, 1), "El Mundo, March 2018"),
    ("VE", date(2018, 5, 1), 1_000_000, "month", date(2018, 5, 1), "RT, 1 May 2018"),
    # Venezuela, bolivar of 2018 (VES) until the 2021 redenomination
    ("VE", date(2018, 9, 1), 1_800, "month", date(2018, 9, 1), "Decreto 3.601, GO 41.472"),
    ("VE", date(2019, 6, 1), 40_000, "month", date(2019, 4, 25), "GO Ext. 6.452, La Republica"),
    ("VE", date(2020, 1, 1), 250_000, "month", date(2020, 1, 1), "Decreto 4.093, Cactus24"),
    ("VE", date(2021, 5, 1), 7_000_000, "month", date(2021, 5, 1), "Minister Pinate, Konuco"),
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
        # official hourly values printed with the resolution, notice or order
        ("AR", date(2019, 3, 1), 62.50),  # Res. 1/2019: ARS 62.50 an hour for day workers
        ("AR", date(2019, 8, 1), 70.62),  # Res. 6/2019: ARS 70.62
        ("AR", date(2024, 2, 1), 900),  # Res. 4/2024: ARS 900
        ("AR", date(2025, 8, 1), 1_610),  # Res. 5/2025: ARS 1,610 (322,200 / 200 = 1,611)
        ("NP", date(2021, 8, 1), 77),  # 2078 notice: NPR 77 an hour
        ("NP", date(2024, 1, 1), 89),  # 2080 notice: NPR 89 an hour
        ("NP", date(2025, 8, 1), 101),  # 2082 agreement: NPR 101 an hour
        ("MY", date(2015, 1, 1), 4.33),  # MWO 2012: RM4.33 an hour
        ("RO", date(2016, 6, 1), 7.382),  # 2016 decision: 7.382 lei/hour
        ("RO", date(2017, 6, 1), 8.735),  # HG 1/2017: 8.735 lei/hour
    ],
)
def test_official_hourly_values(
    country: str, day: date, hourly: float, official_hourly: Callable[..., None]
) -> None:
    official_hourly(country, day, hourly)


@pytest.mark.parametrize("country", ["AR", "NP", "IN", "PH", "MX", "MY", "RO", "RS", "VE"])
def test_covered_back_to_2015(country: str, covered_back_to_2015: Callable[[str], None]) -> None:
    covered_back_to_2015(country)


@pytest.mark.parametrize("day", [date(2015, 1, 1), date(2019, 9, 5), date(2026, 6, 1)])
def test_ethiopia_has_no_private_sector_minimum(day: date) -> None:
    # WageIndicator (updated 2025-06-22): "There is no national minimum wage"; the Wage Board
    # of Labour Proclamation 1156/2019 has fixed none
    assert lc.reference.has_statutory_minimum("ET", on=day) is False
    # both rows name the documented alternative: the civil-service minimum (public sector only)
    with pytest.raises(NoStatutoryMinimumError, match="civil"):
        lc.reference_wage("ET", on=day)


def test_steps_not_read_are_errors_not_guesses() -> None:
    # Argentina June to December 2016: the steps towards 8,060 were not read
    with pytest.raises(MissingRateError, match="verified"):
        lc.reference_wage("AR", on=date(2016, 9, 1), kind="minimum")
    # Tanzania's 2013 Wage Order (GN 196 of 2013): its rate for other sectors was found since
    # (Tshs 100,000 from 2013-07-01, ILO NATLEX), so it is no longer a gap
    assert lc.reference_wage("TZ", on=date(2018, 6, 1)).amount.magnitude == pytest.approx(100_000)


@pytest.mark.parametrize(
    ("country", "day"),
    [
        ("MG", date(2015, 6, 1)),  # 144,000 in force until January 2017: its start not read
        ("MG", date(2018, 6, 1)),  # 168,000 (RFI) or 169,000 (La Tribune): date not read
        ("MG", date(2023, 6, 1)),  # Decree 2023-165: figure not confirmed
        ("LB", date(2022, 6, 1)),  # changes from May 2022 to Decree 13164 of 2024 not pinned
        ("LB", date(2023, 6, 1)),
        ("SY", date(2016, 6, 1)),  # before November 2019: not read
        ("SY", date(2020, 6, 1)),  # about 47,000: exact figure not read
        ("SY", date(2022, 6, 1)),  # Decree 29 of 2021: effect on the private minimum not read
    ],
)
def test_figures_not_pinned_are_unverified(country: str, day: date) -> None:
    with pytest.raises(MissingRateError, match="verified"):
        lc.reference_wage(country, on=day, kind="minimum")
    assert lc.reference.has_statutory_minimum(country, on=day) is True


def test_venezuela_minimum_across_the_2021_redenomination() -> None:
    # 7,000,000 bolivares of May 2021 are 7 bolivares after 1 October 2021 (BCV: / 1,000,000)
    assert lc.reference_wage("VE", on=date(2021, 11, 1)).amount.magnitude == pytest.approx(7)
    # 130 from 2022-03-15 (Decreto 4.653), still in force: "desde 2022, el salario minimo se
    # mantiene en 130 bolivares" (EVTV Miami, 2026), "se mantendra en 130" (Pulzo, May 2023)
    assert lc.reference_wage("VE", on=date(2026, 3, 1)).amount.magnitude == 130
    # the gaps not read are errors, not guesses
    for day in (date(2018, 7, 1), date(2019, 1, 20), date(2020, 8, 1)):
        with pytest.raises(MissingRateError, match="verified"):
            lc.reference_wage("VE", on=day)


def test_serbia_is_held_from_2015_and_net() -> None:
    wage = lc.reference_wage("RS", on=date(2015, 1, 1))
    assert wage.effective_from == date(2015, 1, 1)
    assert "NET" in wage.scope


def test_kenya_unchanged_from_2018_to_may_2022() -> None:
    # Mwakilishi (2022-05-01): "The government last reviewed the country's minimum wage to
    # Sh13,500 in 2018" before the 12% rise from 1 May 2022
    for day in (date(2019, 6, 1), date(2020, 6, 1), date(2021, 6, 1), date(2022, 4, 30)):
        assert lc.reference_wage("KE", on=day).amount.magnitude == pytest.approx(13_572.90)
    assert lc.reference_wage("KE", on=date(2022, 5, 1)).amount.magnitude == pytest.approx(15_201.65)


def test_nigeria_thirty_thousand_until_the_2024_act() -> None:
    # N30,000 (Act of 2019, rows citing The Nation's timeline) until the N70,000 Act signed on
    # 29 July 2024 (Premium Times; Punch 2024-07-18: "approved N70,000 as the new minimum wage")
    for day in (date(2020, 6, 1), date(2021, 6, 1), date(2022, 6, 1), date(2023, 6, 1)):
        assert lc.reference_wage("NG", on=day).amount.magnitude == 30_000
    assert lc.reference_wage("NG", on=date(2024, 7, 29)).amount.magnitude == 70_000


def test_mexico_2015_names_area_a() -> None:
    wage = lc.reference_wage("MX", on=date(2015, 6, 1))
    assert "area A" in wage.area
    assert "66.45" in wage.scope  # area B's figure, in the scope
    assert lc.reference_wage("MX", on=date(2015, 10, 1)).area == "national"


# ---------------------------------------------------------------- dated rates checked again


@pytest.mark.parametrize(
    ("day", "rate", "source"),
    [
        # Banco Central de Venezuela official rates (2021 bolivar)
        (date(2025, 7, 1), 108.97, "La Patilla via Gerente: 108,97 on 1 July 2025"),
        (date(2025, 7, 22), 120.42, "La Patilla via Gerente: 120,42 on Tuesday 22 July 2025"),
        (date(2025, 10, 21), 207.89, "Foco Informativo: 207,89 for Tuesday 21 October 2025"),
        (date(2025, 12, 25), 288.44, "2001 Online: Bs. 288,44 for Thursday 25 December 2025"),
    ],
)
def test_bolivar_official_rates_reproduced(day: date, rate: float, source: str) -> None:
    figure = lc.reference.exchange_rate_figures(on=day)["VES"]
    assert figure.amount == pytest.approx(rate), source
    assert figure.stale_by_days == 0, source


def test_no_rate_cites_a_mirror_site() -> None:
    # the 2025-07-25 quote read only on gtysu.xhvpn.com was replaced by a La Patilla report; the
    # 2025-10-21 one (awsbyt.com) now cites Foco Informativo
    urls = [f.citation.url or "" for f in lc.reference.figures()]
    assert not [u for u in urls if "xhvpn" in u or "awsbyt" in u]


def test_lebanese_pound_2024_cites_the_89500_market_rate() -> None:
    # LBC (2024-02-18): "the market rate, which stands at 89,500 Lebanese pounds"
    figure = lc.reference.exchange_rate_figures(on=date(2024, 2, 18))["LBP"]
    assert figure.amount == pytest.approx(89_500)
    assert "lbcgroup.tv" in (figure.citation.url or "")


@pytest.mark.parametrize(
    ("on", "factor", "source"),
    [
        # El Ciudadano (BCV): "la division entre cien mil"; Diario.mx 2018-08-20
        (date(2018, 8, 20), 100_000.0, "bolivar soberano"),
        # BCV communique via El Heraldo (2021-08-06): "se dividira entre un millon"
        (date(2021, 10, 1), 1_000_000.0, "bolivar digital"),
    ],
)
def test_bolivar_redenominations_match_the_published_dates(
    on: date, factor: float, source: str
) -> None:
    held = {(r.on, r.factor) for r in lc.reference.redenominations() if r.currency == "VES"}
    assert (on, factor) in held, source
