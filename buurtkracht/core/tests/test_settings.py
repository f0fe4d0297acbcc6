"""Production settings pass Django's deploy checks, and keep their security promises."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _production_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DB", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        DEBUG="0", SECRET_KEY="x" * 20 + "-production-test-key-" + "y" * 30, ALLOWED_HOSTS="buurtkracht.example.org"
    )
    env.update(extra)
    return env


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(BUURTKRACHT_VAR_DIR=str(tmp_path)),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_keep_hsts_secure_cookies_and_strong_hashing(tmp_path):
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_NAME, s.PASSWORD_HASHERS[0].rsplit('.', 1)[-1])"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=_production_env(DJANGO_SETTINGS_MODULE="buurtkracht.settings", BUURTKRACHT_VAR_DIR=str(tmp_path)),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["31536000", "True", "True", "True", "__Host-sessionid", "PBKDF2PasswordHasher"]


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = _production_env(BUURTKRACHT_VAR_DIR=str(tmp_path))
    env.pop("SECRET_KEY")
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
