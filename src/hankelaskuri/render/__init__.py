"""Renderers: each reads a :class:`~hankelaskuri.result.Result` and computes nothing."""
