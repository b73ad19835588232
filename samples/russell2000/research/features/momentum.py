"""Momentum: price trends over several horizons, and short-term reversal."""
import pandas as pd

from ._common import safe_div, zscore

__all__ = ["mom_12_1", "mom_6_1", "mom_3_1", "reversal_1m", "high_52w_ratio", "industry_mom"]


def mom_12_1(df: pd.DataFrame) -> pd.Series:
    """12-1 month momentum: total return from t-12 to t-1 months (skips the reversal month)."""
    return zscore((1 + df["ret_12m"]) / (1 + df["ret_1m"]) - 1)


def mom_6_1(df: pd.DataFrame) -> pd.Series:
    """6-1 month momentum."""
    return zscore((1 + df["ret_6m"]) / (1 + df["ret_1m"]) - 1)


def mom_3_1(df: pd.DataFrame) -> pd.Series:
    """3-1 month momentum."""
    return zscore((1 + df["ret_3m"]) / (1 + df["ret_1m"]) - 1)


def reversal_1m(df: pd.DataFrame) -> pd.Series:
    """Last month's total return (the model expects it to reverse)."""
    return zscore(df["ret_1m"])


def high_52w_ratio(df: pd.DataFrame) -> pd.Series:
    """Price / 52-week high (George & Hwang): near the high = strong trend."""
    return zscore(safe_div(df["price"], df["high_52w"]))


def industry_mom(df: pd.DataFrame) -> pd.Series:
    """Cap-weighted 12-1 momentum of the stock's GICS industry (Moskowitz & Grinblatt)."""
    own = (1 + df["ret_12m"]) / (1 + df["ret_1m"]) - 1
    weighted = (own * df["market_cap"]).groupby(df["industry"]).transform("sum")
    return zscore(weighted / df.groupby("industry")["market_cap"].transform("sum"))
