"""`flask deploy check` exits 1 on a fatal line; wsgi.py refuses a fatal production start."""

import os
import subprocess
import sys
from pathlib import Path

from tests.unit.test_deploy_check import GOOD

REPO = Path(__file__).parents[2]


def test_cli_lists_problems_and_exits_1_on_fatal(make_app):
    app = make_app(SITE_URL="", RATELIMIT_STORAGE_URI="memory://")
    result = app.test_cli_runner().invoke(args=["deploy", "check"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(line.startswith("FATAL: SITE_URL is not set") for line in lines)
    assert any(line.startswith("FATAL: RATELIMIT_STORAGE_URI is memory://") for line in lines)
    assert any(line.startswith("FATAL: ORG_NAME") for line in lines)
    assert lines[-1].startswith("deploy check: ") and " fatal, " in lines[-1]


def test_cli_exits_0_with_only_warnings(make_app):
    good = {k: v for k, v in GOOD.items() if k != "SQLALCHEMY_DATABASE_URI"}
    app = make_app(**{**good, "TRUSTED_PROXIES": 0})
    result = app.test_cli_runner().invoke(args=["deploy", "check"])
    assert result.exit_code == 0, result.output
    assert "WARNING: TRUSTED_PROXIES is 0" in result.output
    assert "FATAL" not in result.output


def test_generated_secret_key_is_fatal(tmp_path):
    from creditdesk import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}, instance_path=str(tmp_path))
    result = app.test_cli_runner().invoke(args=["deploy", "check"])
    assert "FATAL: SECRET_KEY is not set explicitly" in result.output


def _start(env_extra: dict, tmp_path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CREDITDESK_")}
    env.update({"CREDITDESK_SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.db'}",
                "PYTHONPATH": str(REPO / "site"), **env_extra})
    return subprocess.run([sys.executable, "-c", "import wsgi; print('started', wsgi.app.name)"],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=120)


def _env(config: dict) -> dict:
    import json

    return {f"CREDITDESK_{k}": v if isinstance(v, str) else json.dumps(v)
            for k, v in config.items() if k != "SQLALCHEMY_DATABASE_URI"}


def test_wsgi_refuses_a_fatal_production_start(tmp_path):
    config = {**GOOD, "RATELIMIT_STORAGE_URI": "memory://"}
    result = _start({"CREDITDESK_ENV": "production", **_env(config)}, tmp_path)
    assert result.returncode != 0
    assert "FATAL: RATELIMIT_STORAGE_URI is memory://" in result.stderr
    assert "refusing to start" in result.stderr
    assert "started" not in result.stdout


def test_wsgi_starts_a_sound_production_configuration(tmp_path):
    result = _start({"CREDITDESK_ENV": "production", **_env(GOOD)}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "started creditdesk" in result.stdout
    assert "WARNING: the database is SQLite" in result.stderr


def test_wsgi_outside_production_starts_anyway(tmp_path):
    result = _start({"CREDITDESK_SECRET_KEY": "k" * 64}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "deploy check" not in result.stderr
