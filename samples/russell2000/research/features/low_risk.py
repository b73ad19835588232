"""Low risk: volatility, beta and tail risk. Each feature measures RISK (high = risky);
the model learns the negative sign."""
import numpy as np
import pandas as pd

from ._common import zscore

__all__ = ["vol_12m", "beta_36m", "idio_vol", "max_daily_ret", "downside_beta", "earnings_vol"]


def vol_12m(df: pd.DataFrame) -> pd.Series:
    """Annualised standard deviation of daily returns over the last 252 trading days."""
    return zscore(np.log(df["vol_252d"]))


def beta_36m(df: pd.DataFrame) -> pd.Series:
    """Beta to the Russell 2000 from 36 monthly returns, shrunk toward 1 (Vasicek, weight 1/3)."""
    return zscore(2 / 3 * df["beta_36m_ols"] + 1 / 3)


def idio_vol(df: pd.DataFrame) -> pd.Series:
    """Residual volatility from a 60-day regression of daily returns on market and sector."""
    return zscore(np.log(df["resid_vol_60d"]))


def max_daily_ret(df: pd.DataFrame) -> pd.Series:
    """Mean of the 5 largest daily returns in the last month (lottery demand, Bali et al.)."""
    return zscore(df["max5_daily_ret_21d"])


def downside_beta(df: pd.DataFrame) -> pd.Series:
    """Beta estimated on days the market fell, over the last year."""
    return zscore(df["downside_beta_252d"])


def earnings_vol(df: pd.DataFrame) -> pd.Series:
    """Standard deviation of quarterly EPS surprises over 3 years, scaled by price."""
    return zscore(np.log1p(df["eps_surprise_sd_12q"] / df["price"]))
