"""Multiple-testing adjustment of p-values (one implementation for every module)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def holm(pvalues: Sequence[float] | np.ndarray) -> np.ndarray:
    """Holm's step-down adjusted p-values, equal to R's ``p.adjust(p, method = "holm")``.

    Parameters
    ----------
    pvalues : sequence of float
        Unadjusted p-values, in any order; missing ones as NaN.

    Returns
    -------
    ndarray
        The adjusted p-values in the input order (float, same length). NaN entries stay NaN
        and do not count as tests: the family size *m* is the number of non-missing values,
        as in R, where ``n = length(p)`` is taken after the ``NA`` values are dropped.

    Notes
    -----
    With the *m* non-missing p-values sorted ascending, :math:`p_{(1)} \\le \\dots \\le
    p_{(m)}`,

    .. math:: \\tilde p_{(i)} = \\max_{j \\le i} \\min\\{1, (m - j + 1)\\, p_{(j)}\\}

    (Holm 1979, a sequentially rejective Bonferroni procedure that controls the family-wise
    error rate under any dependence). Ties keep their input order (a stable sort), which
    does not change the values.

    References
    ----------
    Holm, S. (1979). A simple sequentially rejective multiple test procedure. *Scandinavian
    Journal of Statistics*, 6(2), 65-70.
    """
    p = np.asarray(pvalues, dtype=float).reshape(-1)
    out = np.full(p.shape, np.nan)
    ok = np.flatnonzero(~np.isnan(p))
    m = len(ok)
    if m == 0:
        return out
    order = ok[np.argsort(p[ok], kind="mergesort")]
    out[order] = np.minimum(1.0, np.maximum.accumulate((m - np.arange(m)) * p[order]))
    return out
