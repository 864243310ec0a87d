"""deploy/: gunicorn settings, the nginx site (checked by nginx itself), units, env file."""

import os
import re
import runpy
import shutil
import socket
import subprocess
import time
import warnings
from pathlib import Path

import pytest
import requests
import urllib3

from creditdesk.caching import IMMUTABLE, build_manifest
from creditdesk.config import Defaults

DEPLOY = Path(__file__).parents[2] / "deploy"
STATIC = Path(__file__).parents[2] / "site" / "creditdesk" / "static"


def _gunicorn(monkeypatch, **env):
    for key in ("GUNICORN_BIND", "GUNICORN_WORKERS", "GUNICORN_TIMEOUT"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))


def test_gunicorn_sync_workers_sized_from_the_cores(monkeypatch):
    conf = _gunicorn(monkeypatch)
    assert conf["worker_class"] == "sync"
    assert conf["workers"] == os.cpu_count() * 2 + 1
    assert conf["bind"] == "127.0.0.1:8000"
    assert 10 <= conf["timeout"] <= 60 and conf["graceful_timeout"] >= 10
    assert "%(M)s" in conf["access_log_format"]  # duration
    assert "x-request-id" in conf["access_log_format"]
    conf = _gunicorn(monkeypatch, GUNICORN_WORKERS="3", GUNICORN_BIND="127.0.0.1:9001")
    assert (conf["workers"], conf["bind"]) == (3, "127.0.0.1:9001")


def test_gunicorn_worker_exit_flushes_view_counts(monkeypatch):
    calls = []
    monkeypatch.setattr("creditdesk.viewcounts.flush_all", lambda: calls.append(1))
    _gunicorn(monkeypatch)["worker_exit"](None, None)
    assert calls == [1]


def test_nginx_body_limit_matches_the_app():
    site = (DEPLOY / "nginx-creditdesk.conf").read_text()
    limit = re.search(r"client_max_body_size (\d+)k;", site).group(1)
    assert int(limit) * 1024 == Defaults.MAX_CONTENT_LENGTH


@pytest.mark.skipif(not shutil.which("nginx"), reason="nginx is not installed")
def test_nginx_runs_the_site_redirects_to_https_and_serves_fingerprinted_files(tmp_path):
    """The site as shipped (throw-away certificate, paths and loopback ports), in nginx."""
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-keyout", str(tmp_path / "key.pem"),
         "-out", str(tmp_path / "cert.pem")],
        check=True, capture_output=True,
    )
    site = (DEPLOY / "nginx-creditdesk.conf").read_text()
    site = site.replace("/etc/ssl/creditdesk/fullchain.pem", str(tmp_path / "cert.pem"))
    site = site.replace("/etc/ssl/creditdesk/privkey.pem", str(tmp_path / "key.pem"))
    site = site.replace("/var/log/nginx/", str(tmp_path) + "/")
    site = site.replace("/srv/creditdesk/app/site/creditdesk/static", str(STATIC))
    http, https = _free_port(), _free_port()
    site = site.replace("    listen [::]:80;\n", "").replace("    listen [::]:443 ssl http2;\n", "")
    site = site.replace("listen 80;", f"listen 127.0.0.1:{http};")
    site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https} ssl http2;")
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        f"events {{}}\nhttp {{\n include /etc/nginx/mime.types;\n"
        f" access_log off;\n client_body_temp_path {tmp_path}/body;\n"
        f" proxy_temp_path {tmp_path}/proxy;\n include {tmp_path}/site.conf;\n}}\n"
    )
    command = ["nginx", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")]
    result = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    server = subprocess.Popen([*command, "-g", "daemon off;"])
    try:
        _wait_for(https)
        hashed = build_manifest(STATIC)["css/site.css"]
        warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)
        with requests.Session() as web:
            asset = web.get(f"https://127.0.0.1:{https}/static/{hashed}", timeout=5, verify=False)
            assert asset.status_code == 200
            assert asset.headers["Cache-Control"] == IMMUTABLE
            assert asset.content == (STATIC / "css" / "site.css").read_bytes()
            plain = web.get(f"https://127.0.0.1:{https}/static/css/site.css", timeout=5,
                            verify=False)
            assert plain.headers["Cache-Control"] == "no-cache"
            redirect = web.get(f"http://127.0.0.1:{http}/consult?x=1", allow_redirects=False,
                               timeout=5, verify=False)
            assert redirect.status_code == 301
            assert redirect.headers["Location"] == "https://127.0.0.1/consult?x=1"
            big = web.post(f"https://127.0.0.1:{https}/consult", data=b"x" * 300_000,
                           timeout=5, verify=False)
            assert big.status_code == 413  # stopped by nginx before any app
    finally:
        server.terminate()
        server.wait(timeout=10)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(port: int) -> None:
    for _ in range(100):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError(f"nginx did not listen on {port}")


def test_units_run_gunicorn_and_the_worker_with_the_env_file():
    web = (DEPLOY / "creditdesk-web.service").read_text()
    notify = (DEPLOY / "creditdesk-notify.service").read_text()
    for unit in (web, notify):
        assert "EnvironmentFile=/etc/creditdesk/creditdesk.env" in unit
        assert "User=creditdesk" in unit
    assert "gunicorn -c deploy/gunicorn.conf.py wsgi:app" in web
    assert "flask notify run" in notify


def test_env_template_sets_what_deploy_check_needs():
    env = (DEPLOY / "creditdesk.env.example").read_text()
    keys = dict(re.findall(r"^(CREDITDESK_[A-Z_]+)=(.*)$", env, re.M))
    for key in ["SITE_URL", "SECRET_KEY", "RATELIMIT_STORAGE_URI", "ORG_NAME", "ORG_ADDRESS",
                "ORG_EMAIL", "ORG_PHONE", "TRUSTED_PROXIES", "HTTPS", "ENV",
                "SQLALCHEMY_DATABASE_URI"]:
        assert f"CREDITDESK_{key}" in keys, key
    assert keys["CREDITDESK_HTTPS"] == "true" and keys["CREDITDESK_TRUSTED_PROXIES"] == "1"
    assert keys["CREDITDESK_SITE_URL"].startswith("https://")
    assert keys["CREDITDESK_RATELIMIT_STORAGE_URI"].startswith("redis://")
    assert keys["CREDITDESK_ENV"] == "production"
    # Every other setting named is one the app reads.
    known = set(vars(Defaults)) | {"ENV", "ORG_NAME", "ORG_ADDRESS", "ORG_EMAIL", "ORG_PHONE"}
    assert {k.removeprefix("CREDITDESK_") for k in keys} <= known


def test_digest_timer_runs_the_digest_at_8_30_on_working_days():
    service = (DEPLOY / "creditdesk-digest.service").read_text()
    timer = (DEPLOY / "creditdesk-digest.timer").read_text()
    assert "ExecStart=/srv/creditdesk/app/.venv/bin/flask notify digest" in service
    assert "Type=oneshot" in service and "EnvironmentFile=/etc/creditdesk/creditdesk.env" in service
    assert "OnCalendar=Mon..Fri *-*-* 08:30:00 Asia/Shanghai" in timer
