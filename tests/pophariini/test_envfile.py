""".env: read by the entry points for variables the environment does not set."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from pophariini.envfile import load_env_file


@pytest.fixture
def environ(monkeypatch):
    """A private environment for the test (the reader writes to ``os.environ``)."""
    fake = {"DEBUG": "0"}
    monkeypatch.setattr(os, "environ", fake)
    return fake


def test_the_file_fills_in_what_the_environment_lacks_and_never_overrides_it(environ, tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text(
        "# local work\n"
        "\n"
        "DEBUG=1\n"
        "export SITE_URL=http://127.0.0.1:8000\n"
        "SECRET_KEY='with#hash and spaces'\n"
        'ALLOWED_HOSTS = "localhost"\n'
    )
    load_env_file(env_file)
    names = ("DEBUG", "SITE_URL", "SECRET_KEY", "ALLOWED_HOSTS")
    assert {name: environ.get(name) for name in names} == {
        "DEBUG": "0",
        "SITE_URL": "http://127.0.0.1:8000",
        "SECRET_KEY": "with#hash and spaces",
        "ALLOWED_HOSTS": "localhost",
    }


def test_env_file_names_the_file_and_empty_reads_none(environ, tmp_path):
    env_file = tmp_path / "local.env"
    env_file.write_text("SITE_URL=http://example.test\n")
    environ["ENV_FILE"] = ""
    load_env_file()
    assert "SITE_URL" not in environ
    environ["ENV_FILE"] = str(env_file)
    load_env_file()
    assert environ["SITE_URL"] == "http://example.test"


def test_a_line_that_is_not_name_equals_value_is_reported_with_its_number(environ, tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DEBUG=1\nSECRET_KEY abc\n")
    with pytest.raises(ImproperlyConfigured, match=r"line 2: expected NAME=value\.$"):
        load_env_file(env_file)


def test_manage_py_reads_the_env_file_and_lists_the_project_commands(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DEBUG=1\n")
    result = subprocess.run(
        [sys.executable, "manage.py", "help"],
        cwd=settings.BASE_DIR,
        env={"PATH": os.environ["PATH"], "ENV_FILE": str(env_file)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    for command in ("seed_demo", "create_database", "import_wordpress", "check_content", "setup_roles"):
        assert f"    {command}\n" in result.stdout


def test_env_example_lists_every_variable_the_settings_and_gunicorn_read():
    root = Path(settings.BASE_DIR)
    source = (root / "pophariini" / "settings.py").read_text() + (root / "gunicorn.conf.py").read_text()
    read = set(re.findall(r'(?:os\.environ\.get|env_bool|env_list)\(\s*"([A-Z0-9_]+)"', source))
    listed = set(re.findall(r"^(?:# )?([A-Z0-9_]+)=", (root / ".env.example").read_text(), re.M))
    assert len(read) > 20
    assert not read - listed, f"add to .env.example: {sorted(read - listed)}"
