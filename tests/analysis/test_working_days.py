"""Reply deadlines in working days: weekends, French public holidays, the turn of the year."""

from __future__ import annotations

from datetime import date

import pytest

from analysis.working_days import add_working_days, is_working_day, working_days_between


def test_a_deadline_skips_the_weekend():
    # Thursday 5 March 2026 + 2 working days: Friday 6, then Monday 9 (not Saturday 7).
    assert add_working_days(date(2026, 3, 5), 2) == date(2026, 3, 9)
    assert add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 9)


def test_a_deadline_skips_a_french_public_holiday():
    # Ascension, Thursday 14 May 2026: received Wednesday 13, 1 working day is Friday 15.
    assert not is_working_day(date(2026, 5, 14))
    assert add_working_days(date(2026, 5, 13), 1) == date(2026, 5, 15)
    # Easter Monday 6 April 2026 (a movable feast) and 14 July too.
    assert add_working_days(date(2026, 4, 3), 1) == date(2026, 4, 7)
    assert add_working_days(date(2026, 7, 13), 1) == date(2026, 7, 15)


def test_a_deadline_crosses_the_year_boundary_past_christmas_and_new_year():
    # Received Friday 18 December 2026; 15 working days skip two weekends, 25 December and
    # 1 January: 21-24, 28-31 Dec (8), 4-8 Jan (13), 11-12 Jan (15).
    assert add_working_days(date(2026, 12, 18), 15) == date(2027, 1, 12)
    assert working_days_between(date(2026, 12, 18), date(2027, 1, 12)) == 15


def test_alsace_moselle_has_good_friday_and_saint_stephen():
    assert is_working_day(date(2026, 12, 26 - 2))  # Thursday 24 December
    assert is_working_day(date(2026, 4, 3))
    assert not is_working_day(date(2026, 4, 3), area="57")
    assert add_working_days(date(2026, 4, 2), 1, area="57") == date(2026, 4, 7)


def test_a_reply_the_same_day_takes_no_working_day_and_days_must_not_be_negative():
    assert working_days_between(date(2026, 3, 5), date(2026, 3, 5)) == 0
    assert add_working_days(date(2026, 3, 5), 0) == date(2026, 3, 5)
    with pytest.raises(ValueError):
        add_working_days(date(2026, 3, 5), -1)
