"""QR codes (PNG, SVG), the printable A4 poster and the website snippet of a campaign.

The QR code carries the public link; error correction M keeps the code small (version 2-4
for a short link), so modules stay large and the printed 17 cm code scans from two metres.
"""

from __future__ import annotations

import io

import qrcode
from flask import render_template, request, send_file, url_for
from markupsafe import Markup, escape
from qrcode.image.pure import PyPNGImage

from ...core.campaigns import questionnaire_of
from ...core.models import Campaign
from ..i18n import NATIVE_NAMES, text_direction
from . import poster_texts
from .access import MANAGERS, campaign_or_404, roles_required
from .blueprint import bp
from .links import link_base


def public_link(campaign: Campaign) -> str:
    """The campaign's public link, from the service's public address (links.py)."""
    return link_base().url + url_for("public.survey", slug=campaign.slug)


def short_link(link: str) -> str:
    """The link as people type it: without http:// or https://."""
    return link.split("://", 1)[-1]


def _code(data: str, box_size: int = 10) -> qrcode.QRCode:
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, border=4, box_size=box_size
    )
    code.add_data(data)
    code.make(fit=True)
    return code


def qr_svg(data: str, title: str, width: int | None = None) -> str:
    """A standalone SVG: white background, one black path, sized by its viewBox (or `width`)."""
    matrix = _code(data).get_matrix()
    size = len(matrix)
    sized = f' width="{width}" height="{width}"' if width else ""
    cells = "".join(
        f"M{x} {y}h1v1h-1z" for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}"{sized} '
        f'role="img" aria-label="{escape(title)}" shape-rendering="crispEdges">'
        f"<title>{escape(title)}</title>"
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path d="{cells}" fill="#000"/></svg>'
    )


def qr_png(data: str) -> bytes:
    image = _code(data, box_size=20).make_image(image_factory=PyPNGImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()


QR_MIMETYPES = {"png": "image/png", "svg": "image/svg+xml"}


def _qr_title(campaign: Campaign) -> str:
    return f"QR code du questionnaire « {campaign.title} »"


def _qr_file(campaign: Campaign, image: bytes, extension: str):
    """The campaign's QR code as a file, downloaded when the link asks (?download=1)."""
    return send_file(
        io.BytesIO(image),
        mimetype=QR_MIMETYPES[extension],
        as_attachment=bool(request.args.get("download")),
        download_name=f"qr-{campaign.slug}.{extension}",
    )


@bp.get("/campaigns/<slug>/qr.png")
@roles_required(*MANAGERS)
def qr_code_png(slug: str):
    campaign = campaign_or_404(slug)
    return _qr_file(campaign, qr_png(public_link(campaign)), "png")


@bp.get("/campaigns/<slug>/qr.svg")
@roles_required(*MANAGERS)
def qr_code_svg(slug: str):
    campaign = campaign_or_404(slug)
    svg = qr_svg(public_link(campaign), _qr_title(campaign))
    return _qr_file(campaign, svg.encode(), "svg")


@bp.get("/campaigns/<slug>/qr")
@roles_required(*MANAGERS)
def qr_page(slug: str):
    """The link, both QR files, the poster and the HTML snippet for the website."""
    campaign = campaign_or_404(slug)
    link = public_link(campaign)
    return render_template(
        "admin/qr.html",
        campaign=campaign,
        link=link,
        short=short_link(link),
        snippet=website_snippet(campaign, link),
        address_warning=link_base().warning,
        invitations=invitations(campaign),
    )


@bp.get("/campaigns/<slug>/affiche")
@roles_required(*MANAGERS)
def poster(slug: str):
    """An A4 poster for the hall; the print stylesheet keeps it to one page."""
    campaign = campaign_or_404(slug)
    link = public_link(campaign)
    every = invitations(campaign)
    return render_template(
        "admin/poster.html",
        campaign=campaign,
        short=short_link(link),
        qr=Markup(qr_svg(link, _qr_title(campaign))),
        address_warning=link_base().warning,
        first=[i for i in every if i["code"] in poster_texts.FIRST],
        others=[i for i in every if i["code"] not in poster_texts.FIRST],
        languages=[(i["code"], i["name"]) for i in every],
    )


def invitations(campaign: Campaign) -> list[dict[str, str | None]]:
    """The poster's invitation in each of the questionnaire's languages, French first."""
    languages = questionnaire_of(campaign.questionnaire_version).languages
    return [
        {
            "code": code,
            "dir": text_direction(code),
            "name": NATIVE_NAMES.get(code, code),
            **poster_texts.INVITATIONS[code],
            "period": poster_texts.period(code, campaign.opens_on, campaign.closes_on),
        }
        for code in poster_texts.ordered(languages)
    ]


def website_snippet(campaign: Campaign, link: str) -> str:
    """HTML to paste into the website's page: a sentence, the link and the QR code inline,
    and a link straight to each other language of the questionnaire."""
    others = [i for i in invitations(campaign) if i["code"] != "fr"]
    by_language = "".join(
        f'    <li><a href="{escape(link)}?lang={i["code"]}" hreflang="{i["code"]}" '
        f'lang="{i["code"]}" dir="{i["dir"]}">{escape(i["answer"])}</a></li>\n'
        for i in others
    )
    return (
        '<section class="enquete-satisfaction">\n'
        f"  <h2>{escape(campaign.title)}</h2>\n"
        "  <p>Votre avis nous aide à améliorer l'accueil. Le questionnaire est anonyme "
        "et prend 2 minutes.</p>\n"
        f'  <p><a href="{escape(link)}">Répondre au questionnaire</a></p>\n'
        + (f"  <ul>\n{by_language}  </ul>\n" if others else "")
        + f"  {qr_svg(link, _qr_title(campaign), width=200)}\n"
        "</section>\n"
    )
