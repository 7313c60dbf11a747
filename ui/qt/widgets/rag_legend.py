"""The RAG legend: a chip per status in its colour, with the rule as its tooltip."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from ..models.variance import RAG_COLOURS


def legend() -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    tips = {
        "green": "Green: within budget and near the straight-line profile",
        "amber": "Amber: % spent more than the stream's threshold behind or ahead of profile",
        "red": "Red: committed + actual exceed revised, or forecast overspend beyond threshold",
    }
    for status, colour in RAG_COLOURS.items():
        chip = QLabel(f"  {status.capitalize()}  ")
        chip.setStyleSheet(
            f"background:{colour.lighter(170).name()};color:{colour.darker(130).name()};"
            "border-radius:3px;padding:1px 4px;"
        )
        chip.setToolTip(tips[status])
        row.addWidget(chip)
    box.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
    return box
