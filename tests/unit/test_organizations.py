"""The organizations registry: the bundled list (kept as Python for start-up speed) is the TOML
file's, and a user's own `organizations.toml` beside the settings adds to it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from agenda.core import organizations, paths
from agenda.core.errors import DataFileError
from agenda.core.organizations_bundled import BUNDLED


@pytest.fixture(autouse=True)
def _fresh_registry() -> Iterator[None]:
    organizations.registry.cache_clear()
    yield
    organizations.registry.cache_clear()


def test_the_python_copy_is_the_bundled_toml_file() -> None:
    toml = organizations._read(str(paths.bundled_data_dir() / "organizations.toml"))
    copy = [organizations.Organization(code, name, aliases) for code, name, aliases in BUNDLED]
    assert copy == list(toml.values()), (
        "data/organizations.toml changed: run `python -m agenda.core.organizations > "
        "agenda/core/organizations_bundled.py && ruff format agenda`"
    )


def test_bundled_codes_are_known_without_a_user_file() -> None:
    assert organizations.full_name("csto") == "Collective Security Treaty Organization"
    assert organizations.lookup("EAEU") is not None
    assert organizations.lookup("EAEU").aliases == ("EAEU", "EEU", "Eurasian Economic Community")  # type: ignore[union-attr]
    assert organizations.full_name("XYZO") == "XYZO"


def _user_file(text: str) -> Path:
    folder = Path(paths.config_file()).parent
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "organizations.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_user_file_beside_the_settings_adds_and_overrides() -> None:
    _user_file('[PIF]\nname = "Pacific Islands Forum"\n\n[SCO]\nname = "SCO, as I name it"\n')
    assert organizations.full_name("pif") == "Pacific Islands Forum"
    assert organizations.full_name("SCO") == "SCO, as I name it"
    assert organizations.full_name("CSTO") == "Collective Security Treaty Organization"


def test_a_broken_user_file_is_a_clear_error() -> None:
    path = _user_file("[PIF]\nname = \n")
    with pytest.raises(DataFileError, match=str(path)):
        organizations.registry()
    organizations.registry.cache_clear()
    _user_file("[PIF]\nfull = 'no name key'\n")
    with pytest.raises(DataFileError, match=r"\[PIF\] needs a `name` string"):
        organizations.registry()


def test_naming_an_organization_does_not_import_tomllib() -> None:
    code = (
        "import sys; from agenda.core import organizations as o; o.full_name('SCO'); "
        "print('tomllib' in sys.modules, 'typing' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
