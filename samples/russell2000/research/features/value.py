"""Value: how cheap a stock is against earnings, book, sales, cash flow and dividends."""
import numpy as np
import pandas as pd

from ._common import safe_div, sector_neutral, zscore

__all__ = ["ep_fy1", "bp", "sp", "cfp", "ev_ebitda", "div_yield"]


def ep_fy1(df: pd.DataFrame) -> pd.Series:
    """Forward earnings yield: consensus FY1 EPS / price. Negative for loss makers."""
    return zscore(safe_div(df["eps_fy1_mean"], df["price"]))


def bp(df: pd.DataFrame) -> pd.Series:
    """Book-to-price: last reported book equity / market cap, sector-neutral (banks are always cheap on book)."""
    return sector_neutral(safe_div(df["book_equity"], df["market_cap"]), df["sector"])


def sp(df: pd.DataFrame) -> pd.Series:
    """Sales-to-price: trailing-twelve-month revenue / market cap, log-scaled."""
    return zscore(np.log1p(safe_div(df["revenue_ttm"], df["market_cap"]).clip(lower=0)))


def cfp(df: pd.DataFrame) -> pd.Series:
    """Cash-flow yield: TTM operating cash flow / market cap."""
    return zscore(safe_div(df["cfo_ttm"], df["market_cap"]))


def ev_ebitda(df: pd.DataFrame) -> pd.Series:
    """EV / EBITDA (higher = more expensive); negative EBITDA is set to the most expensive decile."""
    ev = df["market_cap"] + df["total_debt"] - df["cash"]
    ratio = safe_div(ev, df["ebitda_ttm"])
    ratio = ratio.where(df["ebitda_ttm"] > 0, ratio.quantile(0.95))
    return zscore(ratio)


def div_yield(df: pd.DataFrame) -> pd.Series:
    """Indicated annual dividend / price; non-payers are 0."""
    return zscore(safe_div(df["dps_indicated"].fillna(0.0), df["price"]))
