"""The visits page imports the queue system's file: upload, preview, confirm; problems in
French next to their field, nothing stored from a bad file, never a 500."""

from __future__ import annotations

import html
import io
import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from survey_app.core.db import db
from survey_app.core.models import AuditEvent, Campaign, CampaignVisits
from tests.app.admin_helpers import csrf_token, login, post

URL = "/admin/campaigns/alpha/visits"
SAMPLE = Path(__file__).parent / "samples" / "visites-file-attente-mars-2026.csv"
SAMPLE_DAYS = {date(2026, 3, 2): 329, date(2026, 3, 3): 341, date(2026, 3, 4): 352}
HIDDEN = re.compile(r'<input id="(channel|days|file_name)" name="\1" type="hidden" value="([^"]*)"')


def text(reply) -> str:
    """The page as a person reads it (entities decoded)."""
    return html.unescape(reply.get_data(as_text=True))


def upload(client, content: bytes, name: str = "visites.csv", **fields):
    data = {f"import-{k}": v for k, v in {"channel": "kiosk", **fields}.items()}
    data["import-file"] = (io.BytesIO(content), name)
    data["csrf_token"] = csrf_token(client, URL)
    return client.post(f"{URL}/import", data=data, content_type="multipart/form-data")


def confirm(client, preview: str):
    fields = dict(HIDDEN.findall(preview))
    return post(client, f"{URL}/import/confirm", fields, token_from=URL)


def stored(app, channel: str = "kiosk") -> dict:
    with app.app_context():
        rows = db.session.scalars(select(CampaignVisits).filter_by(channel=channel))
        return {row.day: row.visits for row in rows}


def audited(app) -> list[dict]:
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).filter_by(action="visits.import"))
        return [event.details for event in events]


def set_period(app, opens_on: date, closes_on: date) -> None:
    with app.app_context():
        campaign = db.session.scalar(select(Campaign).filter_by(slug="alpha"))
        campaign.opens_on, campaign.closes_on = opens_on, closes_on
        db.session.commit()


def test_upload_shows_the_days_then_confirm_stores_them_once(app, world, officer):
    preview = upload(officer, SAMPLE.read_bytes(), "visites-mars.csv")
    assert preview.status_code == 200
    page = text(preview)
    assert "Vérifier l'import des visites" in page
    assert "1\u202f022 visites sur 3 jours, du 2 mars 2026 au 4 mars 2026." in page
    assert "48 lignes sous l'en-tête (ligne 5)" in page
    assert page.count(">Nouveau<") == 3
    assert "<strong>remplacent</strong>" in page
    assert "Un total de campagne de 300 visites" in page  # make_world's kiosk total
    assert stored(app) == {None: 300}  # nothing stored before the confirmation
    done = confirm(officer, page)
    assert done.status_code == 303
    assert stored(app) == {None: 300, **SAMPLE_DAYS}
    assert audited(app) == [
        {
            "channel": "kiosk",
            "file": "visites-mars.csv",
            "days": 3,
            "new": 3,
            "corrected": 0,
            "unchanged": 0,
            "visits": 1022,
        }
    ]
    listing = text(officer.get(URL))
    assert (
        "Visites importées depuis «\u00a0visites-mars.csv\u00a0»\u00a0: 3 jours ajoutés, 0 corrigé"
        in (listing)
    )
    again = text(upload(officer, SAMPLE.read_bytes(), "visites-mars.csv"))
    assert "Rien ne change" in again and "Enregistrer les visites" not in again
    assert confirm(officer, page).status_code == 303  # the old preview, sent again
    assert stored(app) == {None: 300, **SAMPLE_DAYS}
    assert len(audited(app)) == 1  # a confirmation that changes nothing logs nothing


def test_a_corrected_file_shows_the_old_count_and_replaces_it(app, world, officer):
    confirm(officer, text(upload(officer, SAMPLE.read_bytes())))
    page = text(upload(officer, b"Date;Visiteurs\n03/03/2026;300\n"))
    assert ">Corrigé<" in page and "(était 341)" in page
    assert confirm(officer, page).status_code == 303
    assert stored(app) == {None: 300, **SAMPLE_DAYS, date(2026, 3, 3): 300}


def test_columns_and_a_filter_named_on_the_form_are_used(app, world, officer):
    reply = upload(
        officer,
        SAMPLE.read_bytes(),
        channel="web",
        date_column="date",
        count_column="nombre de tickets",
        only_column="Service",
        only_value="Titres de séjour",
    )
    page = text(reply)
    assert reply.status_code == 200, page
    assert "24 autres écartées" in page
    confirm(officer, page)
    expected = {date(2026, 3, 2): 133, date(2026, 3, 3): 151, date(2026, 3, 4): 132}
    assert stored(app, "web") == expected


