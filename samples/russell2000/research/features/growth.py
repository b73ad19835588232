"""Growth: sales and earnings growth, investment and margin trends."""
import numpy as np
import pandas as pd

from ._common import safe_div, sector_neutral, zscore

__all__ = ["sales_growth_yoy", "eps_growth_fy1", "capex_growth", "asset_growth", "rd_intensity",
           "margin_expansion"]


def sales_growth_yoy(df: pd.DataFrame) -> pd.Series:
    """Year-over-year growth of TTM revenue (log difference)."""
    return zscore(np.log(safe_div(df["revenue_ttm"], df["revenue_ttm_1y_ago"]).clip(lower=0.05)))


def eps_growth_fy1(df: pd.DataFrame) -> pd.Series:
    """Expected EPS growth: (FY1 consensus - last reported FY EPS) / |last FY EPS|."""
    return zscore(safe_div(df["eps_fy1_mean"] - df["eps_fy0"], df["eps_fy0"].abs().clip(lower=0.05)))


def capex_growth(df: pd.DataFrame) -> pd.Series:
    """Year-over-year growth of capital expenditure (heavy investors tend to underperform)."""
    return zscore(np.log(safe_div(df["capex_ttm"], df["capex_ttm_1y_ago"]).clip(0.05, 20)))


def asset_growth(df: pd.DataFrame) -> pd.Series:
    """Year-over-year growth of total assets (Cooper, Gulen & Schill)."""
    return zscore(safe_div(df["total_assets"], df["total_assets_1y_ago"]) - 1)


def rd_intensity(df: pd.DataFrame) -> pd.Series:
    """R&D expense / revenue (TTM), sector-neutral; non-reporters are 0."""
    return sector_neutral(safe_div(df["rnd_ttm"].fillna(0.0), df["revenue_ttm"]), df["sector"])


def margin_expansion(df: pd.DataFrame) -> pd.Series:
    """Change in operating margin over the last year."""
    now = safe_div(df["ebit_ttm"], df["revenue_ttm"])
    then = safe_div(df["ebit_ttm_1y_ago"], df["revenue_ttm_1y_ago"])
    return zscore(now - then)
