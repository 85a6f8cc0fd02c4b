"""Ranking many units by a proportion without over-reading it: ranks with ties, Holm's correction.

Generic (no site or survey vocabulary) so any grouping of rates can use it.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm's step-down adjusted p-values, in the input order.

    Comparing 100 sites with the rest at 5 % would flag about five as different by chance
    alone; Holm's adjustment keeps that risk at 5 % for all of them together, whatever the
    dependence between the tests, and is never less powerful than Bonferroni's.
    """
    order = sorted(range(len(p_values)), key=lambda i: p_values[i])
    adjusted = [1.0] * len(p_values)
    running = 0.0
    for step, index in enumerate(order):
        running = max(running, min(1.0, (len(p_values) - step) * p_values[index]))
        adjusted[index] = running
    return adjusted


def competition_ranks(
    entries: Sequence[tuple[Hashable, int, int, str]],
) -> dict[Hashable, int]:
    """key -> rank from (key, successes, n, name) with n > 0, highest proportion first.

    Standard competition ranking ("1, 2, 2, 4"): exactly equal proportions (compared as
    fractions, so 9/10 ties 18/20) share a rank; the name only orders ties for display.
    """
    if any(n <= 0 for _, _, n, _ in entries):
        raise ValueError("every ranked entry needs n > 0")
    ordered = sorted(entries, key=lambda e: (-e[1] / e[2], -e[2], e[3]))
    ranks: dict[Hashable, int] = {}
    for position, (key, successes, n, _) in enumerate(ordered, start=1):
        if position > 1:
            previous_key, previous_successes, previous_n, _ = ordered[position - 2]
            if successes * previous_n == previous_successes * n:
                ranks[key] = ranks[previous_key]
                continue
        ranks[key] = position
    return ranks
