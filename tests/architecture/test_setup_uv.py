"""setup.sh hands uv the package sources pip is configured with (scripts/pip_config_for_uv.py), and uv installs
exactly the lock's files."""

from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _module():
    spec = importlib.util.spec_from_file_location("pip_config_for_uv", ROOT / "scripts" / "pip_config_for_uv.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


PIP_CONFIG = """global.cert='/etc/ssl/certs/ca-certificates.crt'
global.constraint='/etc/xdg/pip/constraints.txt'
global.extra-index-url='file:///opt/pypi/simple file:///opt/pypi-more/simple'
global.find-links='/opt/wheels'
global.index-url='https://mirror.example/simple'
:env:.index-url='https://env.example/simple'
:env:.default-timeout='180'
"""


def test_pip_indexes_find_links_and_cert_become_uv_flags():
    m = _module()
    args = m.uv_args(m.parse(PIP_CONFIG.splitlines()))
    assert args[:2] == ["--index-strategy", "unsafe-best-match"]  # every index considered, as pip does
    pairs = list(zip(args[2::2], args[3::2], strict=False))
    assert ("--index-url", "https://env.example/simple") in pairs  # a PIP_* variable wins over the files
    assert ("--extra-index-url", "file:///opt/pypi/simple") in pairs
    assert ("--extra-index-url", "file:///opt/pypi-more/simple") in pairs
    assert ("--find-links", "/opt/wheels") in pairs
    assert "env:SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt" in args
    assert "env:UV_HTTP_TIMEOUT=180" in args
    assert not any("constraint" in a for a in args)  # loose constraints are refused with --require-hashes


def test_no_pip_config_gives_uv_its_defaults():
    m = _module()
    assert m.uv_args(m.parse([])) == ["--index-strategy", "unsafe-best-match"]


def test_setup_installs_the_lock_with_uv_and_keeps_pip_as_the_fallback():
    setup = (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    assert "uv pip install --python .venv/bin/python --require-hashes" in setup
    assert "pip install --quiet --require-hashes -r requirements.lock" in setup
    assert subprocess.run(["bash", "-n", str(ROOT / "scripts" / "setup.sh")]).returncode == 0
