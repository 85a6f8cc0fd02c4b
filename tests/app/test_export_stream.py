"""An export stopped part-way (a renderer error, a client gone) closes what it streamed from.

On PostgreSQL the rows come from a server-side cursor: left open, it lives on in the
server until the connection closes and psycopg warns when it is collected.
"""

from __future__ import annotations

import gc
import uuid
import warnings

import pytest

from survey_app.collect.recording import record_response
from survey_app.core.db import db
from survey_app.counts.reading import iter_responses
from tests.helpers import valid_answers


def test_abandoned_export_closes_its_cursor(app_ctx, campaign):
    if db.engine.dialect.name == "sqlite":
        pytest.skip("SQLite streams without a server-side cursor: nothing to leave open")
    for _ in range(3):
        record_response(
            db.session,
            campaign,
            response_id=str(uuid.uuid4()),
            channel="web",
            lang="fr",
            answers=valid_answers(),
        )
    db.session.commit()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        responses = iter_responses(db.session, campaign)
        assert next(responses)["channel"] == "web"
        del responses  # abandoned after one row
        gc.collect()
        db.session.commit()
        db.session.remove()
        gc.collect()
    assert [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)] == []
