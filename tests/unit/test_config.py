"""Configuration layering and the instance secret key."""

from creditdesk import create_app


def test_secret_key_generated_once_into_instance(tmp_path):
    instance = tmp_path / "instance"
    first = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}, instance_path=str(instance))
    second = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}, instance_path=str(instance))
    key = (instance / "secret_key").read_text()
    assert len(key) == 64
    assert first.secret_key == second.secret_key == key
    assert oct((instance / "secret_key").stat().st_mode)[-3:] == "600"


def test_instance_config_then_environment(tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text('SITE_NAME = "From instance"\nARTICLES_PER_PAGE = 3\n')
    monkeypatch.setenv("CREDITDESK_ARTICLES_PER_PAGE", "7")
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}, instance_path=str(instance))
    assert app.config["SITE_NAME"] == "From instance"
    assert app.config["ARTICLES_PER_PAGE"] == 7


def test_default_database_is_sqlite_in_instance(tmp_path):
    instance = tmp_path / "instance"
    app = create_app(instance_path=str(instance))
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{instance / 'creditdesk.db'}"


def test_trusted_proxies_use_forwarded_address(tmp_path):
    config = {"SQLALCHEMY_DATABASE_URI": "sqlite://", "TRUSTED_PROXIES": 1}
    app = create_app(config, instance_path=str(tmp_path))

    @app.get("/ip")
    def ip():
        from flask import request

        return request.remote_addr

    client = app.test_client()
    response = client.get("/ip", headers={"X-Forwarded-For": "203.0.113.9"})
    assert response.get_data(as_text=True) == "203.0.113.9"
    plain = create_app({**config, "TRUSTED_PROXIES": 0}, instance_path=str(tmp_path))
    plain.add_url_rule("/ip", view_func=ip)
    response = plain.test_client().get("/ip", headers={"X-Forwarded-For": "203.0.113.9"})
    assert response.get_data(as_text=True) == "127.0.0.1"


def test_instance_folder_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CREDITDESK_INSTANCE_PATH", str(tmp_path / "host-a"))
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.instance_path == str(tmp_path / "host-a")
    assert (tmp_path / "host-a" / "secret_key").exists()
    explicit = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"},
                          instance_path=str(tmp_path / "given"))
    assert explicit.instance_path == str(tmp_path / "given")
