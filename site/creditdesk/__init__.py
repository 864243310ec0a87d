"""CreditDesk: the application factory."""

import os
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from . import config as config_module
from . import origin, security

REPO_ROOT = config_module.REPO_ROOT

if TYPE_CHECKING:
    from .aging import ProvisionRates
    from .content import Library


def create_app(config: dict | None = None, instance_path: str | None = None,
               content: "LoadedContent | None" = None) -> Flask:
    """Build the app in named steps: configuration, extensions, content, blueprints,
    app-wide handlers and hooks, commands.

    `content` shares what `read_content` returned for the same folders (the tests load the
    content once per run); by default the app reads its folders itself.
    """
    app = Flask(
        __name__,
        # Per host: CREDITDESK_INSTANCE_PATH, else instance/ in the checkout.
        instance_path=str(
            instance_path or os.environ.get("CREDITDESK_INSTANCE_PATH") or REPO_ROOT / "instance"
        ),
        instance_relative_config=True,
    )
    config_module.load(app, config)
    from .uploads import InMemoryUploadRequest

    app.request_class = InMemoryUploadRequest  # uploaded ledgers never touch the disk
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    # Inside ProxyFix: the host checked is the one the proxy forwarded.
    origin.init_app(app)
    if app.config["TRUSTED_PROXIES"]:
        hops = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    register_extensions(app)
    load_content(app, content)
    security.bound_integers(app)  # before the blueprints add their <int:...> rules
    register_blueprints(app)
    register_app_handlers(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from . import caching, database, fragments, i18n, templating, viewcounts
    from .extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    database.init_app(app)
    migrate.init_app(
        app, db, directory=str(Path(app.root_path) / "migrations"),
        render_as_batch=True, compare_type=True,
    )
    caching.init_app(app)  # first: its after_request sees the others' cookies
    csrf.init_app(app)
    limiter.init_app(app)
    i18n.init_app(app)
    templating.init_app(app)
    viewcounts.init_app(app)
    fragments.init_app(app)
    # Staff sessions of the sales workspace (its user loader is in admin.auth).
    login_manager.init_app(app)
    login_manager.login_view = "admin.login"
    login_manager.login_message = _l("Please log in to continue.")
    login_manager.login_message_category = "warn"


class LoadedContent(NamedTuple):
    library: "Library"
    definitions: dict
    aging_rates: "ProvisionRates"


def read_content(config) -> LoadedContent:
    """Read articles, FAQ and pages, then the questionnaire definitions (which link to
    articles), then the aging check's provision rates; a broken file stops the start with
    one line naming it."""
    from .aging import RatesError, load_rates
    from .content import ContentError, load_library
    from .selfcheck.loading import read_definitions

    try:
        library = load_library(Path(config["CONTENT_DIR"]))
    except ContentError as err:
        # One line naming file, field and problem, not a traceback.
        raise SystemExit(f"creditdesk: content error: {err}") from None
    definitions = read_definitions(Path(config["ASSESSMENTS_DIR"]), frozenset(library.slugs))
    try:
        rates = load_rates(Path(config["AGING_RATES_FILE"]))
    except RatesError as err:
        raise SystemExit(f"creditdesk: aging rates error: {err}") from None
    return LoadedContent(library, definitions, rates)


def load_content(app: Flask, content: LoadedContent | None = None) -> None:
    """Keep the content, the definitions and the rates in app.extensions, read once at
    start-up."""
    from .selfcheck.loading import EXTENSION as DEFINITIONS

    content = content or read_content(app.config)
    app.extensions["creditdesk.library"] = content.library
    app.extensions[DEFINITIONS] = content.definitions
    app.extensions["creditdesk.aging_rates"] = content.aging_rates


def register_blueprints(app: Flask) -> None:
    """Each blueprint registers only its own routes, templates and admin-only helpers."""
    from .admin import bp as admin_bp
    from .leads import bp as leads_bp
    from .public import bp as public_bp
    from .selfcheck import bp as selfcheck_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(selfcheck_bp)
    app.register_blueprint(leads_bp)
    app.register_blueprint(admin_bp)


def register_app_handlers(app: Flask) -> None:
    """Error pages, request hooks and template helpers that apply to every page."""
    from flask_wtf.csrf import CSRFError

    from . import errors, i18n, security
    from .admin.chart_labels import fit_label
    from .leads.attribution import capture_visit
    from .leads.views import compact_form_factory, csrf_failed
    from .public.reading import article_opening
    from .public.saves import save_control

    errors.register(app)
    # A CSRF failure on the consultation form shows the form again with what was typed.
    app.register_error_handler(CSRFError, csrf_failed)
    # Where a visitor came from (landing page, utm_*), for the requests they may send.
    app.before_request(capture_visit)
    app.after_request(i18n.remember_choice)
    security.init_app(app)
    app.context_processor(compact_form_factory)
    app.jinja_env.filters["tr"] = i18n.pick_language
    # Template helpers of single parts that Jinja can only register app-wide.
    app.jinja_env.filters["fit_label"] = fit_label  # admin charts
    app.jinja_env.filters["opening"] = article_opening  # related articles
    app.jinja_env.globals["save_control"] = save_control  # the reader's saved articles


def register_commands(app: Flask) -> None:
    from . import cli

    cli.init_app(app)
