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
    objective: Objective,
    max_words: int,
    members: np.ndarray,
    *,
    node_limit: int,
    conflicts: dict[int, set[int]] | None = None,
    needs: dict[int, tuple[int, frozenset[str]]] | None = None,
    words_of: Sequence[frozenset[str]] | None = None,
) -> list[int] | None:
    """The integer program over `members`; None when there are none or the solver found no
    solution within its node limit. `conflicts` and `needs` (see `constrained_selection`)
    become rows x_i + x_j <= 1 and x_j <= x_a + (sum of the chosen that name j's heads)."""
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
    constraints = [LinearConstraint(link, -np.inf, 0.0), LinearConstraint(budget, 0.0, max_words)]
    side = _side_rows(members, conflicts or {}, needs or {}, words_of, n + m_c + m_w)
    if side is not None:
        constraints.append(LinearConstraint(side[0], -np.inf, side[1]))
    result = milp(
        cost,
        constraints=constraints,
        integrality=np.concatenate([np.ones(n), np.zeros(m_c + m_w)]),
        bounds=Bounds(np.zeros(n + m_c + m_w), upper),
        options={"node_limit": node_limit},
    )
    if result.x is None:
        return None
    return [int(members[i]) for i in np.flatnonzero(result.x[:n] > 0.5)]


def _side_rows(members, conflicts, needs, words_of, width):
    """The side constraints over the sentence columns, as (matrix, upper bounds)."""
    column = {int(m): k for k, m in enumerate(members)}
    rows, cols, vals, upper = [], [], [], []
    for i in column:
        for j in conflicts.get(i, ()):
            if j in column and i < j:
                r = len(upper)
                rows += [r, r]
                cols += [column[i], column[j]]
                vals += [1.0, 1.0]
                upper.append(1.0)
    for j, (antecedent, heads) in needs.items():
        if j not in column:
            continue
        r = len(upper)
        rows.append(r)
        cols.append(column[j])
        vals.append(1.0)
        providers = {antecedent} if antecedent in column else set()
        if heads and words_of is not None:
            providers |= {k for k in column if k != j and heads <= words_of[k]}
        for k in sorted(providers):
            rows.append(r)
            cols.append(column[k])
            vals.append(-1.0)
        upper.append(0.0)
    if not upper:
        return None
    return sp.csr_matrix((vals, (rows, cols)), shape=(len(upper), width)), np.array(upper)


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
    passes: int = 20,
) -> list[int]:
    """Cost-scaled greedy over `members` (Lin & Bilmes, 2010), then local search, under two
    side constraints:

    * `conflicts[j]`: candidates that restate j; at most one of them is chosen (when only
      restatements are left, the summary stops short of the budget);
    * `needs[j] = (a, heads)`: j is chosen only after candidate a, unless every stem in
      `heads` is already in the words (`words_of`) of the chosen sentences; a greedy step
      may take a and j together.

    Local search: drop one chosen sentence (or swap it for the unchosen one that gains most
    in its place) and refill the words left greedily; keep the change when the value grows.
    Without side constraints the result is within 1% of `budgeted_selection`'s exact optimum
    on DUC 2004 and Multi-News on average (eval/fit_rank.py --gap measures it).
    """
    # The search runs on the members' rows only (gains over a few dozen, not every candidate).
    members = np.asarray(sorted(int(m) for m in members), dtype=int)
    local = {int(m): k for k, m in enumerate(members)}
    sub = _Dense(objective, members)
    chosen = _search(
        sub,
        max_words,
        {local[j]: {local[i] for i in others if i in local} for j, others in (conflicts or {}).items() if j in local},
        {local[j]: (local.get(a, -1), heads) for j, (a, heads) in (needs or {}).items() if j in local},
        None if words_of is None else [words_of[m] for m in members],
        passes,
    )
    return sorted(int(members[k]) for k in chosen)


def _search(objective, max_words, conflicts, needs, words_of, passes) -> list[int]:
    members = np.arange(objective.size)
    search = _Search(objective, max_words, members, conflicts, needs, words_of)
    chosen = search.fill([], banned=set())
    value = objective.value(chosen)
    for _ in range(passes):
        improved = False
        for i in list(chosen):
            rest = [k for k in chosen if k != i]
            if not search.valid(rest):
                continue  # i is the antecedent another chosen sentence needs
            for start in (rest, search.best_swap(rest, i)):
                if start is None:
                    continue
                trial = search.fill(start, banned={i})
                trial_value = objective.value(trial)
                if trial_value > value + 1e-9:
                    chosen, value, improved = trial, trial_value, True
                    break
            if improved:
                break
        if not improved:
            for x, i in enumerate(chosen):
                for k in chosen[x + 1:]:
                    rest = [m for m in chosen if m not in (i, k)]
                    if not search.valid(rest):
                        continue
                    trial = search.fill(rest, banned={i, k})
                    trial_value = objective.value(trial)
                    if trial_value > value + 1e-9:
                        chosen, value, improved = trial, trial_value, True
                        break
                if improved:
                    break
        if not improved:
            break
    if members.size and not conflicts and not needs:
        single = salience(objective)[members]
        if single.max() > value:
            return [int(members[np.argmax(single)])]
    return sorted(chosen)


