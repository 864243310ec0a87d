"""Configuration: defaults here, then instance/config.py, then CREDITDESK_* variables."""

import secrets
from pathlib import Path

from flask import Flask

REPO_ROOT = Path(__file__).resolve().parents[2]


class Defaults:
    """Values a fresh checkout runs with; every one can be overridden."""

    SECRET_KEY = None  # generated once into instance/secret_key when not configured
    SQLALCHEMY_DATABASE_URI = None  # SQLite in the instance folder when not configured
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    SQLITE_BUSY_TIMEOUT_MS = 5000
    # Page cache per connection (SQLite's default is 2 MiB): the inbox search reads
    # thousands of scattered lead rows; with the default most come from the OS, 3× slower.
    SQLITE_CACHE_MIB = 64

    CONTENT_DIR = str(REPO_ROOT / "content")
    ASSESSMENTS_DIR = str(REPO_ROOT / "assessments")
    # Loss rates of the receivables health check's provision matrix (illustrative; an analyst
    # edits them). In a subfolder: assessments/*.yaml are questionnaires.
    AGING_RATES_FILE = str(REPO_ROOT / "assessments" / "aging" / "provision-rates.yaml")
    SITE_NAME = "CreditDesk"
    # The one public origin, e.g. "https://www.creditdesk.cn": every absolute URL (canonical,
    # hreflang, sitemap, feed, e-mail and webhook links, setup links) is built on it, and the
    # app answers only its host (400 for others). Empty: loopback names only, links on
    # http://localhost:5000 (`make run` sets it; `flask deploy check` refuses it empty).
    SITE_URL = ""
    # Host names answered; derived from SITE_URL when None (a leading dot allows subdomains).
    TRUSTED_HOSTS = None

    # Who runs the site: the personal-information handler named on /privacy (PIPL art. 17),
    # /about and the footer. The shipped values are examples; `flask deploy check` refuses
    # them.
    ORG_NAME = "示例信用咨询有限公司(示例,请配置 ORG_NAME)"
    ORG_ADDRESS = "示例省示例市示例路 1 号(示例地址,请配置 ORG_ADDRESS)"
    ORG_EMAIL = "privacy@creditdesk.example"
    ORG_PHONE = "+86 000 0000 0000"
    TIMEZONE = "Asia/Shanghai"

    BABEL_DEFAULT_LOCALE = "zh_CN"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    LANGUAGES = ("zh_CN", "en")
    LANG_COOKIE = "lang"

    # Number of reverse proxies in front of the app whose X-Forwarded-* headers to trust
    # (0: none). Without it behind a proxy every visitor shares the proxy's IP, and the
    # rate limits and login lockouts would count them all as one.
    TRUSTED_PROXIES = 0

    # Set HTTPS=true behind TLS: Secure cookies and HSTS.
    HTTPS = False
    HSTS_MAX_AGE = 31536000
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = 3600 * 4
    MAX_CONTENT_LENGTH = 256 * 1024

    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True

    ARTICLES_PER_PAGE = 10

    # Article view counts (creditdesk.viewcounts): counted in Redis (this URL; None = the
    # rate-limit storage when that is redis://, "" = never) or in each worker's memory,
    # and added to the daily rows at most this often. Without Redis a worker killed with
    # SIGKILL loses at most its views of the last VIEW_COUNTS_FLUSH_SECONDS.
    VIEW_COUNTS_FLUSH_SECONDS = 5
    VIEW_COUNTS_REDIS_URL: str | None = None
    VIEW_COUNTS_REDIS_PREFIX = "creditdesk:views"
    # "Popular articles" (most viewed in the last 30 days) is re-read at most this often.
    POPULAR_CACHE_SECONDS = 60
    # Pages the same for every visitor but a few tokens (article, home, /consult, the
    # self-check's start) are rendered once per locale and content (creditdesk.fragments).
    FRAGMENT_CACHE = True

    # Consultation requests (leads): the fastest a person fills in the form (faster is
    # stored as spam), limits on new requests (Flask-Limiter syntax; RATELIMIT_ENABLED
    # switches them off) and how long one phone keeps pointing at the same prospect.
    LEADS_MIN_FILL_SECONDS = 3
    LEADS_RATELIMIT_IP = "5/minute;30/day"
    # Saving and unsaving articles (收藏), per client IP: generous for people behind one
    # office address, a brake on a script minting reader cookies.
    SAVES_RATELIMIT_IP = "60/minute;600/day"
    LEADS_RATELIMIT_PHONE = "3/day"
    LEADS_PROSPECT_WINDOW_DAYS = 30
    # Completed self-checks per IP (each stores a result; Flask-Limiter syntax).
    SELFCHECK_RATELIMIT_IP = "20/hour"

    # Sales follow-up (creditdesk.followup). Automatic assignment of new requests: "off",
    # "round_robin" among active sales users, or "by_need" with LEADS_ASSIGN_BY_NEED
    # mapping a need to staff e-mails (round robin inside each; needs not listed go to
    # every active sales user in turn).
    LEADS_AUTO_ASSIGN = "off"
    LEADS_ASSIGN_BY_NEED: dict = {}
    # E-mail the assignee of a request (besides their own chat robot, if they set one).
    NOTIFY_ASSIGNEE_EMAIL = True
    # Sales users may plan and log only on requests assigned to them (admins on any).
    LEADS_RESTRICT_TO_ASSIGNEE = False
    # First-response clock: working days (0 = Monday), hours and holidays (YYYY-MM-DD),
    # in TIMEZONE; a new request unanswered for longer than this many working hours is late.
    LEADS_WORK_DAYS = [0, 1, 2, 3, 4]
    LEADS_WORK_HOURS = ["09:00", "18:00"]
    LEADS_HOLIDAYS: list = []
    LEADS_FIRST_RESPONSE_HOURS = 4

    # New-lead notifications (creditdesk.notify). Sales address(es): a list or "a@x, b@y";
    # empty means no e-mail. The e-mail carries the full phone; chat messages a masked one.
    NOTIFY_SALES_EMAIL: list | str = []
    NOTIFY_MAIL_FROM = "CreditDesk <creditdesk@localhost>"
    NOTIFY_SMTP_HOST = "localhost"
    NOTIFY_SMTP_PORT = 25
    NOTIFY_SMTP_USERNAME = None
    NOTIFY_SMTP_PASSWORD = None
    NOTIFY_SMTP_STARTTLS = False  # upgrade a plain connection (usually port 587)
    NOTIFY_SMTP_SSL = False  # TLS from the first byte (usually port 465)
    NOTIFY_SMTP_TIMEOUT = 10
    # Webhooks: {"url", "format": "json"|"wecom"|"dingtalk"|"feishu", "secret"} or a plain
    # URL (= json signed with NOTIFY_WEBHOOK_SECRET). DingTalk/Feishu secrets are the
    # robot's optional signing secret.
    NOTIFY_WEBHOOKS: list = []
    NOTIFY_WEBHOOK_SECRET = None
    NOTIFY_HTTP_TIMEOUT = 5  # short: a hanging robot must not hold a worker
    # Retries: 30 s · 2^n with jitter, capped at 1 h; 10 attempts span about 3 hours.
    NOTIFY_MAX_ATTEMPTS = 10
    NOTIFY_BACKOFF_BASE = 30
    NOTIFY_BACKOFF_CAP = 3600
    # A claimed row whose worker died is retried after this; must exceed one delivery's
    # worst case (SMTP or HTTP timeout).
    NOTIFY_LEASE_SECONDS = 300
    NOTIFY_POLL_SECONDS = 30  # `flask notify run` sleep between passes
    # Try each new lead's notifications right after its response is sent.
    NOTIFY_AFTER_RESPONSE = True

    # Sales workspace (admin): session limits, login lockout, inbox page size, retention.
    ADMIN_IDLE_MINUTES = 30
    ADMIN_SESSION_HOURS = 12
    ADMIN_LOCKOUT_FAILURES = 5
    ADMIN_LOCKOUT_MINUTES = 15
    ADMIN_SETUP_LINK_HOURS = 24
    # A visitor without the reader cookie sees an article's number of saves as this
    # worker read it at most this many seconds ago (0: read it on every page view).
    SAVE_COUNTS_CACHE_SECONDS = 10
    ADMIN_PAGE_SIZE = 50
    # Above this many leads, a filtered inbox counts its own tab up to 1,000 ("1,000+")
    # and fetches the other tabs' numbers after the page: exact counts would read every
    # matching lead on each page view.
    INBOX_EXACT_COUNTS_UPTO = 100_000
    # Staff password hashing (argon2id): argon2-cffi's defaults, RFC 9106's low-memory
    # profile. Lower them only where no real password is stored (the tests do).
    PASSWORD_HASH_TIME_COST = 3
    PASSWORD_HASH_MEMORY_KIB = 65536
    PASSWORD_HASH_PARALLELISM = 4
    # Personal data of closed leads is erased this long after their last change; the
    # privacy page states it as 24 months.
    LEADS_RETENTION_DAYS = 730
    # A receivables health check saved without a consultation request is deleted this long
    # after it was saved (one sent with a request goes when the request is erased); the
    # privacy page states it as 90 days.
    AGING_RETENTION_DAYS = 90


def load(app: Flask, overrides: dict | None) -> None:
    """Layer the configuration sources in their documented order."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("CREDITDESK")
    if overrides:
        app.config.update(overrides)
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        db_path = Path(app.instance_path) / "creditdesk.db"
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{db_path}"
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path))
        # One host's generated key: sessions break across hosts (`flask deploy check`).
        app.config["SECRET_KEY_GENERATED"] = True
    if app.config["HTTPS"]:
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
        app.config["PREFERRED_URL_SCHEME"] = "https"


def _instance_secret(instance: Path) -> str:
    """Read the deployment's secret key, creating it once on first start."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # O_EXCL: two workers starting together must not write two different keys.
    try:
        fd = path.open("x", encoding="ascii")
    except FileExistsError:
        return path.read_text().strip()
    with fd:
        path.chmod(0o600)
        fd.write(key)
    return key
