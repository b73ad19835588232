"""Quality: profitability, earnings quality and balance-sheet strength."""
import numpy as np
import pandas as pd

from ._common import safe_div, sector_neutral, zscore

__all__ = ["roe", "roa", "gross_margin", "accruals", "debt_to_equity", "earnings_stability"]


def roe(df: pd.DataFrame) -> pd.Series:
    """Return on equity: TTM net income / average book equity (negative for unprofitable names)."""
    avg_book = (df["book_equity"] + df["book_equity_1y_ago"]) / 2
    return zscore(safe_div(df["net_income_ttm"], avg_book.where(avg_book > 0)))


def roa(df: pd.DataFrame) -> pd.Series:
    """Return on assets: TTM net income / average total assets."""
    avg_assets = (df["total_assets"] + df["total_assets_1y_ago"]) / 2
    return zscore(safe_div(df["net_income_ttm"], avg_assets))


def gross_margin(df: pd.DataFrame) -> pd.Series:
    """Gross profit / revenue (TTM), sector-neutral."""
    return sector_neutral(safe_div(df["gross_profit_ttm"], df["revenue_ttm"]), df["sector"])


def accruals(df: pd.DataFrame) -> pd.Series:
    """Sloan accruals: (net income - operating cash flow) / average assets. High = low-quality earnings."""
    avg_assets = (df["total_assets"] + df["total_assets_1y_ago"]) / 2
    return zscore(safe_div(df["net_income_ttm"] - df["cfo_ttm"], avg_assets))


def debt_to_equity(df: pd.DataFrame) -> pd.Series:
    """Total debt / book equity; negative equity is treated as the most levered."""
    ratio = safe_div(df["total_debt"], df["book_equity"])
    return zscore(np.log1p(ratio.where(df["book_equity"] > 0, ratio.max()).clip(lower=0)))


def earnings_stability(df: pd.DataFrame) -> pd.Series:
    """Minus the coefficient of variation of the last 12 quarterly EPS (stable earners score high)."""
    eps = df[[f"eps_q{k}" for k in range(1, 13)]]
    cv = eps.std(axis=1) / eps.mean(axis=1).abs().clip(lower=0.01)
    return zscore(-np.log1p(cv))
