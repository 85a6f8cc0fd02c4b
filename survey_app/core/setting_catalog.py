"""The catalogue of settings: each declared once with its default, a one-line help and the
parser that checks its value (core/setting_values.py). core/settings.py reads them."""

from __future__ import annotations

from .setting_values import (
    Setting,
    as_text,
    boolean,
    check_opening_hours,
    conformity,
    database_url,
    email,
    holiday_area,
    int_between,
    parse_burst_rate,
    parse_rate_limit,
    parse_storage_uri,
    smtp_security,
    synchronous,
    timezone,
    token,
)

SETTINGS: tuple[Setting, ...] = (
    Setting(
        "DATABASE_URL",
        "",
        "SQLAlchemy URL; empty means SQLite at instance/survey.db.",
        database_url,
    ),
    Setting(
        "SECRET_KEY",
        "",
        "Signs sessions and CSRF tokens; empty means one generated and "
        "kept in instance/secret_key.",
    ),
    Setting("HOST", "127.0.0.1", "Address `survey serve` listens on."),
    Setting("PORT", 8000, "Port `survey serve` listens on.", int_between(1, 65535)),
    Setting(
        "WORKERS",
        2,
        "Number of gunicorn worker processes for `survey serve`.",
        int_between(1, 64),
    ),
    Setting(
        "WORKER_TIMEOUT",
        60,
        "Seconds a `survey serve` worker may spend on one request before gunicorn replaces it.",
        int_between(10, 3600),
    ),
    Setting(
        "XLSX_RESPONSES_LIMIT",
        20_000,
        "Most responses the Excel results downloaded from the admin list one by one; above, "
        "the workbook holds the results only and points to the responses CSV (building it "
        "would pass the worker timeout). `survey report --format xlsx` always lists them all.",
        int_between(0, 100_000_000),
    ),
    Setting(
        "BASE_URL",
        "",
        "Public address used in outside links (QR codes, posters, pairing); when set it wins "
        "over the one an administrator saves at /admin/public-address.",
    ),
    Setting(
        "TIMEZONE",
        "Europe/Paris",
        "Time zone of a new site's opening and closing dates.",
        timezone,
    ),
    Setting(
        "MAX_REQUEST_BYTES",
        256 * 1024,
        "Largest accepted request body (413 above).",
        int_between(1024, 64 * 1024 * 1024),
    ),
    Setting(
        "MAX_UPLOAD_BYTES",
        20 * 1024 * 1024,
        "Largest file an officer may send on the admin's import pages (past results, "
        "visits, a questionnaire's YAML); every other request keeps MAX_REQUEST_BYTES.",
        int_between(64 * 1024, 1024 * 1024 * 1024),
    ),
    Setting(
        "CSRF_TIME_LIMIT",
        3600,
        "Seconds a web form stays valid before its token expires.",
        int_between(60, 7 * 24 * 3600),
    ),
    Setting(
        "SQLITE_BUSY_TIMEOUT",
        30,
        "Seconds a SQLite write waits for the lock before failing.",
        int_between(1, 600),
    ),
    Setting(
        "SQLITE_SYNCHRONOUS",
        "FULL",
        "SQLite durability: FULL survives power loss; NORMAL "
        "is faster but may lose the last commits.",
        synchronous,
    ),
    Setting(
        "TRUSTED_PROXIES",
        0,
        "Number of reverse proxies in front of the app whose X-Forwarded-* headers to trust.",
        int_between(0, 10),
    ),
    Setting(
        "RETRY_AFTER_SECONDS",
        5,
        "Retry-After sent with a 503 when the database is unavailable.",
        int_between(1, 3600),
    ),
    Setting(
        "SECURE_COOKIES",
        False,
        "Mark cookies Secure (set when served over HTTPS).",
        boolean,
    ),
    # The public pages the law asks for (survey_app/web/public/legal.py): who answers for them.
    Setting(
        "CONTROLLER_NAME",
        "",
        "Organisation responsible for the survey and its data (e.g. «Préfecture du Rhône»), "
        "named on the accessibility, privacy and legal pages; empty means «la préfecture».",
    ),
    Setting(
        "CONTROLLER_ADDRESS",
        "",
        "Its postal address, for rights requests and the legal notice (one line).",
    ),
    Setting(
        "CONTACT_EMAIL",
        "",
        "Address for questions, personal-data requests and accessibility problems; "
        "empty means the pages point to the postal address and the reception desk.",
        email,
    ),
    Setting(
        "DPO_EMAIL",
        "",
        "Address of the data protection officer (délégué à la protection des données); "
        "empty means CONTACT_EMAIL.",
        email,
    ),
    Setting(
        "PUBLICATION_DIRECTOR",
        "",
        "Directeur de la publication named on the legal notice (e.g. «Le préfet du Rhône»); "
        "empty means the head of CONTROLLER_NAME.",
    ),
    Setting(
        "HOSTING_PROVIDER",
        "",
        "Who hosts the service, with its address, for the legal notice; "
        "empty means CONTROLLER_NAME on its own servers.",
    ),
    Setting(
        "ACCESSIBILITY_STATUS",
        "none",
        "RGAA conformity declared on the accessibility statement: none (no full audit yet, "
        "«non conforme»), partial or full (after an audit).",
        conformity,
    ),
    Setting(
        "ACCESSIBILITY_AUDIT",
        "",
        "The RGAA audit behind ACCESSIBILITY_STATUS, as shown: who made it, when, the rate "
        "of criteria met (e.g. «audit par X, mars 2027, 87 % des critères respectés»).",
    ),
    # Hall tablet (survey_app/web/kiosk_api/).
    Setting(
        "KIOSK_IDLE_SECONDS",
        60,
        "Seconds without a touch before the tablet asks if the visitor is still there "
        "(then 20 s to answer before the answers are discarded).",
        int_between(5, 3600),
    ),
    Setting(
        "KIOSK_GRACE_DAYS",
        7,
        "Days after a campaign closes during which responses a tablet collected offline "
        "while it was open are still accepted.",
        int_between(0, 365),
    ),
    # Admin workspace (survey_app/web/admin/); parsers in survey_app/web/admin/config.py.
    Setting(
        "LOGIN_RATE_LIMIT",
        "5 per minute; 30 per hour",
        "Failed admin logins allowed per address and per login name before a 429.",
        parse_rate_limit,
    ),
    Setting(
        "ADMIN_IDLE_MINUTES",
        60,
        "An admin session unused this many minutes ends (sign in again).",
        int_between(1, 24 * 60),
    ),
    Setting(
        "ADMIN_SESSION_HOURS",
        12,
        "An admin session ends this many hours after sign-in, however busy.",
        int_between(1, 30 * 24),
    ),
    # Hardening (survey_app/web/limits.py, survey_app/collect/sources.py, docs/security.md).
    Setting(
        "RATELIMIT_STORAGE_URI",
        "",
        "Where rate-limit counters live (expiring, never in the survey database): empty means "
        "instance/ratelimits.db, shared by the server's workers; redis://host:6379 shares "
        "them between hosts (and burst-detection histories); memory:// counts per process.",
        parse_storage_uri,
    ),
    Setting(
        "RATELIMIT_ENABLED",
        True,
        "Apply the rate limits (turn off only for load tests from one address).",
        boolean,
    ),
    Setting(
        "FORM_RATE_LIMIT",
        "20 per minute; 200 per hour",
        "Public form submissions (POST) allowed per address before a 429.",
        parse_rate_limit,
    ),
    Setting(
        "API_RATE_LIMIT",
        "30 per minute; 300 per hour",
        "JSON API responses (POST /api/v1/campaigns/.../responses) allowed per address.",
        parse_rate_limit,
    ),
    Setting(
        "API_VISITS_TOKEN",
        "",
        "Bearer token a queue-management system posts visits with (PUT /api/v1/campaigns/"
        "<slug>/visits, docs/api.md); at least 32 characters; empty turns the route off.",
        token,
    ),
    Setting(
        "KIOSK_RATE_LIMIT",
        "10 per minute; 100 per hour",
        "Tablet API requests allowed per address without a valid tablet token "
        "(pairing, revoked tablets); enrolled tablets are never limited.",
        parse_rate_limit,
    ),
    Setting(
        "FLAG_IDENTICAL_RUN",
        3,
        "A response that is the Nth identical one in a row from one source is flagged (0: never).",
        int_between(0, 1000),
    ),
    Setting(
        "FLAG_IDENTICAL_SECONDS",
        600,
        "Identical responses further apart than this (seconds) do not continue a run.",
        int_between(1, 24 * 3600),
    ),
    Setting(
        "FLAG_BURST_RATE",
        "4 per minute",
        "More responses than this from one source are flagged as impossibly fast (empty: never).",
        parse_burst_rate,
    ),
    Setting(
        "COMMENT_RETENTION_DAYS",
        365,
        "Days free comments are kept; `survey purge-comments` erases older comment text.",
        int_between(1, 36500),
    ),
    # The requests register (survey_app/register/, docs/officer-guide.md).
    Setting(
        "REQUEST_DEADLINE_RECLAMATION",
        15,
        "Working days to answer a réclamation (the register's due date).",
        int_between(1, 250),
    ),
    Setting(
        "REQUEST_DEADLINE_SUGGESTION",
        15,
        "Working days to answer a suggestion.",
        int_between(1, 250),
    ),
    Setting(
        "REQUEST_DEADLINE_INFORMATION",
        15,
        "Working days to answer a demande d'information.",
        int_between(1, 250),
    ),
    Setting(
        "REQUEST_HOLIDAY_AREA",
        "",
        "Public holidays not counted as working days: empty for metropolitan France, or a "
        "subdivision with extra days (57 Moselle, 6AE Alsace, 971 Guadeloupe, 974 La Réunion...).",
        holiday_area,
    ),
    Setting(
        "REQUEST_RETENTION_DAYS",
        365,
        "Days a register entry's contact and text are kept after it is received; "
        "`survey purge-requests` erases them (its counts stay).",
        int_between(1, 36500),
    ),
    # `survey import` (survey_app/collect/importing/limits.py): memory and time stay bounded.
    Setting(
        "IMPORT_MAX_ROWS",
        1_000_000,
        "Rows a file given to `survey import` may have (header included).",
        int_between(10, 100_000_000),
    ),
    Setting(
        "IMPORT_MAX_COLUMNS",
        1_000,
        "Cells a row of a file given to `survey import` may have.",
        int_between(10, 16_384),
    ),
    Setting(
        "IMPORT_MAX_UNPACKED_MB",
        100,
        "Megabytes an XLSX file given to `survey import` may unpack to (its text cells: a fifth "
        "of that), checked before it is read.",
        int_between(1, 10_000),
    ),
    Setting(
        "TABLET_SILENT_MINUTES",
        30,
        "A tablet not heard from for this long during opening hours is shown in red "
        "(and alerted by e-mail, once, when alerts are set up).",
        int_between(1, 24 * 60),
    ),
    Setting(
        "OPENING_HOURS",
        "mon-fri 08:30-16:30",
        "Default days and hours a site is open (its time zone), for the tablet alert; each "
        "site may have its own (/admin/sites).",
        check_opening_hours,
    ),
    Setting(
        "SMTP_HOST",
        "",
        "Mail server for alert e-mails (`survey alerts`); empty: no e-mail is ever sent.",
        as_text,
    ),
    Setting("SMTP_PORT", 587, "Port of the mail server.", int_between(1, 65535)),
    Setting(
        "SMTP_SECURITY",
        "starttls",
        "starttls (port 587), ssl (port 465) or none (a relay on the server itself).",
        smtp_security,
    ),
    Setting("SMTP_USER", "", "Login on the mail server; empty: no login.", as_text),
    Setting("SMTP_PASSWORD", "", "Password on the mail server.", as_text),
    Setting(
        "ALERT_FROM",
        "",
        "Sender address of alert e-mails (needed once SMTP_HOST is set).",
        as_text,
    ),
    Setting(
        "ALERT_TO",
        "",
        "The server administrator's copy of every alert e-mail (addresses separated by "
        "commas), besides each site's officers with an address; optional.",
        as_text,
    ),
    Setting(
        "ALERT_QUEUE_MINUTES",
        60,
        "A tablet whose responses have waited this long to be sent is alerted (0: never).",
        int_between(0, 7 * 24 * 60),
    ),
    Setting(
        "ALERT_DIGEST",
        False,
        "Send a weekly digest of each open campaign (Monday, from the site's opening time).",
        boolean,
    ),
    Setting(
        "ALERT_DIGEST_THRESHOLD",
        80,
        "The weekly digest lists the questions whose satisfaction rate is below this (%).",
        int_between(0, 100),
    ),
)
