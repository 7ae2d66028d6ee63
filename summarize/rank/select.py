"""Selection under a word budget, and the redundancy-aware order of all candidates.

* `budgeted_selection`: the budgeted maximum of the objective (summarize.rank.salience) as
  an integer linear program (McDonald, 2007; Gillick & Favre, 2009), solved exactly by HiGHS
  through `scipy.optimize.milp`. Sentences are 0/1 variables; a concept's coverage and a
  word's capped match count are continuous variables bounded by the chosen sentences that
  hold them, which is exact once the sentences are integral. The program runs over a pool of
  the candidates with the highest objective value per word: besides keeping the program
  small, the pool is a salience filter (on DUC 2004 the optimum over the pool scored higher
  ROUGE than the optimum over every candidate). The budgeted greedy of Lin & Bilmes (2010)
  over the same pool is computed too and kept when the program does not beat it, so the
  result never depends on the solver finishing.
* `greedy_order`: cost-scaled greedy steps (gain per word given everything ranked before),
  starting with the chosen sentences, so that a fuser packing the ranking best first gets
  the summary first, then what adds most to it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, milp

from summarize.rank.salience import Objective


def budgeted_selection(objective: Objective, max_words: int, *, pool: int, node_limit: int) -> list[int]:
    """Candidates (indices, ascending) maximising the objective within `max_words` words,
    drawn from the `pool` candidates that fit with the most value per word.

    Empty when no candidate fits.
    """
    members = _pool(objective, max_words, pool)
    greedy = budgeted_greedy(objective, max_words, members)
    exact = _exact(objective, max_words, members, node_limit=node_limit)
    if exact is not None and objective.value(exact) >= objective.value(greedy) - 1e-12:
        return sorted(exact)
    return sorted(greedy)


def _pool(objective: Objective, max_words: int, size: int) -> np.ndarray:
    """The `size` candidates that fit in `max_words` with the highest salience per word,
    ascending."""
    lengths = objective.lengths
    fits = np.flatnonzero(lengths <= max_words)
    density = salience(objective)[fits] / np.maximum(lengths[fits], 1)
    return np.sort(fits[np.argsort(-density, kind="stable")[:size]])


def salience(objective: Objective) -> np.ndarray:
    """Each candidate's own objective value: its salience on its own."""
    return objective.gains(objective.empty())


def budgeted_greedy(objective: Objective, max_words: int, members: np.ndarray) -> list[int]:
    """Lin & Bilmes (2010) over `members`: add the best gain per word that still fits; then
    compare with the best single sentence."""
    lengths = objective.lengths
    state = objective.empty()
    chosen: list[int] = []
    used = 0.0
    open_ = np.zeros(objective.size, bool)
    open_[members] = True
    while True:
        open_ &= lengths <= max_words - used
        if not open_.any():
            break
        gains = objective.gains(state)
        density = np.where(open_, gains / np.maximum(lengths, 1), -np.inf)
        j = int(np.argmax(density))
        if gains[j] <= 0:
            break
        chosen.append(j)
        open_[j] = False
        used += lengths[j]
        state = objective.add(state, j)
    if members.size:
        single = salience(objective)[members]
        best = int(members[np.argmax(single)])
        if not chosen or single.max() > objective.value(chosen):
            return [best]
    return chosen


def _exact(
    objective: Objective, max_words: int, members: np.ndarray, *, node_limit: int
) -> list[int] | None:
    """The integer program over `members`; None when there are none or the solver found no
    solution within its node limit."""
    if members.size == 0:
        return None
    lengths = objective.lengths
    concepts = objective.bigrams[members].tocsc()
    used_concepts = np.flatnonzero(np.diff(concepts.indptr))
    words = objective.unigrams[members].tocsc()
    used_words = np.flatnonzero(np.diff(words.indptr))
    n, m_c, m_w = members.size, used_concepts.size, used_words.size

    # Rows: concept k covered <= sum of chosen sentences holding it; word u matched <= its
    # count in the chosen sentences. Columns: sentences, then concepts, then words.
    holds = sp.vstack([concepts[:, used_concepts].T, words[:, used_words].T]).tocsr()
    link = sp.hstack([-holds, sp.identity(m_c + m_w, format="csr")]).tocsr()
    budget = np.concatenate([lengths[members], np.zeros(m_c + m_w)])[None, :]
    cost = -np.concatenate([
        np.zeros(n) if objective.modular is None else objective.modular[members],
        objective.bigram_weights[used_concepts],
        np.full(m_w, objective.unit),
    ])
    upper = np.concatenate([np.ones(n + m_c), objective.expected[used_words]])
    result = milp(
        cost,
        constraints=[LinearConstraint(link, -np.inf, 0.0), LinearConstraint(budget, 0.0, max_words)],
        integrality=np.concatenate([np.ones(n), np.zeros(m_c + m_w)]),
        bounds=Bounds(np.zeros(n + m_c + m_w), upper),
        options={"node_limit": node_limit},
    )
    if result.x is None:
        return None
    return [int(members[i]) for i in np.flatnonzero(result.x[:n] > 0.5)]


