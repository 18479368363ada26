"""Minimum wages back to 2015, third pass (issue #13 item 3): KE UA GH TR LK MA TZ PK LB SY.

Each case gives the figure as the cited page prints it, the date it applies from, and the page
read (retrieved 2026-11-29). Ukraine's rows are the statutory HOURLY minimum that each State
Budget law sets beside the monthly one; Turkey's are NET (as the existing series).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

import labourchain as lc
from labourchain.errors import MissingRateError, NoStatutoryMinimumError

# (country, a day, amount as published, period, in force from, source read)
PUBLISHED = [
    # Kenya: general labourer in Nairobi, Mombasa and Kisumu
    ("KE", date(2015, 1, 1), 9_781, "month", date(2013, 5, 1), "The Star 2015: 'up from Sh9,781'"),
    ("KE", date(2016, 1, 1), 10_954, "month", date(2015, 5, 1), "The Star 2015-07-14"),
    ("KE", date(2017, 1, 1), 10_954, "month", date(2015, 5, 1), "no rise in 2016 (Nation 2017)"),
    # Ukraine: hourly minimum of the State Budget law of each year
    ("UA", date(2015, 1, 1), 7.29, "hour", date(2015, 1, 1), "2015 budget law, artemrada.gov.ua"),
    ("UA", date(2016, 1, 1), 8.29, "hour", date(2016, 1, 1), "Law 928-VIII, Drohobych RDA"),
    ("UA", date(2016, 7, 1), 8.69, "hour", date(2016, 5, 1), "Law 928-VIII, Drohobych RDA"),
    ("UA", date(2016, 12, 1), 9.59, "hour", date(2016, 12, 1), "Law 1384-VIII, Uteka"),
    ("UA", date(2017, 7, 1), 19.34, "hour", date(2017, 1, 1), "Law 1801-VIII, Kostiantynivka ODPI"),
    ("UA", date(2018, 7, 1), 22.41, "hour", date(2018, 1, 1), "2018 budget law, 6264.com.ua"),
    ("UA", date(2019, 7, 1), 25.13, "hour", date(2019, 1, 1), "Law 2629-VIII, art. 8, Dobropillia"),
    ("UA", date(2020, 7, 1), 28.31, "hour", date(2020, 1, 1), "2020 budget law, Arbitrium"),
    ("UA", date(2020, 9, 1), 29.20, "hour", date(2020, 9, 1), "Law 822-IX, Varash city council"),
    ("UA", date(2021, 7, 1), 36.11, "hour", date(2021, 1, 1), "Law 1082-IX, art. 8, UNN"),
    ("UA", date(2021, 12, 1), 39.12, "hour", date(2021, 12, 1), "Law 1082-IX, Yuzhnoukrainsk"),
    ("UA", date(2022, 7, 1), 39.26, "hour", date(2022, 1, 1), "Law 1928-IX, Prokadry"),
    ("UA", date(2023, 7, 1), 40.46, "hour", date(2022, 10, 1), "Law 1928-IX, Yuzhnoukrainsk"),
    # Ghana: National Daily Minimum Wage (National Tripartite Committee)
    ("GH", date(2017, 7, 1), 8.80, "day", date(2017, 1, 1), "NTC 7 Sept 2016, Daily Guide"),
    ("GH", date(2018, 7, 1), 9.68, "day", date(2018, 1, 1), "NTC 11 July 2017, Myjoyonline"),
    # Turkey: NET monthly minimum wage of a single worker
    ("TR", date(2015, 1, 1), 949, "month", date(2015, 1, 1), "Minister Celik, Karaman Gundem"),
    ("TR", date(2015, 7, 1), 1_000, "month", date(2015, 7, 1), "Minister Celik, Karaman Gundem"),
    ("TR", date(2026, 6, 1), 28_075, "month", date(2026, 1, 1), "Minister Isikhan, Haberturk"),
    ("GH", date(2016, 7, 1), 8.00, "day", date(2016, 1, 1), "Minister Iddrisu, Citi FM"),
    # Tanzania: Wage Order GN 196 of 2013, 'other sectors'
    ("TZ", date(2015, 1, 1), 100_000, "month", date(2013, 7, 1), "GN 196 of 2013, ILO NATLEX"),
    ("TZ", date(2022, 12, 31), 100_000, "month", date(2013, 7, 1), "GN 196 of 2013, ILO NATLEX"),
    # Pakistan: federal minimum wage of the budget (from 1 July)
    ("PK", date(2015, 1, 1), 12_000, "month", date(2014, 7, 1), "Budget 2014-15, The Nation"),
    ("PK", date(2016, 1, 1), 13_000, "month", date(2015, 7, 1), "Budget 2015-16, UrduPoint"),
    # Lebanon: private sector, 675,000 from the 2012 decision until the May 2022 decree
    ("LB", date(2016, 7, 1), 675_000, "month", date(2015, 1, 1), "Al Bawaba (Daily Star) 2016"),
    ("LB", date(2022, 4, 30), 675_000, "month", date(2015, 1, 1), "Sawt Beirut: +1,325,000 (2022)"),
    # Syria: private, cooperative and joint sectors (old pounds)
    ("SY", date(2015, 6, 1), 13_670, "month", date(2015, 1, 1), "Decree 38 of 2013 (SANA)"),
    ("SY", date(2015, 10, 1), 16_175, "month", date(2015, 10, 1), "Decree 41 of 2015, SANA"),
    # Sri Lanka: national minimum monthly wage (Act No. 3 of 2016 as amended)
    ("LK", date(2024, 7, 1), 12_500, "month", date(2021, 8, 16), "amendment passed 3 Sept 2024"),
    ("LK", date(2025, 1, 1), 17_500, "month", date(2024, 9, 1), "Labour Ministry, Sri Lanka News"),
    # Morocco: SMIG (non-agricultural), hourly
    ("MA", date(2015, 1, 1), 12.85, "hour", date(2014, 7, 1), "Decret 2.14.343, Nouvelles Maroc"),
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


def test_ukraine_hourly_figure_is_the_statutory_one_not_monthly_over_hours() -> None:
    # 2019: monthly 4,173 and hourly 25.13; 4,173 / 173.33 would give 24.08
    wage = lc.reference_wage("UA", on=date(2019, 3, 1), kind="minimum")
    assert wage.hourly.magnitude == pytest.approx(25.13)
    assert "4,173" in wage.scope


def test_ukraine_september_2015_step_is_unverified_not_guessed() -> None:
    # the monthly minimum rose to 1,378 from 1 September 2015; its hourly figure was not read
    with pytest.raises(MissingRateError, match="verified"):
        lc.reference_wage("UA", on=date(2015, 10, 1), kind="minimum")


@pytest.mark.parametrize("country", ["UA", "TR"])
def test_covered_from_2015_to_2026(country: str) -> None:
    for year in range(2015, 2027):
        for month in (1, 7):
            day = date(year, month, 1)
            if country == "UA" and date(2015, 9, 1) <= day < date(2016, 1, 1):
                continue
            assert lc.reference_wage(country, on=day, kind="minimum").amount.magnitude > 0


def test_sri_lanka_had_no_national_minimum_before_2016() -> None:
    # Act No. 3 of 2016 'established a National Minimum Wage ... effective from January 1, 2016'
    with pytest.raises(NoStatutoryMinimumError, match="Wages Boards"):
        lc.reference_wage("LK", on=date(2015, 6, 1), kind="minimum")
    assert lc.reference_wage("LK", on=date(2016, 1, 1)).amount.magnitude == pytest.approx(10_000)


def test_kenya_rises_chain_to_the_2017_figure() -> None:
    # 9,781 x 1.12 = 10,954 (2015); 10,954 x 1.18 = 12,926 (2017, the existing row)
    on = [date(2015, 1, 1), date(2016, 1, 1), date(2017, 6, 1)]
    a, b, c = (lc.reference_wage("KE", on=day).amount.magnitude for day in on)
    assert b == pytest.approx(a * 1.12, rel=1e-3)
    assert c == pytest.approx(b * 1.18, rel=1e-3)


def test_lebanon_after_the_may_2022_decree_is_unverified() -> None:
    with pytest.raises(MissingRateError, match="verified"):
        lc.reference_wage("LB", on=date(2022, 5, 1), kind="minimum")


def test_syria_after_2015_is_unverified_until_2019() -> None:
    # 16,175 is confirmed only at its start (1 October 2015); 2016 to November 2019 not read
    with pytest.raises(MissingRateError, match="verified"):
        lc.reference_wage("SY", on=date(2017, 1, 1), kind="minimum")
