"""The one error of the report layer a user sees from render, demo and PDF."""

from __future__ import annotations

__all__ = ["RenderError"]


class RenderError(Exception):
    """A render that cannot go on: the message is one clear line for the user."""
