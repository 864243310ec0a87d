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