BAD_FILES = {
    "wrong date": (
        b"Date;Visiteurs\n02/03/2026;10\n2026-13-01;5\n",
        "Ligne 3\u00a0: «\u00a02026-13-01\u00a0» n'est pas une date",
    ),
    "negative count": (
        b"Date;Visiteurs\n02/03/2026;10\n03/03/2026;-4\n",
        "Ligne 3\u00a0: «\u00a0-4\u00a0» est négatif",
    ),
    "no count column": (
        b"Date;Heure\n02/03/2026;09:00\n",
        "aucune colonne de nombres de visites",
    ),
    "empty": (b"", "Le fichier est vide."),
    "header only": (b"Date;Visiteurs\n", "Aucune ligne de visites sous la ligne d'en-tête."),
    "not text": (b"\x00\x01\x02PK", "Le fichier n'a pas pu être lu"),
}


@pytest.mark.parametrize("content,message", BAD_FILES.values(), ids=list(BAD_FILES))
def test_a_bad_file_is_a_french_message_and_stores_nothing(app, world, officer, content, message):
    reply = upload(officer, content, "mauvais.csv")
    page = text(reply)
    assert reply.status_code == 422
    assert message in page, page[page.find("import-file-error") - 100 :][:800]
    assert stored(app) == {None: 300}
    assert 'aria-invalid="true"' in page


def test_several_problems_are_listed_under_the_file_with_its_name(app, world, officer):
    content = b"Date;Visiteurs\n02/03/2026;-1\n31/02/2026;4\n05/03/2026;douze\n"
    page = text(upload(officer, content, "mauvais.csv"))
    assert "Le fichier comporte 3 problèmes" in page
    assert "Rien n'est enregistré depuis «\u00a0mauvais.csv\u00a0»" in page
    assert len(re.findall(r"<li>Ligne \d", page)) == 3


def test_a_column_named_wrong_is_said_next_to_its_field(app, world, officer):
    reply = upload(officer, SAMPLE.read_bytes(), date_column="Jour")
    page = text(reply)
    assert reply.status_code == 422
    error = re.search(r'id="import-date_column-error">(.*?)</p>', page, re.S).group(1)
    assert "le fichier n'a pas de colonne «\u00a0Jour\u00a0»" in error
    assert "<details open>" in page
    filter_half = upload(officer, SAMPLE.read_bytes(), only_column="Service")
    assert "Indiquez la colonne et sa valeur" in text(filter_half)


def test_a_file_that_is_not_csv_or_xlsx_and_a_missing_file_are_refused(app, world, officer):
    xls = text(upload(officer, b"\xd0\xcf\x11\xe0", "visites.xls"))
    assert "Un fichier .csv ou .xlsx (enregistrez un .xls en .xlsx)." in xls
    token = csrf_token(officer, URL)
    missing = officer.post(f"{URL}/import", data={"csrf_token": token, "import-channel": "kiosk"})
    assert missing.status_code == 422
    assert "Choisissez le fichier exporté" in text(missing)


def test_days_outside_the_period_are_refused_uploaded_typed_or_confirmed(app, world, officer):
    preview = text(upload(officer, SAMPLE.read_bytes()))
    set_period(app, date(2026, 3, 3), date(2026, 3, 27))  # changed after the preview
    late = confirm(officer, preview)
    assert late.status_code == 422
    assert "Le 2 mars 2026 précède le premier jour de l'enquête (3 mars 2026)." in (text(late))
    refused = upload(officer, SAMPLE.read_bytes())
    assert refused.status_code == 422
    assert "le 02/03/2026 précède le premier jour de l'enquête (03/03/2026)" in (text(refused))
    typed = post(officer, URL, {"channel": "kiosk", "day": "2026-03-28", "visits": "5"}, URL)
    assert typed.status_code == 422
    assert "Le 28 mars 2026 suit le dernier jour de l'enquête (27 mars 2026)." in (text(typed))
    assert stored(app) == {None: 300}


def test_a_file_past_the_request_limit_is_said_on_the_page(app, world, officer):
    app.config["MAX_UPLOAD_BYTES"] = 2048
    reply = upload(officer, b"Date;Visiteurs\n" + b"02/03/2026;1\n" * 400)
    assert reply.status_code == 413
    page = text(reply)
    assert "Le fichier dépasse 2\u00a0Ko" in page and 'id="import-file-error"' in page
    reader = app.test_client()
    login(reader, "reader_a")
    token = csrf_token(reader, "/admin/")
    big = reader.post(
        f"{URL}/import",
        data={"csrf_token": token, "import-file": (io.BytesIO(b"x" * 4096), "v.csv")},
        content_type="multipart/form-data",
    )
    assert big.status_code == 403 and "Le fichier dépasse" not in text(big)
    anonymous = app.test_client().post(
        f"{URL}/import",
        data={"import-file": (io.BytesIO(b"x" * 4096), "v.csv")},
        content_type="multipart/form-data",
    )
    assert anonymous.status_code in (302, 303, 413) and "Alpha" not in anonymous.get_data(
        as_text=True
    )
