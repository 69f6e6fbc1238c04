"""The dashboard's pages, declared once: the script in ``dashboard/views/``, the URL path, the title
and the introduction under it. ``app.py`` builds the navigation from :data:`PAGES`, each page
starts with :func:`dashboard.ui.start_page` (``start_page(__file__)``), and links between pages
use :data:`SCRIPTS`. A new page is one script and one line here.

Titles and introductions are English messages (``N_``), shown in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dashboard.i18n import N_


@dataclass(frozen=True)
class Page:
    """One page: ``script`` (file name in dashboard/views/), ``url_path`` (``/<url_path>``),
    ``title`` and ``intro`` (English messages; ``intro`` None for a page without one)."""

    script: str
    url_path: str
    title: str
    intro: str | None = None


#: The pages in the order of the navigation; the first is the landing page.
PAGES = (
    Page("overview.py", "overview", N_("The news figures, checked")),
    Page("check.py", "check", N_("Check a figure"), N_('Type a number as a news story printed it, in English or Chinese ("17.52 million", "1752万", "more than 30 million"), say what it counts and, if the story says, the year, place and ages. Every published table is searched for the definitions that give it: each census and UN year, each age band on the table\'s own grid, China and each province, with and without the servicemen. The closest come first, with their source and a link to the chart.')),
    Page("sex_ratio_age.py", "sex-ratio", N_("Sex ratio and age"), N_("How many more men than women China has, at which ages, by census and UN series. Sex ratio = males per 100 females; surplus of men = male minus female population.")),
    Page("marriage.py", "marriage", N_("Marriage squeeze"), N_("A surplus of men matters most where men look for wives: demographers call it the marriage squeeze, and it is linked to the trafficking of brides. It is measured in two ways: the share of men and women who have never married, by age, from the census tables by marital status; and a sex ratio that allows for the age gap between husbands and wives, men aged a to b per 100 women aged a − g to b − g.")),
    Page("sex_ratio_at_birth.py", "srb", N_("Sex ratio at birth"), N_("Boys born per 100 girls. Around 105 is the usual biological level; higher values point to sex-selective practices.")),
    Page("provinces.py", "provinces", N_("Provinces"), N_("Sex ratio of the whole population (males per 100 females) in each of the 31 provincial-level units of the mainland, 2010 and 2020 censuses.")),
    Page("trafficking_cases.py", "cases", N_("Trafficking cases"), N_("Criminal cases of abducting and trafficking women and children (拐卖妇女儿童, Criminal Law art. 240) registered (立案) by public security organs. This is not the UN definition of trafficking in persons, and registered cases measure police activity, not how much trafficking there is: campaign years and the 2015 law change break comparisons.")),
    Page("international.py", "international", N_("International view")),
    Page("rescues.py", "rescues", N_("Rescues and reunions"), N_("Persons rescued or found, as announced by the Ministry of Public Security and reported by news outlets. Each point keeps its agency, outlet, date, link and a grade; many survive only as copies on mirror sites, and say so. Counts of different kinds (people found, cases solved, suspects arrested) are never added together.")),
    Page("count_types.py", "count-types", N_("Count types"), N_("Cases registered, cases solved, victims detected, persons rescued or found, suspects arrested and persons convicted are different things. A case can involve many victims; a rescued person may not belong to a registered case of the same year. This site labels every figure with its count type and never sums them or draws them on one axis.")),
    Page("data_explorer.py", "data", N_("Data"), N_("Every published table, as built from the raw files. Filter it, then download exactly the rows that match your filters (CSV in UTF-8 with BOM, Excel, Parquet), with units and sources.")),
    Page("sources.py", "sources", N_("Sources"), N_("Every figure on this site comes from one of these sources. The grade says how close our copy is to the official publication.")),
)

#: URL path -> the script, relative to dashboard/ (what ``st.page_link`` takes).
SCRIPTS = {page.url_path: f"views/{page.script}" for page in PAGES}


def page_of(script: str | Path) -> Page:
    """The declaration of the page whose script is ``script`` (a path; only its file name counts).

    Raises:
        KeyError: no page has that script.
    """
    name = Path(script).name
    for page in PAGES:
        if page.script == name:
            return page
    raise KeyError(f"no page in dashboard/pages.py has the script {name!r}")
