"""Sentiment: what analysts, short sellers and the news think, and how it is changing."""
import numpy as np
import pandas as pd

from ._common import rank_zscore, safe_div, zscore

__all__ = ["eps_revision_3m", "analyst_rating_chg", "short_interest", "target_price_upside",
           "earnings_surprise", "news_sentiment"]


def eps_revision_3m(df: pd.DataFrame) -> pd.Series:
    """3-month change in consensus FY1 EPS, scaled by price."""
    return zscore(safe_div(df["eps_fy1_mean"] - df["eps_fy1_mean_3m_ago"], df["price"]))


def analyst_rating_chg(df: pd.DataFrame) -> pd.Series:
    """(upgrades - downgrades) / number of analysts over the last 3 months."""
    n = df["n_analysts"].clip(lower=1)
    return zscore((df["upgrades_3m"] - df["downgrades_3m"]) / n)


def short_interest(df: pd.DataFrame) -> pd.Series:
    """Shares sold short / free float (higher = more crowded short)."""
    return rank_zscore(safe_div(df["shares_short"], df["float_shares"]))


def target_price_upside(df: pd.DataFrame) -> pd.Series:
    """Mean analyst target price / price - 1, log-scaled."""
    return zscore(np.log(safe_div(df["target_price_mean"], df["price"]).clip(0.2, 5.0)))


def earnings_surprise(df: pd.DataFrame) -> pd.Series:
    """Standardised unexpected earnings of the last quarter: (actual - consensus) / dispersion."""
    return zscore(safe_div(df["eps_actual_q1"] - df["eps_consensus_q1"], df["eps_dispersion_q1"].clip(lower=0.01)))


def news_sentiment(df: pd.DataFrame) -> pd.Series:
    """30-day relevance-weighted average of the news vendor's sentiment score."""
    return rank_zscore(df["news_sentiment_30d"])
