"""What the commands look up by name: a campaign by its slug, or a one-line error."""

from __future__ import annotations

import click

from ..core.campaigns import get_campaign
from ..core.db import db
from ..core.models import Campaign


def campaign_or_fail(slug: str) -> Campaign:
    """The campaign called `slug`; else the command stops with an error naming it and the
    command that lists the campaigns."""
    found = get_campaign(db.session, slug)
    if found is None:
        raise click.ClickException(f"no campaign '{slug}' (see `survey campaign list`)")
    return found
