"""KPI cards: every page draws its figures the same way."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st


def metric_cards(cards: Sequence, *, per_row: int = 3) -> None:
    """Cards with ``label``, ``value`` and optional ``delta``/``help``, ``per_row`` to a row."""
    for row_start in range(0, len(cards), per_row):
        row = cards[row_start : row_start + per_row]
        for column, card in zip(st.columns(per_row), row, strict=False):
            column.metric(
                card.label,
                card.value,
                getattr(card, "delta", None),
                help=getattr(card, "help", None),
                delta_color="off",
                border=True,
            )
