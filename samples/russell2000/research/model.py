"""Russell 2000 ML v7: train, explain and write one month-end run.

    python -m research.model --asof 2025-12-31 --out out/

Each month-end the model is refit on a rolling 10-year panel (features at t, excess return
t -> t+1 as the label), every stock in the universe is scored, each score is explained with
TreeSHAP, and the run's tables are written in the layout Glass Box reads (see
run.glassbox.json next to this folder):

    out/contributions.parquet   date, stock, base_value, score, <feature>..., <feature>_value...
    out/weights.csv             date, stock, weight, benchmark_weight (percent)
    out/fwd_returns.parquet     date, stock, fwd_return (filled in a month later)

The files committed in this sample were generated synthetically by `npm run sample`
(scripts/make-sample.mjs) from a known model whose Shapley values are exact; this module
shows the production pipeline they stand in for.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import lightgbm as lgb
import numpy as np
import pandas as pd
import shap

from research.features import FACTORS, FEATURES

PARAMS = dict(
    objective="huber",          # robust to the fat tails of small-cap returns
    alpha=0.15,
    learning_rate=0.02,
    num_leaves=31,
    min_data_in_leaf=400,       # ~20% of a month's cross-section
    feature_fraction=0.7,
    bagging_fraction=0.7,
    bagging_freq=1,
    lambda_l2=10.0,
    num_iterations=800,
    verbose=-1,
    seed=7,
)
# Interactions the research found and the model may use (value x profitability,
# revisions x momentum, momentum x volatility, ...); everything else enters additively.
INTERACTION_GROUPS = [
    ["ep_fy1", "bp", "sp", "cfp", "ev_ebitda", "roe"],
    ["eps_revision_3m", "mom_12_1", "vol_12m"],
    ["bp", "amihud_illiq"],
    ["web_traffic_growth", "sales_growth_yoy"],
]


def optimise(scores: pd.Series, bench: pd.Series, sectors: pd.Series) -> pd.Series:
    """Long-only weights: benchmark + a tilt toward high scores, sector active within +-5%,
    single names at most 2%, one-way turnover at most 25% a month, ~1% cash.

    Production solves this as a quadratic programme (cvxpy + the risk model); the optimiser
    is not part of this sample.
    """
    raise NotImplementedError("the portfolio optimiser is not part of this sample")


def build_features(panel: pd.DataFrame) -> pd.DataFrame:
    """Every feature for every date: cross-sectional z-scores, one column per feature."""
    by_date = panel.groupby("date", group_keys=False)
    return by_date.apply(lambda day: pd.DataFrame({name: fn(day) for name, fn in FEATURES.items()}))


def train(X: pd.DataFrame, y: pd.Series, asof: pd.Timestamp) -> lgb.Booster:
    """Fit on the 120 months before `asof` (the label of month t is only known at t+1)."""
    dates = X.index.get_level_values("date")
    window = (dates < asof) & (dates >= asof - pd.DateOffset(months=120))
    groups = [[X.columns.get_loc(f) for f in group] for group in INTERACTION_GROUPS]
    singles = [[k] for k, f in enumerate(X.columns) if not any(f in g for g in INTERACTION_GROUPS)]
    params = {**PARAMS, "interaction_constraints": groups + singles}
    return lgb.train(params, lgb.Dataset(X[window], label=y[window]))


def explain(model: lgb.Booster, X_today: pd.DataFrame) -> tuple[float, pd.DataFrame]:
    """Exact TreeSHAP contributions; base_value + row sum == model prediction."""
    explainer = shap.TreeExplainer(model, feature_perturbation="tree_path_dependent")
    contrib = pd.DataFrame(explainer.shap_values(X_today), index=X_today.index, columns=X_today.columns)
    base = float(np.ravel(explainer.expected_value)[0])
    return base, contrib


def write_contributions(path: Path, date: pd.Timestamp, base: float, contrib: pd.DataFrame, X_today: pd.DataFrame) -> None:
    """Wide layout: contributions as float32, raw values as `<feature>_value`, score as float64."""
    contrib32 = contrib.astype("float32")
    out = pd.DataFrame({"date": date.date(), "stock": contrib.index})
    out["base_value"] = base
    out["score"] = base + contrib32.astype("float64").sum(axis=1).to_numpy()  # exact in the stored precision
    out = pd.concat([out, contrib32.reset_index(drop=True),
                     X_today.astype("float32").add_suffix("_value").reset_index(drop=True)], axis=1)
    out.sort_values("stock").to_parquet(path, compression="zstd", index=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--asof", type=pd.Timestamp, required=True)
    parser.add_argument("--panel", type=Path, default=Path("data/panel.parquet"))
    parser.add_argument("--out", type=Path, default=Path("out"))
    args = parser.parse_args()

    panel = pd.read_parquet(args.panel).set_index(["date", "stock"])
    X = build_features(panel.reset_index()).set_index(panel.index)
    y = panel["fwd_excess_return"]
    model = train(X, y, args.asof)
    X_today = X.xs(args.asof, level="date")
    base, contrib = explain(model, X_today)
    args.out.mkdir(parents=True, exist_ok=True)
    write_contributions(args.out / "contributions.parquet", args.asof, base, contrib, X_today)

    scores = base + contrib.sum(axis=1)
    bench = panel.xs(args.asof, level="date")["benchmark_weight"]
    weights = optimise(scores, bench, sectors=panel.xs(args.asof, level="date")["sector"])
    table = pd.DataFrame({"date": args.asof.date(), "weight": weights * 100, "benchmark_weight": bench * 100})
    table[(table.weight > 0) | (table.benchmark_weight > 0)].rename_axis("stock").reset_index().to_csv(
        args.out / "weights.csv", index=False, float_format="%.6g")
    print(f"{args.asof.date()}: {len(scores)} scored, {int((weights > 0).sum())} held, factors {list(FACTORS)}")


if __name__ == "__main__":
    main()