def greedy_order(objective: Objective, chosen: Sequence[int], steps: int) -> list[int]:
    """All candidates, best first: `chosen` in greedy order among themselves, then `steps`
    greedy steps over the rest, then the remaining candidates by salience per word.

    Ties go to the lower index (reading order).
    """
    lengths = np.maximum(objective.lengths, 1)
    order: list[int] = []
    state = objective.empty()
    first = np.zeros(objective.size, bool)
    first[list(chosen)] = True
    for left, limit in ((first, len(chosen)), (~first, steps)):
        for _ in range(min(limit, int(left.sum()))):
            j = int(np.argmax(np.where(left, objective.gains(state) / lengths, -np.inf)))
            order.append(j)
            left[j] = False
            state = objective.add(state, j)
    placed = set(order)
    rest = np.argsort(-salience(objective) / lengths, kind="stable")
    return order + [int(j) for j in rest if j not in placed]


def constrained_selection(
    objective: Objective,
    max_words: int,
    members: np.ndarray,
    *,
    conflicts: dict[int, set[int]] | None = None,
    needs: dict[int, tuple[int, frozenset[str]]] | None = None,
    words_of: Sequence[frozenset[str]] | None = None,
    passes: int = 4,
) -> list[int]:
    """Cost-scaled greedy over `members` (Lin & Bilmes, 2010), then swap local search, under
    two side constraints:

    * `conflicts[j]`: candidates that restate j; at most one of them is chosen (when only
      restatements are left, the summary stops short of the budget);
    * `needs[j] = (a, heads)`: j is chosen only after candidate a, unless every stem in
      `heads` is already in the words (`words_of`) of the chosen sentences; a greedy step
      may take a and j together.

    Without constraints this is within 1% of `budgeted_selection`'s exact optimum on DUC
    2004 and Multi-News (eval/fit_rank.py measures it).
    """
    conflicts = conflicts or {}
    needs = needs or {}
    lengths = objective.lengths
    member_set = set(int(m) for m in members)

    def satisfied(j: int, chosen: set[int]) -> bool:
        if j not in needs:
            return True
        antecedent, heads = needs[j]
        if antecedent in chosen:
            return True
        if heads and words_of is not None:
            known = set().union(*(words_of[i] for i in chosen)) if chosen else set()
            return heads <= known
        return False

    def clash(unit: Sequence[int], chosen: set[int]) -> bool:
        for j in unit:
            if conflicts.get(j, set()) & (chosen | set(unit)) - {j}:
                return True
        return False

    def unit_of(j: int, chosen: set[int]) -> list[int] | None:
        if satisfied(j, chosen):
            return [j]
        antecedent = needs[j][0]
        if antecedent not in member_set or not satisfied(antecedent, chosen):
            return None
        return [antecedent, j]

    chosen: list[int] = []
    state = objective.empty()
    used = 0.0
    while True:
        gains = objective.gains(state)
        taken = set(chosen)
        order = sorted(
            (j for j in member_set if j not in taken and lengths[j] <= max_words - used),
            key=lambda j: (-gains[j] / max(lengths[j], 1), j),
        )
        best, best_density = None, 0.0
        for j in order[:60]:
            unit = unit_of(j, taken)
            if unit is None or clash(unit, taken):
                continue
            cost = sum(lengths[i] for i in unit)
            if used + cost > max_words:
                continue
            density = sum(gains[i] for i in unit) / max(cost, 1)
            if density > best_density + 1e-15:
                best, best_density = unit, density
            if len(unit) == 1:
                break  # later singles have no more value per word
        if best is None:
            break
        for i in best:
            chosen.append(i)
            state = objective.add(state, i)
            used += lengths[i]
    return sorted(_swap(objective, max_words, member_set, chosen, satisfied, clash, passes))


def _swap(objective, max_words, members, chosen, satisfied, clash, passes) -> list[int]:
    """Local search: replace one chosen sentence by the unchosen one that raises the value
    most, while any swap raises it (at most `passes` rounds over the chosen)."""
    lengths = objective.lengths
    chosen = list(chosen)
    value = objective.value(chosen)
    for _ in range(passes):
        improved = False
        for i in list(chosen):
            rest = [k for k in chosen if k != i]
            rest_set = set(rest)
            if any(not satisfied(k, rest_set) for k in rest):
                continue  # i is the antecedent another chosen sentence needs
            state = objective.empty()
            for k in rest:
                state = objective.add(state, k)
            gains = objective.gains(state)
            base = value - float(gains[i])
            room = max_words - lengths[rest].sum()
            best, best_value = None, value + 1e-9
            for j in members:
                if j in rest_set or j == i or lengths[j] > room or base + gains[j] <= best_value:
                    continue
                if satisfied(j, rest_set) and not clash([j], rest_set):
                    best, best_value = j, base + gains[j]
            if best is not None:
                chosen = rest + [best]
                value = best_value
                improved = True
        if not improved:
            break
    return chosen
