"""Alternative data: vendor panels mapped to tickers (web, app, hiring, card spend, patents, ESG news).

Coverage is partial in small caps; uncovered names get 0 (the cross-sectional mean) from zscore.
"""
import numpy as np
import pandas as pd

from ._common import rank_zscore, safe_div, zscore

__all__ = ["web_traffic_growth", "app_downloads", "job_postings_growth", "card_spend_yoy", "patent_count",
           "esg_controversy"]


def web_traffic_growth(df: pd.DataFrame) -> pd.Series:
    """3-month over prior-3-month growth in unique visitors to the company's domains."""
    return zscore(np.log(safe_div(df["web_visits_3m"], df["web_visits_prev_3m"]).clip(0.1, 10)))


def app_downloads(df: pd.DataFrame) -> pd.Series:
    """Year-over-year growth of mobile app downloads (app-store panel)."""
    return rank_zscore(safe_div(df["app_downloads_3m"], df["app_downloads_3m_1y_ago"]) - 1)


def job_postings_growth(df: pd.DataFrame) -> pd.Series:
    """Growth of active job postings over 6 months (hiring intent)."""
    return zscore(np.log1p(df["job_postings"]) - np.log1p(df["job_postings_6m_ago"]))


def card_spend_yoy(df: pd.DataFrame) -> pd.Series:
    """Year-over-year growth of panel credit-card spend at the company's merchants."""
    return rank_zscore(df["card_spend_yoy"])


def patent_count(df: pd.DataFrame) -> pd.Series:
    """Patents granted over the last 3 years per $1bn of market cap."""
    return zscore(np.log1p(safe_div(df["patents_3y"], df["market_cap"] / 1e9)))


def esg_controversy(df: pd.DataFrame) -> pd.Series:
    """Severity-weighted count of ESG controversies in the news over 12 months."""
    return rank_zscore(df["esg_controversy_12m"].fillna(0.0))
