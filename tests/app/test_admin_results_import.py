"""«Importer des résultats»: `survey import` from the campaign's pages. Check (nothing stored),
problems in French with their row and column, preview, confirm once; the report then reads
as after `survey import` of the same file."""

from __future__ import annotations

import csv
import html
import io
import os
import re
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from questionnaires import bundled_path, load_questionnaire
from survey_app.collect.importing.bundled import bundled_mappings
from survey_app.core.campaigns import create_campaign, get_or_create_site
from survey_app.core.db import db
from survey_app.core.models import AuditEvent, Campaign, Response, ResponseImport
from survey_app.outputs.reporting import campaign_report
from tests.app.admin_helpers import SITE_A, csrf_token, login

SAMPLE = Path(__file__).parent / "samples" / "sphinx-accueil-2023-canaux.csv"
MAPPING = bundled_mappings()["sphinx-qualepref-accueil"].path
URL = "/admin/campaigns/accueil-2023/results/import"
HIDDEN = re.compile(r'<input id="(token|digest)" name="\1" type="hidden" value="([^"]*)"')
NBSP = "\u00a0"


def text(reply) -> str:
    return html.unescape(reply.get_data(as_text=True))


def upload(client, content: bytes, name: str = "sphinx-2023.csv", **fields):
    data = {"mapping": "sphinx-qualepref-accueil", "channel": "", **fields}
    data["file"] = (io.BytesIO(content), name)
    data["csrf_token"] = csrf_token(client, URL)
    return client.post(URL, data=data, content_type="multipart/form-data")


def confirm(client, preview: str, **changed):
    fields = {**dict(HIDDEN.findall(preview)), **changed}
    fields["csrf_token"] = csrf_token(client, URL)
    return client.post(f"{URL}/confirm", data=fields)


@pytest.fixture
def past(app, world):
    """A closed campaign on site A (officer_a's), and its twin the CLI imports into; the
    test then reads the database in an app context of its own (`db_ctx`)."""
    questionnaire = load_questionnaire(bundled_path())
    with app.app_context():
        site = get_or_create_site(db.session, SITE_A, "Préfecture", "Europe/Paris")
        for slug in ("accueil-2023", "accueil-2023-cli"):
            create_campaign(db.session, slug=slug, title=f"Enquête {slug}", site=site,
                            questionnaire=questionnaire, status="closed")  # fmt: skip
        db.session.commit()


def responses(app, slug: str) -> int:
    with app.app_context():
        campaign = db.session.scalar(select(Campaign).filter_by(slug=slug))
        query = select(func.count()).select_from(Response)
        return db.session.scalar(query.filter_by(campaign_id=campaign.id))


def imports(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(ResponseImport))


def pending_files(app) -> list[Path]:
    folder = Path(app.instance_path) / "imports"
    return sorted(p for p in folder.glob("*") if not p.name.endswith(".done"))


def _figures(app, slug: str) -> dict:
    with app.app_context():
        campaign = db.session.scalar(select(Campaign).filter_by(slug=slug))
        report = campaign_report(db.session, campaign)
        return {
            "responses": report.responses,
            "participation": report.participation,
            "kept_apart": report.results.kept_apart,
            "items": {
                row.item_key: (row.result.distribution, row.result.no_opinion)
                for row in report.items
            },
            "profil": dict(report.results.choice("profil").counts),
        }


