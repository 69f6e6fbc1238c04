"""Ids of the measures of ``crime_cases_registered`` that several modules name: the schema that
allows them, the loader that checks the categories against the total, the cross-totals and the
derived series of registered trafficking cases. One home, imported by each."""

#: Cases of abducting and trafficking women and children (拐卖妇女儿童, Criminal Law art. 240) registered by the police.
TRAFFICKING_CASES = "trafficking_women_children_cases_registered"
#: All criminal cases registered by the police (the sum of the categories, checked at build).
ALL_CRIMINAL_CASES = "criminal_cases_registered_total"
