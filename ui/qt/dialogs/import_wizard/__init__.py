"""The Import… wizard (one module per page; see :mod:`.wizard`)."""

from __future__ import annotations

from .models import (
    NOT_MAPPED,
    STATUS_TEXT,
    HeaderChoice,
    MapCol,
    MappingModel,
    PreviewCol,
    preview_model,
    raw_cells_model,
)
from .wizard import ImportWizard

__all__ = [
    "NOT_MAPPED",
    "STATUS_TEXT",
    "HeaderChoice",
    "ImportWizard",
    "MapCol",
    "MappingModel",
    "PreviewCol",
    "preview_model",
    "raw_cells_model",
]
