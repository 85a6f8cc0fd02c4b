"""Every change made in the workspace is written to the audit log, in the same transaction."""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from ...core.db import db
from ...core.models import AuditEvent


def audit(action: str, target: str, **details: Any) -> AuditEvent:
    """Add an AuditEvent for the signed-in user; the view's commit stores it with the change."""
    event = AuditEvent(user_id=current_user.id, action=action, target=target, details=details)
    db.session.add(event)
    return event
