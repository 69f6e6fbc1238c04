"""The Chinese catalogue as the tests read it: ``ZH`` maps each English message of
dashboard/locale/zh/LC_MESSAGES/messages.po to its Chinese text, read with Babel's .po reader
(not with the dashboard's gettext code under test)."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

PO = Path(__file__).resolve().parent.parent / "dashboard" / "locale" / "zh" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")


def read_catalogue():
    """The .po file as a :class:`babel.messages.catalog.Catalog` (obsolete entries in ``.obsolete``)."""
    with PO.open("rb") as fh:
        return read_po(fh)


#: English message -> Chinese text (every entry of the .po but the header).
ZH: dict[str, str] = {m.id: m.string for m in read_catalogue() if m.id}
