"""Cross-sectional helpers shared by every feature module.

All features are computed on one date's cross-section and standardised the same way:
winsorise at +-3 standard deviations, z-score, fill what is missing with 0 (the mean), so
the model sees comparable, outlier-safe inputs whatever the raw units.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

EPS = 1e-12


def safe_div(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """numerator / denominator, NaN where the denominator is zero or missing."""
    den = denominator.where(denominator.abs() > EPS)
    return numerator / den


def winsorise(x: pd.Series, n_sd: float = 3.0) -> pd.Series:
    """Clip at mean +- n_sd standard deviations of the cross-section."""
    mu, sd = x.mean(), x.std()
    if not np.isfinite(sd) or sd < EPS:
        return x
    return x.clip(mu - n_sd * sd, mu + n_sd * sd)


def zscore(x: pd.Series) -> pd.Series:
    """Winsorised cross-sectional z-score; missing values become 0 (the mean)."""
    x = winsorise(x.astype("float64").replace([np.inf, -np.inf], np.nan))
    sd = x.std()
    z = (x - x.mean()) / sd if sd > EPS else x * 0.0
    return z.fillna(0.0).rename(x.name)


def rank_zscore(x: pd.Series) -> pd.Series:
    """Gaussian rank transform, for heavy-tailed vendor data."""
    from scipy.stats import norm

    r = x.rank(pct=True, na_option="keep")
    return zscore(pd.Series(norm.ppf(r.clip(0.001, 0.999)), index=x.index))


def sector_neutral(x: pd.Series, sector: pd.Series) -> pd.Series:
    """Demean within GICS sector, then z-score (for ratios that differ by industry)."""
    return zscore(x - x.groupby(sector).transform("mean"))


def trailing_return(prices: pd.DataFrame, months: int, skip: int = 0) -> pd.Series:
    """Total return over `months` months ending `skip` months ago (monthly price panel, dates x stocks)."""
    end = prices.iloc[-1 - skip]
    start = prices.iloc[-1 - skip - months]
    return end / start - 1.0
