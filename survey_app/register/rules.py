"""The register's rules from the settings: deadlines per kind in working days, the
holiday area, the retention of personal data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from analysis.register import KINDS
from analysis.working_days import add_working_days


@dataclass(frozen=True)
class RegisterRules:
    deadlines: Mapping[str, int]
    """Kind -> working days to answer."""
    holiday_area: str = ""
    retention_days: int = 365

    def due_on(self, kind: str, received_on: date) -> date:
        """The day the reply is due: received_on + the kind's deadline in working days."""
        return add_working_days(received_on, self.deadlines[kind], self.holiday_area)


def rules_from(config: Mapping[str, Any]) -> RegisterRules:
    """The rules as the settings (the app's config) declare them."""
    return RegisterRules(
        deadlines={kind: config[f"REQUEST_DEADLINE_{kind.upper()}"] for kind in KINDS},
        holiday_area=config["REQUEST_HOLIDAY_AREA"],
        retention_days=config["REQUEST_RETENTION_DAYS"],
    )
