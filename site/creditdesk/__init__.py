"""CreditDesk: the application factory."""

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from . import config as config_module
from . import origin

REPO_ROOT = config_module.REPO_ROOT


def create_app(config: dict | None = None, instance_path: str | None = None) -> Flask:
    """Build the app: configuration, extensions, content, blueprints, errors, commands."""
    app = Flask(
        __name__,
        instance_path=str(instance_path or REPO_ROOT / "instance"),
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
    register_content(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    from . import database, i18n, security, templating
    from .extensions import csrf, db, limiter, migrate

    db.init_app(app)
    database.init_app(app)
    migrate.init_app(
        app, db, directory=str(Path(app.root_path) / "migrations"),
        render_as_batch=True, compare_type=True,
    )
    csrf.init_app(app)
    limiter.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    templating.init_app(app)


def register_content(app: Flask) -> None:
    """Load articles, FAQ and pages once; a broken file stops the start."""
    from .content import ContentError, load_library

    try:
        app.extensions["creditdesk.library"] = load_library(Path(app.config["CONTENT_DIR"]))
    except ContentError as err:
        # One line naming file, field and problem, not a traceback.
        raise SystemExit(f"creditdesk: content error: {err}") from None


def register_blueprints(app: Flask) -> None:
    from .admin import bp as admin_bp
    from .leads import bp as leads_bp
    from .public import bp as public_bp
    from .selfcheck import bp as selfcheck_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(selfcheck_bp)
    app.register_blueprint(leads_bp)
    app.register_blueprint(admin_bp)


def register_errorhandlers(app: Flask) -> None:
    from . import errors

    errors.register(app)


def register_commands(app: Flask) -> None:
    from . import cli

    cli.init_app(app)
