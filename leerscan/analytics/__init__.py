"""Statistics for leerscan: plain Python (NumPy, SciPy, statsmodels, pandas), no Django import."""

from leerscan.analytics.comparison import independent_comparison, paired_comparison
from leerscan.analytics.correlation import spearman_table
from leerscan.analytics.multilevel import icc, rwg_j
from leerscan.analytics.regression import hierarchical_regression
from leerscan.analytics.reliability import cronbach_alpha, mcdonald_omega

__all__ = [
    "cronbach_alpha",
    "hierarchical_regression",
    "icc",
    "independent_comparison",
    "mcdonald_omega",
    "paired_comparison",
    "rwg_j",
    "spearman_table",
]
