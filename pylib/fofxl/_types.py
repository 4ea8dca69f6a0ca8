"""Type names of the public API (annotations only).

fofxl's rule for outputs: a Series in gives a Series out, a DataFrame in gives a DataFrame out
(one column per input column). Outputs with one value per observation ("aligned") are indexed
by the cleaned dates: the input's dates sorted ascending, rows blank in every column dropped
(:func:`fofxl.clean.as_frame`); within a panel a column's blank cells stay NaN.
"""

from __future__ import annotations

from typing import TypeVar

import pandas as pd

__all__ = ["SeriesOrFrame"]

#: A Series in, a Series out; a DataFrame in, a DataFrame out.
SeriesOrFrame = TypeVar("SeriesOrFrame", pd.Series, pd.DataFrame)
