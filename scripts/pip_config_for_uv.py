"""Print the uv flags that give `uv pip install` the package sources pip is configured with on this machine.

    python scripts/pip_config_for_uv.py < <(python -m pip config list)    # one flag or value per line

pip reads its index settings from pip.conf files and PIP_* variables (`pip config list` shows both, the
variables as `:env:.name`); uv reads neither. So a machine whose pip points at a local mirror or extra wheel
folder gets the same from uv: index-url → --index-url, extra-index-url → --extra-index-url (each), find-links →
--find-links (each), cert → SSL_CERT_FILE (printed as `env:SSL_CERT_FILE=…`, which the
caller exports), default-timeout → `env:UV_HTTP_TIMEOUT=…`. `--index-strategy unsafe-best-match` makes uv pick a
version across every index as pip does (uv's own default stops at the first index that has the name). Standard
library only: it runs before anything is installed.
"""

from __future__ import annotations

import ast
import sys

# pip's `constraint` is left out: the lock pins every package with its hashes (uv refuses a loose constraint such
# as `torch<=…` in --require-hashes mode, and a constraint cannot change what an exact pin installs).
FLAGS = {"index-url": "--index-url", "extra-index-url": "--extra-index-url", "find-links": "--find-links"}
ENVS = {"cert": "SSL_CERT_FILE", "default-timeout": "UV_HTTP_TIMEOUT"}
# pip's precedence: environment variables over the user's file over the global file (`pip config list` prints
# global/user/site keys as "global.name" etc., variables as ":env:.name").
ORDER = {"global": 0, "install": 1, "user": 2, "site": 3, ":env:": 4}


def parse(lines: list[str]) -> dict[str, str]:
    """{name: value} with pip's precedence applied (the later scope wins)."""
    found: dict[str, tuple[int, str]] = {}
    for line in lines:
        key, sep, raw = line.strip().partition("=")
        if not sep:
            continue
        scope, _, name = key.rpartition(".")
        try:
            value = ast.literal_eval(raw)
        except (ValueError, SyntaxError):
            value = raw.strip("'\"")
        rank = ORDER.get(scope, 1)
        if name not in found or rank >= found[name][0]:
            found[name] = (rank, str(value))
    return {name: value for name, (_, value) in found.items()}


def uv_args(config: dict[str, str]) -> list[str]:
    args = ["--index-strategy", "unsafe-best-match"]
    for name, flag in FLAGS.items():
        for value in config.get(name, "").split():
            args += [flag, value]
    for name, var in ENVS.items():
        if config.get(name):
            args.append(f"env:{var}={config[name]}")
    return args


if __name__ == "__main__":
    print("\n".join(uv_args(parse(sys.stdin.read().splitlines()))))
