import datetime as dt

from intercoop.core.workdays import calendar_for


def test_a_notice_counts_the_make_up_sunday_and_skips_the_weekend():
    cal = calendar_for()
    # Friday 18 Sep 2026; Saturday off; Sunday 20 Sep is a make-up working day before the National Day.
    assert cal.span_end(dt.date(2026, 9, 18), 5) == dt.date(2026, 9, 23)


def test_holidays_are_skipped_when_adding_working_days():
    cal = calendar_for()
    assert not cal.is_workday(dt.date(2026, 10, 5))
    assert cal.is_workday(dt.date(2026, 10, 10))  # Saturday, make-up working day
    # 15 working days after Wednesday 30 Sep 2026: Oct 1–7 off; 8, 9, 10 (make-up Saturday), then
    # 12–16, 19–23, 26 and 27 October.
    assert cal.add(dt.date(2026, 9, 30), 15) == dt.date(2026, 10, 27)


def test_the_published_calendar_knows_its_years_only():
    assert not calendar_for().covered(2030) and calendar_for().covered(2026)