def test_a_sphinx_file_checked_previewed_then_confirmed_reads_as_survey_import(
    app, past, officer, run
):
    page = officer.get("/admin/campaigns/accueil-2023")
    assert f'href="{URL}"' in text(page)  # the campaign's page links to it
    form = text(officer.get(URL))
    assert "Export SPHINX du questionnaire d'accueil" in form
    anchor = "importer-des-resultats-annees-passees-questionnaires-papier"
    assert f"/admin/aide#{anchor}" in form and f'id="{anchor}"' in text(officer.get("/admin/aide"))
    preview = upload(officer, SAMPLE.read_bytes())
    assert preview.status_code == 200, text(preview)
    shown = text(preview)
    assert "64 réponses prêtes à importer" in shown
    assert re.search(r"Tablette à l'accueil</th><td class=\"num\">30<", shown)
    assert re.search(r"Site internet \(lien et QR code\)</th><td class=\"num\">20<", shown)
    assert re.search(r"Questionnaire papier</th><td class=\"num\">14<", shown)
    assert "4 réponses laissent sans réponse une question obligatoire" in shown
    assert "6 réponses donnent un avis à une question qui ne se posait pas" in shown
    assert "sphinx-2023.csv" in shown
    assert responses(app, "accueil-2023") == 0  # nothing stored before the confirmation
    (kept,) = pending_files(app)
    assert kept.stat().st_mode & 0o777 == 0o700
    assert all(f.stat().st_mode & 0o777 == 0o600 for f in kept.iterdir())

    done = confirm(officer, shown)
    assert done.status_code == 200, text(done)
    assert f"64 réponses importées depuis «{NBSP}sphinx-2023.csv{NBSP}»" in text(done)
    assert 'href="/admin/campaigns/accueil-2023/results"' in text(done)
    assert pending_files(app) == []  # the upload is removed once loaded
    with app.app_context():
        (provenance,) = db.session.scalars(select(ResponseImport))
        assert provenance.imported_by == "admin:officer_a"
        assert provenance.file_name == "sphinx-2023.csv" and provenance.created == 64
        unfolded = (
            select(func.count())
            .select_from(Response)
            .filter_by(is_folded=False, campaign_id=provenance.campaign_id)
        )
        assert db.session.scalar(unfolded) == 0  # folded ahead, as `survey import` does
        (event,) = db.session.scalars(select(AuditEvent).filter_by(action="results.import"))
        assert event.target == "campaign:accueil-2023"
        assert event.details["created"] == 64
        assert event.details["by_channel"] == {"kiosk": 30, "web": 20, "paper": 14}

    result = run("import", "--campaign", "accueil-2023-cli", SAMPLE, "--mapping", MAPPING)
    assert result.exit_code == 0, result.output
    web, cli = _figures(app, "accueil-2023"), _figures(app, "accueil-2023-cli")
    assert web == cli
    assert web["responses"] == 64 and web["kept_apart"] == {"hidden": 6, "required": 4}


def test_a_file_with_problems_lists_them_by_row_and_column_and_stores_nothing(app, past, officer):
    rows = list(csv.reader(io.StringIO(SAMPLE.read_text(encoding="utf-8-sig")), delimiter=";"))
    rows[3][rows[0].index("Q3 Horaires d'ouverture")] = "Bof"  # row 4: an unknown label
    rows[5][rows[0].index("Mode de recueil")] = "Minitel"  # row 6: an unknown channel
    edited = io.StringIO()
    csv.writer(edited, delimiter=";").writerows(rows)
    reply = upload(officer, edited.getvalue().encode("utf-8"))
    assert reply.status_code == 422
    page = text(reply)
    assert "Le fichier comporte 2 problèmes" in page
    assert f"Ligne 4, colonne «{NBSP}Q3 Horaires d'ouverture{NBSP}»" in page
    assert f"libellé «{NBSP}Bof{NBSP}» inconnu" in page
    assert f"Ligne 6, colonne «{NBSP}Mode de recueil{NBSP}»" in page
    assert f"canal «{NBSP}Minitel{NBSP}» inconnu" in page
    assert responses(app, "accueil-2023") == 0
    assert imports(app) == 0
    assert pending_files(app) == []  # nothing kept from a refused file


def test_past_the_listed_problems_the_rest_are_counted(app, past, officer):
    header = SAMPLE.read_bytes().decode("utf-8-sig").splitlines()[0]
    reply = upload(officer, (header + "\n" + "1;x\n" * 80).encode("utf-8"))
    assert reply.status_code == 422
    page = text(reply)
    assert page.count("<li><strong>Ligne ") == 50
    assert re.search(r"… et \d+ autres problèmes\.", page)


