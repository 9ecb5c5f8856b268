"""`renda check --deploy` is clean with the production environment the README and docs/deploy.md document."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

# The production environment of docs/deploy.md ("Production settings"), behind a TLS-ending reverse proxy.
PRODUCTION_ENV = {
    "DEBUG": "false",
    "ALLOWED_HOSTS": "renda.example.gov.cn",
    "CSRF_TRUSTED_ORIGINS": "https://renda.example.gov.cn",
    "EMAIL_URL": "smtp://mail.example.gov.cn:25",
    "RENDA_TLS": "true",
    "RENDA_PROXY_SSL_HEADER": "true",
    "RENDA_TRUSTED_PROXY_HEADER": "X-Forwarded-For",
}


def run_check(tmp_path: Path, extra: dict[str, str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RENDA_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    env.update({"RENDA_VAR_DIR": str(tmp_path), "SECRET_KEY": secrets.token_urlsafe(50), **extra})
    return subprocess.run(
        [sys.executable, "-m", "renda", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path):
    done = run_check(tmp_path, PRODUCTION_ENV)
    assert done.returncode == 0, done.stdout + done.stderr
    # Only the one check silenced in settings.py (security.W021, HSTS preload: justified there) is silenced.
    assert "System check identified no issues (1 silenced)." in done.stdout
    assert settings.SILENCED_SYSTEM_CHECKS == ["security.W021"]


def test_without_tls_the_check_names_what_is_missing(tmp_path):
    done = run_check(tmp_path, {k: v for k, v in PRODUCTION_ENV.items() if k != "RENDA_TLS"})
    assert done.returncode == 1
    for code in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert code in done.stderr, code


def test_the_documented_variables_are_in_the_docs():
    repo = Path(__file__).resolve().parent.parent
    readme = (repo / "README.md").read_text(encoding="utf-8")
    deploy = (repo / "docs" / "deploy.md").read_text(encoding="utf-8")
    for name in [
        *PRODUCTION_ENV,
        "RENDA_STAFF_2FA",
        "RENDA_SESSION_IDLE_MINUTES",
        "RENDA_LOGIN_FAILURE_LIMIT",
    ]:
        assert f"`{name}`" in readme, name
    for name in PRODUCTION_ENV:
        assert name in deploy, name
