"""Configuration comes from the environment and refuses unsafe production settings."""
import pytest

from website import create_app
from website.config import ConfigurationError, build_config, normalize_database_url


@pytest.mark.parametrize("given, expected", [
    ("postgres://u:p@host:5432/db", "postgresql+psycopg2://u:p@host:5432/db"),
    ("postgresql://u:p@host/db", "postgresql+psycopg2://u:p@host/db"),
    ("postgresql+psycopg2://u@host/db", "postgresql+psycopg2://u@host/db"),
    ("sqlite:///x.db", "sqlite:///x.db"),
])
def test_database_urls_are_pinned_to_psycopg2(given, expected):
    assert normalize_database_url(given) == expected


def test_production_refuses_to_start_without_secret_key(tmp_path):
    with pytest.raises(ConfigurationError, match="SECRET_KEY is not set"):
        build_config(tmp_path, environ={"APP_ENV": "production"})


def test_production_is_the_default_environment(tmp_path):
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        build_config(tmp_path, environ={})


@pytest.mark.parametrize("environ, message", [
    ({"APP_ENV": "staging", "SECRET_KEY": "x"}, "APP_ENV must be one of"),
    ({"APP_ENV": "production", "SECRET_KEY": "x"}, "PUBLIC_BASE_URL is not set"),
    ({"APP_ENV": "testing", "PUBLIC_BASE_URL": "cv.example"}, "PUBLIC_BASE_URL must be"),
])
def test_unsafe_settings_are_refused(tmp_path, environ, message):
    with pytest.raises(ConfigurationError, match=message):
        build_config(tmp_path, environ=environ)


def test_production_settings_are_strict(tmp_path):
    config = build_config(tmp_path, environ={
        "APP_ENV": "production", "SECRET_KEY": "s3cret", "PUBLIC_BASE_URL": "https://cv.example/",
        "DATABASE_URL": "postgres://u:p@db.example.com/app"})
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg2://u:p@db.example.com/app"
    assert config["SESSION_COOKIE_SECURE"] and config["REMEMBER_COOKIE_SECURE"]
    assert config["FORCE_HTTPS"] and config["PROXY_COUNT"] == 1
    assert not config["DEBUG"]
    assert config["PUBLIC_BASE_URL"] == "https://cv.example"
    assert config["TRUSTED_HOSTS"] == ["cv.example"]  # any other Host is refused


def test_trusted_hosts_can_be_widened(tmp_path):
    config = build_config(tmp_path, environ={
        "APP_ENV": "production", "SECRET_KEY": "x", "PUBLIC_BASE_URL": "https://cv.example",
        "TRUSTED_HOSTS": "cv.example, www.cv.example"})
    assert config["TRUSTED_HOSTS"] == ["cv.example", "www.cv.example"]


def test_development_keeps_one_generated_secret_key(tmp_path):
    first = build_config(tmp_path, environ={"APP_ENV": "development"})["SECRET_KEY"]
    second = build_config(tmp_path, environ={"APP_ENV": "development"})["SECRET_KEY"]
    assert first == second and len(first) >= 32
    assert not build_config(tmp_path, environ={"APP_ENV": "development"})["SESSION_COOKIE_SECURE"]


def test_defaults_to_sqlite_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app({"APP_ENV": "testing", "SECRET_KEY": "x"})
    with app.app_context():
        from website.extensions import db
        assert db.engine.url.get_backend_name() == "sqlite"
        assert db.engine.url.database.startswith(app.instance_path)


def test_redis_url_backs_the_rate_limiter(tmp_path):
    config = build_config(tmp_path, environ={"APP_ENV": "testing",
                                             "REDIS_URL": "redis://127.0.0.1:6379/0"})
    assert config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"
    assert build_config(tmp_path, environ={"APP_ENV": "testing"})["RATELIMIT_STORAGE_URI"] == "memory://"


@pytest.mark.parametrize("port, tls", [("587", True), ("25", False), ("2525", False)])
def test_starttls_is_on_by_default_only_on_the_submission_port(tmp_path, port, tls):
    config = build_config(tmp_path, environ={"APP_ENV": "testing", "MAIL_PORT": port})
    assert config["MAIL_USE_TLS"] is tls
    assert build_config(tmp_path, {"MAIL_PORT": int(port)}, environ={"APP_ENV": "testing"}) \
        ["MAIL_USE_TLS"] is tls