def test_uploads_never_confirmed_are_removed_after_a_day(app, past, officer):
    folder = Path(app.instance_path) / "imports"
    folder.mkdir(exist_ok=True)
    stale, fresh = folder / ("a" * 43), folder / ("b" * 43)
    for kept in (stale, fresh):
        kept.mkdir()
        (kept / "resultats.csv").write_text("x")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(stale, (two_days_ago, two_days_ago))
    upload(officer, SAMPLE.read_bytes())
    assert not stale.exists() and fresh.exists()


def test_a_double_click_on_confirm_imports_once(app, past, officer):
    shown = text(upload(officer, SAMPLE.read_bytes()))
    assert confirm(officer, shown).status_code == 200
    again = confirm(officer, shown)
    assert again.status_code == 409
    assert "Cet import a déjà été confirmé" in text(again)
    assert responses(app, "accueil-2023") == 64
    assert imports(app) == 1
    # The same file again: the preview says so, with nothing to confirm and nothing kept.
    again = text(upload(officer, SAMPLE.read_bytes()))
    assert "Rien de nouveau : les 64 réponses de ce fichier sont déjà dans l'enquête" in again
    assert "Confirmer l'import" not in again and pending_files(app) == []
    lines = SAMPLE.read_text(encoding="utf-8-sig").splitlines()
    grown = "\n".join([*lines, "65" + lines[1][lines[1].index(";") :]]).encode()
    more = text(upload(officer, grown))
    assert "65 réponses prêtes" in more and "Confirmer l'import" in more
    assert "64 réponses de ce fichier sont déjà dans l'enquête" in more


def test_a_tampered_token_or_digest_is_refused(app, past, officer):
    shown = text(upload(officer, SAMPLE.read_bytes()))
    token, digest = dict(HIDDEN.findall(shown))["token"], dict(HIDDEN.findall(shown))["digest"]
    other_token = confirm(officer, shown, token=token[:-1] + ("A" if token[-1] != "A" else "B"))
    assert other_token.status_code == 410 and "importez-le à nouveau" in text(other_token)
    assert confirm(officer, shown, token="../../etc").status_code == 422
    other_digest = confirm(officer, shown, digest=("0" if digest[0] != "0" else "1") + digest[1:])
    assert other_digest.status_code == 400 and "Ce n'est pas le fichier vérifié" in text(
        other_digest
    )
    assert responses(app, "accueil-2023") == 0
    assert confirm(officer, shown).status_code == 200  # the genuine one still goes through


def test_the_shipped_mapping_can_be_downloaded_to_adapt(app, past, officer):
    reply = officer.get("/admin/import-mappings/sphinx-qualepref-accueil.yaml")
    assert reply.status_code == 200
    assert reply.get_data() == MAPPING.read_bytes()
    assert "attachment" in reply.headers["Content-Disposition"]
    assert officer.get("/admin/import-mappings/nope.yaml").status_code == 404


def test_another_account_cannot_confirm_an_upload(app, past, officer):
    shown = text(upload(officer, SAMPLE.read_bytes()))
    admin = app.test_client()
    login(admin, "admin")
    reply = confirm(admin, shown)
    assert reply.status_code == 403
    assert responses(app, "accueil-2023") == 0


@pytest.mark.parametrize("account, status", [("officer_b", 404), ("reader_a", 403)])
def test_other_sites_officers_and_readers_are_refused(app, past, account, status):
    client = app.test_client()
    login(client, account)
    assert client.get(URL).status_code == status
    token = csrf_token(client, "/admin/")
    data = {"csrf_token": token, "mapping": "sphinx-qualepref-accueil", "channel": "",
            "file": (io.BytesIO(SAMPLE.read_bytes()), "s.csv")}  # fmt: skip
    reply = client.post(URL, data=data, content_type="multipart/form-data")
    assert reply.status_code == status
    assert responses(app, "accueil-2023") == 0 and pending_files(app) == []


