"""Bootstrap intervals and the paired test: seeded, shared indices, known answers."""

from __future__ import annotations

import numpy as np
import pytest

from summarize.evaluate.bootstrap import confidence_interval, paired_test, resample_indices


def test_indices_are_seeded_and_shaped():
    a = resample_indices(7, 50, seed=3)
    assert a.shape == (50, 7) and a.min() >= 0 and a.max() <= 6
    assert np.array_equal(a, resample_indices(7, 50, seed=3))
    assert not np.array_equal(a, resample_indices(7, 50, seed=4))
    with pytest.raises(ValueError):
        resample_indices(0, 10, seed=0)


def test_interval_of_a_constant_is_the_constant_and_brackets_the_mean():
    indices = resample_indices(20, 1000, seed=0)
    assert confidence_interval(np.full(20, 0.4), indices) == pytest.approx((0.4, 0.4))
    values = np.linspace(0.1, 0.5, 20)
    low, high = confidence_interval(values, indices)
    assert low < values.mean() < high
    # The standard error of the mean here is about 0.026, so a 95% interval spans about 0.1.
    assert 0.07 < high - low < 0.13


def test_interval_matches_a_direct_percentile_computation():
    values = np.array([0.2, 0.5, 0.3, 0.9, 0.1])
    indices = np.array([[0, 0, 0, 0, 0], [1, 1, 1, 1, 1], [3, 3, 3, 3, 3], [0, 1, 2, 3, 4]])
    # Resampled means: 0.2, 0.5, 0.9, 0.4 -> 2.5th and 97.5th percentiles by linear interpolation.
    assert confidence_interval(values, indices) == pytest.approx(
        tuple(np.percentile([0.2, 0.5, 0.9, 0.4], [2.5, 97.5]))
    )


def test_paired_test():
    indices = resample_indices(30, 2000, seed=1)
    rng = np.random.default_rng(5)
    base = rng.uniform(0.2, 0.4, 30)

    same = paired_test(base, base, indices)
    assert same.delta == 0 and same.p_value == 1.0

    better = paired_test(base, base + 0.05 + rng.normal(0, 0.01, 30), indices)
    assert better.delta == pytest.approx(0.05, abs=0.01)
    assert better.ci[0] > 0 and better.p_value < 0.001

    noise = paired_test(base, base + rng.normal(0, 0.05, 30), indices)
    # Zero-mean noise (seeded): the interval straddles zero and the test finds no difference.
    assert noise.ci[0] < 0 < noise.ci[1] and noise.p_value > 0.05

    with pytest.raises(ValueError):
        paired_test(base, base[:10], indices)
