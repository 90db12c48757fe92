"""requirements.lock (what setup.sh installs) must hold every exact pin of pyproject.toml: a pin changed in one file
and not the other would install a different version than the one the project says it needs."""
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = list(project["dependencies"]) + [s for extra in project["optional-dependencies"].values() for s in extra]
    pins = {}
    for spec in specs:
        name, _, version = spec.partition("==")
        pins[name.strip().lower().replace("_", "-")] = version.strip()
    return pins


def _locked() -> dict[str, str]:
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    return {m[0].lower().replace("_", "-"): m[1] for m in re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", text, re.M)}


def test_every_pin_is_exact():
    loose = [name for name, version in _pins().items() if not version]
    assert not loose, f"pyproject.toml: dependencies without an exact '==' pin: {loose}"


def test_lock_holds_every_pin_at_the_same_version():
    locked = _locked()
    wrong = {name: (version, locked.get(name)) for name, version in _pins().items() if locked.get(name) != version}
    assert not wrong, (
        "requirements.lock disagrees with pyproject.toml (name: (pyproject, lock)); regenerate the lock as the README "
        f"says under 'Updating the pinned packages': {wrong}"
    )
