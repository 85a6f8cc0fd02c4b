"""The pure burst/identical-run rules (survey_app/collect/misuse.py): no app, no database."""

from __future__ import annotations

import pytest

from survey_app.collect.misuse import BURST, IDENTICAL_RUN, History, Policy, judge
from survey_app.core.setting_values import burst_rate

POLICY = Policy(identical_run=3, identical_seconds=600, burst_count=4, burst_seconds=60)


def run(events, policy=POLICY):
    """Verdicts of a sequence of (id, content, seconds) from one source."""
    history, reasons = None, []
    for response_id, content, at in events:
        reason, history = judge(history, response_id, content, at, policy)
        reasons.append(reason)
    return reasons


def test_the_third_identical_response_in_a_row_is_flagged_and_the_next_ones_too():
    events = [(f"r{n}", "same", n * 120) for n in range(5)]
    assert run(events) == [None, None, IDENTICAL_RUN, IDENTICAL_RUN, IDENTICAL_RUN]


def test_two_identical_responses_in_a_row_are_normal():
    assert run([("a", "same", 0), ("b", "same", 200), ("c", "other", 400)]) == [None] * 3


def test_a_different_response_breaks_the_run():
    events = [("a", "x", 0), ("b", "x", 100), ("c", "y", 200), ("d", "x", 300), ("e", "x", 400)]
    assert run(events) == [None] * 5


def test_identical_responses_far_apart_do_not_make_a_run():
    events = [(f"r{n}", "same", n * 601) for n in range(4)]
    assert run(events) == [None] * 4


def test_more_than_four_responses_within_a_minute_is_a_burst():
    events = [(f"r{n}", f"c{n}", n * 10) for n in range(6)]
    assert run(events) == [None, None, None, None, BURST, BURST]


def test_four_responses_a_minute_apart_each_are_human():
    events = [(f"r{n}", f"c{n}", n * 16) for n in range(8)]  # 5 span 64 s > 60 s
    assert run(events) == [None] * 8


def test_a_tablet_queue_sent_out_of_order_is_judged_on_collection_times():
    spread = [("a", "1", 300), ("b", "2", 0), ("c", "3", 600), ("d", "4", 120), ("e", "5", 900)]
    assert run(spread) == [None] * 5
    bunched = [("a", "1", 0), ("b", "2", 50), ("c", "3", 10), ("d", "4", 40), ("e", "5", 20)]
    assert run(bunched) == [None, None, None, None, BURST]


def test_a_retry_of_the_same_id_keeps_its_verdict_and_counts_once():
    history = None
    verdicts = []
    for response_id in ("a", "b", "b", "b", "c"):
        reason, history = judge(history, response_id, "same", 0, POLICY)
        verdicts.append(reason)
    assert verdicts == [None, None, None, None, IDENTICAL_RUN]
    assert history.run == 3


def test_a_zero_count_switches_a_rule_off():
    quiet = Policy(identical_run=0, identical_seconds=600, burst_count=0, burst_seconds=60)
    assert run([(f"r{n}", "same", n) for n in range(10)], quiet) == [None] * 10


def test_history_survives_its_json_round_trip():
    _, history = judge(None, "a", "x", 12.5, POLICY)
    assert History.from_json(history.to_json()) == history


@pytest.mark.parametrize(
    "text,expected", [("4 per minute", (4, 60.0)), ("10/hour", (10, 3600.0)), ("", (0, 0.0))]
)
def test_burst_rate_reads_a_rate_string(text, expected):
    assert burst_rate(text) == expected


def test_a_bad_burst_rate_is_named():
    with pytest.raises(ValueError, match="expected a rate such as '4 per minute'"):
        burst_rate("often")
