"""The real year-to-year variation (indicators/overdispersion.py): found from three values per area on, and
estimated without bias (the moment estimator divides by the residuals' own degrees of freedom). By hand and as
hypothesis properties."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.overdispersion import MIN_VALUES, area_residuals, extra_variation
from indicators.uncertainty import Uncertainty

Z = 1.96


def _county(extra: float, years: list[int], *, areas: int = 16, n: float = 20_000, level: float = 25.0,
            rng: random.Random) -> list[tuple[list[tuple[int, float]], Uncertainty]]:
    """`areas` municipalities, flat at `level` %, with real variation `extra` (points) and binomial sampling of n."""
    out = []
    for _ in range(areas):
        points = []
        for year in years:
            true = min(max(level + rng.gauss(0, extra), 0.5), 99.5)
            count = min(max(rng.gauss(true / 100 * n, (true / 100 * (1 - true / 100) * n) ** 0.5), 0.0), n)
            points.append((year, 100 * count / n))
        out.append((points, Uncertainty("wilson", population={y: n for y in years})))
    return out


def test_three_values_per_area_are_enough() -> None:
    """A survey asked three times in ten years still shows its areas' variation (before: none, sampling only)."""
    assert MIN_VALUES == 3
    unc = Uncertainty("wilson", population={y: 5_000.0 for y in (2016, 2020, 2024)})
    residuals = area_residuals([(2016, 30.0), (2020, 33.0), (2024, 30.0)], "percent", unc, Z, relative=False)
    assert residuals is not None and len(residuals) == 3
    assert sum(keep for *_, keep in residuals) == pytest.approx(1.0)  # n − 2 degrees of freedom
    assert area_residuals([(2020, 33.0), (2024, 30.0)], "percent", unc, Z, relative=False) is None
    rng = random.Random(5)
    assert extra_variation(_county(2.0, [2016, 2020, 2024], areas=200, rng=rng), "percent", 10, Z) == \
        pytest.approx(2.0, rel=0.2)


@pytest.mark.parametrize("years", [[2016, 2020, 2024], list(range(2015, 2025))])
def test_the_extra_variance_is_estimated_without_bias(years: list[int]) -> None:
    """Averaged over many simulated counties of 16 municipalities, the estimated extra variance is the true one
    (dividing by the number of years instead of the residuals' degrees of freedom made it too large with
    three values per area: by 15/13)."""
    rng = random.Random(11)
    estimates = [extra_variation(_county(1.5, years, rng=rng), "percent", 10, Z) ** 2 for _ in range(300)]
    assert sum(estimates) / len(estimates) == pytest.approx(1.5 ** 2, rel=0.08)


@given(st.integers(0, 10_000), st.floats(0.0, 3.0), st.sampled_from([3, 4, 6, 10]),
       st.floats(5.0, 95.0), st.floats(500.0, 50_000.0))
@settings(deadline=None, max_examples=60)
def test_a_share_and_its_complement_vary_alike(seed: int, extra: float, n_years: int, level: float,
                                               n: float) -> None:
    """Swapping a share for its complement (100 − p) never changes the extra variation."""
    years = list(range(2025 - n_years, 2025))
    county = _county(extra, years, areas=8, n=n, level=level, rng=random.Random(seed))
    mirrored = [([(y, 100.0 - v) for y, v in points], unc) for points, unc in county]
    assert extra_variation(mirrored, "percent", 10, Z) == pytest.approx(extra_variation(county, "percent", 10, Z),
                                                                        rel=1e-6, abs=1e-9)


@given(st.integers(0, 10_000), st.sampled_from([3, 5, 10]))
@settings(deadline=None, max_examples=40)
def test_the_order_of_the_areas_does_not_matter_and_the_estimate_is_never_negative(seed: int, n_years: int) -> None:
    years = list(range(2025 - n_years, 2025))
    county = _county(1.0, years, areas=10, rng=random.Random(seed))
    estimate = extra_variation(county, "percent", 10, Z)
    assert estimate >= 0
    assert extra_variation(list(reversed(county)), "percent", 10, Z) == pytest.approx(estimate, rel=1e-9, abs=1e-12)