class _Search:
    """The moves of `constrained_selection` over one objective and its side constraints."""

    def __init__(self, objective, max_words, members, conflicts, needs, words_of):
        self.objective, self.max_words = objective, max_words
        self.members = sorted(int(m) for m in members)
        self.member_set = set(self.members)
        self.conflicts, self.needs, self.words_of = conflicts, needs, words_of

    def satisfied(self, j: int, chosen: set[int]) -> bool:
        if j not in self.needs:
            return True
        antecedent, heads = self.needs[j]
        if antecedent in chosen:
            return True
        if heads and self.words_of is not None and chosen:
            return heads <= set().union(*(self.words_of[i] for i in chosen))
        return False

    def valid(self, chosen: Sequence[int]) -> bool:
        taken = set(chosen)
        return all(self.satisfied(k, taken - {k}) for k in chosen)

    def clash(self, unit: Sequence[int], chosen: set[int]) -> bool:
        together = chosen | set(unit)
        return any(self.conflicts.get(j, set()) & (together - {j}) for j in unit)

    def unit_of(self, j: int, chosen: set[int]) -> list[int] | None:
        if self.satisfied(j, chosen):
            return [j]
        antecedent = self.needs[j][0]
        if antecedent not in self.member_set or antecedent in chosen:
            return None
        return [antecedent, j] if self.satisfied(antecedent, chosen) else None

    def state(self, chosen: Sequence[int]):
        state = self.objective.empty()
        for k in chosen:
            state = self.objective.add(state, k)
        return state

    def fill(self, start: Sequence[int], banned: set[int]) -> list[int]:
        """`start` and then greedy steps (best gain per word that fits) until none fits."""
        objective, lengths = self.objective, self.objective.lengths
        chosen = list(start)
        state = self.state(chosen)
        used = float(lengths[chosen].sum()) if chosen else 0.0
        while True:
            gains = objective.gains(state)
            taken = set(chosen)
            room = self.max_words - used
            order = sorted(
                (j for j in self.members if j not in taken and j not in banned and lengths[j] <= room),
                key=lambda j: (-gains[j] / max(lengths[j], 1), j),
            )
            best, best_density = None, 0.0
            for j in order[:60]:
                unit = self.unit_of(j, taken)
                if unit is None or banned & set(unit) or self.clash(unit, taken):
                    continue
                cost = sum(lengths[i] for i in unit)
                if cost > room:
                    continue
                density = sum(gains[i] for i in unit) / max(cost, 1)
                if density > best_density + 1e-15:
                    best, best_density = unit, density
                if len(unit) == 1:
                    break  # later singles have no more value per word
            if best is None or best_density <= 0:
                return chosen
            for i in best:
                chosen.append(i)
                state = objective.add(state, i)
                used += lengths[i]

    def best_swap(self, rest: Sequence[int], out: int) -> list[int] | None:
        """`rest` plus the unchosen sentence (not `out`) that gains most and fits."""
        lengths = self.objective.lengths
        gains = self.objective.gains(self.state(rest))
        taken = set(rest)
        room = self.max_words - (lengths[list(rest)].sum() if rest else 0)
        best, best_gain = None, 0.0
        for j in self.members:
            if j in taken or j == out or lengths[j] > room or gains[j] <= best_gain:
                continue
            if self.satisfied(j, taken) and not self.clash([j], taken):
                best, best_gain = j, gains[j]
        return None if best is None else [*rest, best]


class _Dense:
    """The objective restricted to a few candidates, as dense arrays over the concepts and
    words they hold (the search's many small steps are cheaper so)."""

    def __init__(self, objective: Objective, members: np.ndarray):
        bigrams = objective.bigrams[members]
        unigrams = objective.unigrams[members]
        concepts = np.unique(bigrams.indices)
        vocabulary = np.unique(unigrams.indices)
        self.bigrams = bigrams[:, concepts].toarray() > 0
        self.unigrams = unigrams[:, vocabulary].toarray()
        self.weights = objective.bigram_weights[concepts]
        self.expected = objective.expected[vocabulary]
        self.unit = objective.unit
        self.lengths = objective.lengths[members]
        self.modular = np.zeros(len(members)) if objective.modular is None else objective.modular[members]
        self.size = len(members)

    def empty(self):
        return np.zeros(self.bigrams.shape[1], bool), np.zeros(self.unigrams.shape[1])

    def add(self, state, j: int):
        covered, counts = state
        return covered | self.bigrams[j], counts + self.unigrams[j]

    def gains(self, state) -> np.ndarray:
        covered, counts = state
        concept = self.bigrams @ np.where(covered, 0.0, self.weights)
        capped = np.minimum(counts + self.unigrams, self.expected).sum(axis=1)
        before = np.minimum(counts, self.expected).sum()
        return concept + self.unit * (capped - before) + self.modular

    def value(self, chosen) -> float:
        chosen = list(chosen)
        covered, counts = self.empty()
        if chosen:
            covered = self.bigrams[chosen].any(axis=0)
            counts = self.unigrams[chosen].sum(axis=0)
        return float(
            self.weights[covered].sum() + self.unit * np.minimum(counts, self.expected).sum()
            + self.modular[chosen].sum()
        )
