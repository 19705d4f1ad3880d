"""The base of every read model: plain typed data, no unknown keys."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class ReadModel(BaseModel):
    """A read model: validated when built, serialised as JSON by its field names (days as
    YYYY-MM-DD), and never carrying a key its class does not declare."""

    model_config = ConfigDict(extra="forbid")
