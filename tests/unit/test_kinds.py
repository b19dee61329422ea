"""agenda.core.kinds: one table of the kinds of event, in step with the model and the UI's styles."""

from __future__ import annotations

import re
from pathlib import Path

from agenda.core import kinds
from agenda.core.models import Kind

TCSS = Path(__file__).resolve().parents[2] / "agenda" / "ui" / "agenda.tcss"


def test_every_kind_of_the_model_is_in_the_table_in_its_order() -> None:
    assert tuple(k.value for k in Kind) == kinds.KINDS


def test_labels_and_an_unknown_kind() -> None:
    assert kinds.label("bilateral") == "Bilateral"
    assert kinds.label("picnic") == "picnic"
    assert kinds.COLOURS["visit"] == "magenta"


def test_the_ui_styles_colour_each_kind_with_its_theme_colour() -> None:
    text = TCSS.read_text(encoding="utf-8")
    for kind, look in kinds.TABLE.items():
        rule = re.search(rf"\.timeline--kind-{kind} \{{ color: \$readable-(\w+);", text)
        assert rule is not None, kind
        assert rule[1] == look.theme, kind
