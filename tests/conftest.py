"""Settings for the whole suite.

Hypothesis draws the same examples on every run, so a red run (CI's above all) can be repeated
and is never a chance find of a new example; ``pytest --hypothesis-profile=explore`` draws new
ones, to hunt for bugs before a change lands.
"""

from __future__ import annotations

from hypothesis import settings

settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile("repeatable")
