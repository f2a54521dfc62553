"""Statistics for leerscan: plain Python (NumPy, SciPy, statsmodels, pandas), no Django import."""