def test_an_xlsx_file_reads_as_its_csv(app, past, officer, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    with SAMPLE.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.reader(handle, delimiter=";"):
            book.active.append(row)
    book.save(tmp_path / "sphinx.xlsx")
    shown = text(upload(officer, (tmp_path / "sphinx.xlsx").read_bytes(), "sphinx.xlsx"))
    assert "64 réponses prêtes à importer" in shown
    assert confirm(officer, shown).status_code == 200
    assert responses(app, "accueil-2023") == 64


def test_one_channel_for_the_whole_file(app, past, officer):
    shown = text(upload(officer, SAMPLE.read_bytes(), channel="paper"))
    assert re.search(r"Questionnaire papier</th><td class=\"num\">64<", shown)
    assert confirm(officer, shown).status_code == 200
    with app.app_context():
        campaign = db.session.scalar(select(Campaign).filter_by(slug="accueil-2023"))
        channels = select(Response.channel, func.count()).filter_by(campaign_id=campaign.id)
        channels = channels.group_by(Response.channel)
        assert dict(db.session.execute(channels).all()) == {"paper": 64}


def test_an_uploaded_mapping_is_used_and_its_problems_named(app, past, officer):
    broken = MAPPING.read_text(encoding="utf-8").replace("item: profil", "item: profile")
    own = (io.BytesIO(broken.encode()), "ma-correspondance.yaml")
    reply = upload(officer, SAMPLE.read_bytes(), mapping="fichier", mapping_file=own)
    assert reply.status_code == 422
    page = text(reply)
    assert f"Correspondance «{NBSP}ma-correspondance.yaml{NBSP}»" in page
    assert f"question «{NBSP}profile{NBSP}» inconnue du questionnaire" in page
    missing = upload(officer, SAMPLE.read_bytes(), mapping="fichier")
    assert missing.status_code == 422
    assert "Joignez votre fichier de correspondance" in text(missing)
    good = upload(officer, SAMPLE.read_bytes(), mapping="fichier",
                  mapping_file=(io.BytesIO(MAPPING.read_bytes()), "sphinx.yaml"))  # fmt: skip
    assert good.status_code == 200 and "64 réponses prêtes" in text(good)


def test_a_file_past_the_request_limit_is_said_on_the_page(app, past, officer):
    app.config["MAX_UPLOAD_BYTES"] = 4096
    reply = upload(officer, SAMPLE.read_bytes())
    assert reply.status_code == 413
    page = text(reply)
    assert f"Le fichier dépasse 4{NBSP}Ko" in page and 'id="file-error"' in page
    assert responses(app, "accueil-2023") == 0


def test_a_file_past_the_row_limit_is_refused_with_the_setting(make_app, app, past):
    limited = make_app(IMPORT_MAX_ROWS=10)
    client = limited.test_client()
    login(client, "officer_a")
    reply = upload(client, SAMPLE.read_bytes())
    assert reply.status_code == 422
    assert "plus de 10 lignes (réglage IMPORT_MAX_ROWS)" in text(reply)


def test_an_import_file_may_be_larger_than_other_requests(app, past, officer):
    """MAX_UPLOAD_BYTES for the import pages, MAX_REQUEST_BYTES everywhere else."""
    app.config["MAX_CONTENT_LENGTH"] = 8192  # MAX_REQUEST_BYTES, below the 16 KB sample
    assert len(SAMPLE.read_bytes()) > 8192
    reply = upload(officer, SAMPLE.read_bytes())
    assert reply.status_code == 200 and "64 réponses prêtes" in text(reply)
    token = csrf_token(officer, "/admin/")
    other = officer.post(
        "/admin/campaigns/accueil-2023/visits",
        data={"csrf_token": token, "channel": "kiosk", "day": "2023-03-01", "visits": "x" * 9000},
    )
    assert other.status_code == 413
    assert "taille acceptée (8\u00a0Ko)" in text(other)
    assert responses(app, "accueil-2023") == 0
