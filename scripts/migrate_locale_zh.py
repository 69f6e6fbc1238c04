"""One-off: move the Chinese translations from the Python dict dashboard/locale_zh.py (ZH) into the
gettext catalogue dashboard/locale/zh/LC_MESSAGES/messages.po, which is the source from then on.

Run once after scripts/translations.sh has extracted the messages (it creates the .po with empty
translations); this fills every msgstr from ZH, refuses to lose a translation, and compiles the .mo.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PO = ROOT / "dashboard" / "locale" / "zh" / "LC_MESSAGES" / "messages.po"

from dashboard.locale_zh import ZH  # noqa: E402


def main() -> None:
    with PO.open("rb") as fh:
        catalog = read_po(fh, locale="zh_Hans_CN")
    extracted = {m.id for m in catalog if m.id}
    missing = sorted(set(ZH) - extracted)
    if missing:
        raise SystemExit(f"{len(missing)} translations whose English text pybabel did not extract: {missing}")
    untranslated = sorted(extracted - set(ZH))
    if untranslated:
        raise SystemExit(f"{len(untranslated)} extracted messages without a Chinese text in locale_zh.py: {untranslated}")
    for message in catalog:
        if message.id:
            message.string = ZH[message.id]
            message.flags.discard("fuzzy")
    catalog.language_team = "Chinese (Simplified)"
    catalog.project = "China sex ratio and trafficking statistics dashboard"
    catalog.version = "1"
    catalog.copyright_holder = "the dashboard's authors"
    catalog.msgid_bugs_address = "the project's issue tracker"
    catalog.last_translator = "the dashboard's authors (not yet reviewed by a native editor)"
    catalog.header_comment = (
        "# Chinese (中文) texts of the China sex ratio and trafficking statistics dashboard.\n"
        "# Each entry's msgid is the English text on screen; the README's \"Translations\" says how to review them.\n"
        "# Moved here from the Python dict dashboard/locale_zh.py (scripts/migrate_locale_zh.py)."
    )
    with PO.open("wb") as fh:
        write_po(fh, catalog, width=0, sort_output=True, include_previous=False)
    with PO.with_suffix(".mo").open("wb") as fh:
        write_mo(fh, catalog)
    print(f"{len(ZH)} translations written to {PO.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
