"""National view: the sites' results for one questionnaire side by side, ranked with care.

Pure computation on per-site tallies (one GROUP BY across sites, in survey_app.counts.reading):
each site's rates with Wilson intervals, the national total, each site against the rest of
the country (Holm-corrected), and a ranking that leaves small samples out instead of
ranking noise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from questionnaires.model import Item

from ..ranking import competition_ranks, holm
from ..results import SMALL_SAMPLE_BELOW, rating_result
from ..stats import TwoProportionTest, two_proportion_test
from ..tally import Tally
from .sites import NATIONAL, NationalResults, SiteResult, SiteTally


def _site_result(site: SiteTally, items, rank_item, small_below) -> SiteResult:
    return SiteResult(
        slug=site.slug,
        name=site.name,
        responses=site.tally.responses,
        ratings=tuple(rating_result(i, site.tally, small_below) for i in items),
        rank_item=rank_item,
        campaigns=site.campaigns,
    )


def _pooled(sites: Sequence[SiteTally]) -> Tally:
    """All sites' counts added up: the national total."""
    channels: dict[str, int] = {}
    for site in sites:
        for channel, count in site.tally.responses_by_channel.items():
            channels[channel] = channels.get(channel, 0) + count
    rows = ((k, v, n) for site in sites for (k, v), n in site.tally.counts.items())
    return Tally.from_rows(rows, responses_by_channel=channels)


def _versus_rest(results: Sequence[SiteResult], total: SiteResult) -> dict[str, TwoProportionTest]:
    """Each site's rank-item rate against all the other sites' answers pooled."""
    tests = {}
    for site in results:
        if site.main is None or total.main is None:
            continue
        rest_n, rest_satisfied = (
            total.main.n - site.main.n,
            total.main.satisfied - site.main.satisfied,
        )
        test = two_proportion_test(site.main.satisfied, site.main.n, rest_satisfied, rest_n)
        if test is not None:
            tests[site.slug] = test
    return tests


def national_results(
    items: Sequence[Item],
    sites: Sequence[SiteTally],
    small_sample_below: int = SMALL_SAMPLE_BELOW,
    rank_item: str | None = None,
) -> NationalResults:
    """Rates per site and nationally; rank by `rank_item` (default: the overall item, else the
    first rating item) the sites with at least `small_sample_below` expressed answers."""
    ratings = [i for i in items if i.type == "rating"]
    if rank_item is None:
        chosen = next((i for i in ratings if i.is_overall), ratings[0] if ratings else None)
        rank_item = chosen.key if chosen else None
    results = [_site_result(s, ratings, rank_item, small_sample_below) for s in sites]
    total_tally = _pooled(sites)
    national = SiteTally(NATIONAL, "Ensemble des sites", total_tally)
    total = _site_result(national, ratings, rank_item, small_sample_below)
    tests = _versus_rest(results, total)
    adjusted = dict(zip(tests, holm([t.p_value for t in tests.values()]), strict=True))
    ranks = competition_ranks(
        [(s.slug, s.main.satisfied, s.main.n, s.name) for s in results if not s.is_small_sample]
    )
    final = [
        replace(
            s,
            rank=ranks.get(s.slug),
            versus_rest=tests.get(s.slug),
            adjusted_p_value=adjusted.get(s.slug),
        )
        for s in results
    ]
    return NationalResults(
        items=tuple(ratings),
        rank_item=rank_item,
        sites=tuple(sorted(final, key=_display_order)),
        total=total,
        small_sample_below=small_sample_below,
        unmatched=_unmatched(items, total_tally),
    )


def _display_order(site: SiteResult) -> tuple:
    """Ranked sites by rank, then small samples by rate (highest first), names for ties."""
    if site.rank is not None:
        return (0, site.rank, site.name.casefold())
    rate = site.main.satisfaction_rate if site.main else None
    return (1, -(rate if rate is not None else -1.0), site.name.casefold())


def _unmatched(items: Sequence[Item], tally: Tally) -> dict[tuple[str, str], int]:
    by_key = {i.key: i for i in items}
    return {
        (key, value): count
        for (key, value), count in tally.counts.items()
        if key not in by_key or by_key[key].option(value) is None
    }
