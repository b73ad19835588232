"""Liquidity and size: trading costs, trading activity and market cap."""
import numpy as np
import pandas as pd

from ._common import safe_div, zscore

__all__ = ["amihud_illiq", "turnover_ratio", "bid_ask_spread", "dollar_volume", "log_mcap", "volume_trend"]


def amihud_illiq(df: pd.DataFrame) -> pd.Series:
    """Amihud illiquidity: mean of |daily return| / dollar volume over 63 days, log-scaled."""
    return zscore(np.log(df["amihud_63d"] * 1e9 + 1e-6))


def turnover_ratio(df: pd.DataFrame) -> pd.Series:
    """Average daily shares traded / shares outstanding, last 63 days."""
    return zscore(np.log(safe_div(df["adv_shares_63d"], df["shares_out"]).clip(lower=1e-7)))


def bid_ask_spread(df: pd.DataFrame) -> pd.Series:
    """Median closing quoted spread in basis points, last 21 days."""
    return zscore(np.log(df["spread_bps_21d"].clip(lower=0.5)))


def dollar_volume(df: pd.DataFrame) -> pd.Series:
    """Log average daily dollar volume, last 63 days."""
    return zscore(np.log(df["adv_usd_63d"].clip(lower=1.0)))


def log_mcap(df: pd.DataFrame) -> pd.Series:
    """Log market capitalisation (size)."""
    return zscore(np.log(df["market_cap"]))


def volume_trend(df: pd.DataFrame) -> pd.Series:
    """21-day over 252-day average volume: rising attention."""
    return zscore(np.log(safe_div(df["adv_shares_21d"], df["adv_shares_252d"]).clip(lower=1e-3)))
