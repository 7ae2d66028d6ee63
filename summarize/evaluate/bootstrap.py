"""Bootstrap over events: confidence intervals and the paired test between two systems.

Events are resampled with replacement (Efron & Tibshirani, 1993); the 95% interval of a mean
score is the 2.5th and 97.5th percentile of the resampled means (as ROUGE-1.5.5 `-c 95 -r
1000` and rouge-score's BootstrapAggregator do). The paired test (Koehn, 2004;
Berg-Kirkpatrick et al., 2012) resamples the per-event differences between two systems with
the same indices and reports how often a resampled difference, shifted to a null mean of
zero, is at least as extreme as the observed one (two-sided).

One seeded `numpy.random.Generator` draws one matrix of resample indices, shared by every
system and measure, so intervals do not depend on how many systems a run compares and a
rerun gives the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

LEVEL = 0.95


@dataclass(frozen=True)
class Comparison:
    """`other` minus `baseline` on one measure: mean difference, its interval, p-value."""

    delta: float
    ci: tuple[float, float]
    p_value: float


def resample_indices(n_events: int, n_resamples: int, seed: int) -> np.ndarray:
    """An (n_resamples, n_events) matrix of event indices drawn with replacement."""
    if n_events < 1:
        raise ValueError("the bootstrap needs at least one event")
    if n_resamples < 1:
        raise ValueError("the bootstrap needs at least one resample")
    return np.random.default_rng(seed).integers(0, n_events, size=(n_resamples, n_events))


def _interval(samples: np.ndarray, level: float) -> tuple[float, float]:
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(samples, [tail, 100 - tail])
    return float(low), float(high)


def confidence_interval(
    values: np.ndarray, indices: np.ndarray, level: float = LEVEL
) -> tuple[float, float]:
    """Percentile interval of the mean of per-event `values`."""
    return _interval(np.asarray(values, dtype=float)[indices].mean(axis=1), level)


def paired_test(
    baseline: np.ndarray, other: np.ndarray, indices: np.ndarray, level: float = LEVEL
) -> Comparison:
    """Paired bootstrap of mean(other - baseline) over the same events."""
    baseline, other = np.asarray(baseline, dtype=float), np.asarray(other, dtype=float)
    if baseline.shape != other.shape:
        raise ValueError("paired scores must cover the same events")
    differences = other - baseline
    observed = float(differences.mean())
    resampled = differences[indices].mean(axis=1)
    # The tolerance keeps float noise from hiding ties at |observed| (e.g. identical systems).
    extreme = np.abs(resampled - observed) >= abs(observed) - 1e-12
    return Comparison(observed, _interval(resampled, level), float(extreme.mean()))
