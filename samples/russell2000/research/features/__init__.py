"""Feature library of the Russell 2000 model.

One module per factor; every public function takes the month-end panel of one date (one
row per stock, raw fundamentals, prices and vendor data already point-in-time aligned) and
returns one feature as a cross-sectional z-score indexed like the panel.

    from research.features import FEATURES
    X = pd.DataFrame({name: fn(panel) for name, fn in FEATURES.items()})
"""
from . import alt_data, growth, liquidity, low_risk, momentum, quality, sentiment, value

FACTORS = {
    module.__name__.rsplit(".", 1)[-1]: {name: getattr(module, name) for name in module.__all__}
    for module in (value, quality, momentum, sentiment, growth, low_risk, liquidity, alt_data)
}
FEATURES = {name: fn for features in FACTORS.values() for name, fn in features.items()}
