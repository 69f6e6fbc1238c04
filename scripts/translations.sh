#!/usr/bin/env bash
# Refresh the Chinese catalogue after the English texts changed (`make translations`):
#   1. extract every message from the source (pybabel extract, keywords below) into a template,
#   2. merge it into dashboard/locale/zh/LC_MESSAGES/messages.po (new messages arrive untranslated,
#      or "fuzzy" with a guess from a similar old message; removed messages go),
#   3. compile messages.mo, which the dashboard reads at run time with Python's gettext.
# A translator then fills the empty and fuzzy entries in Poedit or Weblate, and runs this again
# (or only step 3). tests/test_i18n.py fails while a message has no reviewed translation or the
# .mo is older than the .po.
set -euo pipefail
cd "$(dirname "$0")/.."
PYBABEL=${PYBABEL:-.venv/bin/pybabel}
LOCALE=dashboard/locale
POT=$(mktemp --suffix=.pot)
trap 'rm -f "$POT"' EXIT
# The message functions (tests/test_i18n.py MESSAGE_FUNCTIONS lists the same): t(text, lang) and
# _(text) translate, N_(text) marks a text translated where it is used, and the page helpers guard,
# section, cite_this_view and page_title take a message as their first argument.
"$PYBABEL" extract -F babel.cfg --no-default-keywords -k t -k _ -k N_ -k guard -k section -k cite_this_view -k page_title \
    -c TRANSLATORS: --add-location=file --sort-output --no-wrap --project="China sex ratio and trafficking statistics dashboard" \
    -o "$POT" .
"$PYBABEL" update -i "$POT" -d "$LOCALE" -D messages -l zh --no-wrap --ignore-obsolete --init-missing
# The messages are str.format templates ({value}); none is a %-format. Babel marks a text holding
# "10% of" as python-format, and msgfmt (Poedit's compile) would then reject its Chinese
# ("10%的"): drop that mark, then compile as pybabel compile does.
"$(dirname "$PYBABEL")/python" - "$LOCALE/zh/LC_MESSAGES/messages.po" <<'PY'
import sys
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

po = sys.argv[1]
with open(po, "rb") as fh:
    catalog = read_po(fh)
for message in catalog:
    message.flags.discard("python-format")
with open(po, "wb") as fh:
    write_po(fh, catalog, width=0, sort_output=True, include_previous=True)
with open(po[:-3] + ".mo", "wb") as fh:
    write_mo(fh, catalog)  # fuzzy entries are left out, as pybabel compile leaves them out
done = sum(1 for m in catalog if m.id and m.string and not m.fuzzy)
print(f"{done} of {len(catalog)} messages translated and reviewed in {po}; compiled {po[:-3]}.mo")
PY
