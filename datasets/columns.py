"""What each column of the published tables is called and holds, in English and Chinese.

The one home of these texts: the dashboard's table headers (:func:`dashboard.i18n.column_label`),
the Excel header and ``sources`` sheet, the Parquet metadata of the build and of every download,
and the data package (``datasets/published/datapackage.json``, :mod:`datasets.datapackage`) all
read them from here.

* :data:`COLUMNS`: column id -> ``(label, label_zh, description_zh)``. A label is short (a table
  header); every label is unique within each published table in each language
  (``tests/test_downloads.py`` checks it). The English description of a column is its pandera
  ``title`` in :mod:`datasets.schemas` (it may differ from table to table), or the label where
  the schema gives none; the Chinese description is ``description_zh``, one per column id.
* :data:`UNITS`: unit id (the ``metadata["unit"]`` of a schema column) -> Chinese text.
* :data:`PARTIAL_DATE_RULE`: which day a date printed only to the year or month is stored as.

The Chinese texts are this project's own translations (not reviewed by a native editor).
"""

from __future__ import annotations

__all__ = ["COLUMNS", "UNITS", "PARTIAL_DATE_RULE", "PARTIAL_DATE_RULE_ZH", "label", "unit_text", "field_texts"]

#: How partial dates are stored (the loaders follow it: :func:`datasets.dates.partial_dates`).
PARTIAL_DATE_RULE = (
    "A date printed only to the year or the month is stored as the first day of that year or month "
    "(2009 -> 2009-01-01, 2009-04 -> 2009-04-01), except period_end, stored as the last day (2010 -> 2010-12-31, "
    "2010-05 -> 2010-05-31), so that the period covers what was printed; the column <date>_precision says "
    "year, month or day, and <date>_as_printed keeps the text as printed."
)
PARTIAL_DATE_RULE_ZH = (
    "原文只印到年或月的日期，存为该年或该月的第一天（2009 -> 2009-01-01，2009-04 -> 2009-04-01）；"
    "period_end 例外，存为最后一天（2010 -> 2010-12-31，2010-05 -> 2010-05-31），使期间涵盖原文所印的范围。"
    "<日期>_precision 列注明精度（year、month 或 day），<日期>_as_printed 列保留原文写法。"
)

#: Unit id -> Chinese.
UNITS: dict[str, str] = {
    "persons": "人",
    "cases": "起",
    "count": "个",
    "births": "人（出生）",
    "males per 100 females": "女=100",
    "percent": "百分比",
    "year": "年份",
}

_DATE_ZH = "日期（ISO 8601）"

#: Column id -> (label, label_zh, description_zh).
COLUMNS: dict[str, tuple[str, str, str]] = {
    "source_id": ("source", "来源", "来源编号，对应 datasets/catalog.yaml 中的来源"),
    "source_citation": ("source citation", "来源引用", "该行数字的完整出处（出版者、标题、表号及所用副本）"),
    "estimate_type": ("estimate type", "数据类型", "普查数、联合国估计数或联合国预测数"),
    "geography_code": ("area code", "地区代码", "ISO 3166 地区代码"),
    "geography": ("area", "地区", "地区名称（英文）"),
    "geography_zh": ("area (Chinese)", "地区（中文）", "地区名称（中文；国家名称取自 Unicode CLDR）"),
    "geography_level": ("level", "层级", "全球、区域或次区域"),
    "year": ("year", "年份", "数字所属年份（普查年份或联合国参考年份）"),
    "reference_date": ("reference date", "参考日期", "人口数对应的日期（来源未说明时为空）"),
    "age_start": ("first age", "起始年龄", "年龄组的起始年龄（周岁）"),
    "age_end": ("last age", "终止年龄", "年龄组的最后年龄（周岁；为空表示开口组）"),
    "age_label": ("age group", "年龄组", "年龄组，按原表写法"),
    "open_ended": ("open-ended group", "开口组", "是否为最高的开口年龄组（如 100+）"),
    "sex": ("sex", "性别", "性别：male（男）、female（女）或 both（合计）"),
    "population": ("population", "人口", "人口数（人）；在 cited_figures 中为所统计的对象"),
    "series": ("series", "序列", "估计、预测或普查"),
    "revision": ("revision", "版本", "《世界人口展望》版本或普查"),
    "value": ("value", "数值", "数值（单位见单位列或本字段的单位）"),
    "census_year": ("census year", "普查年份", "普查年份"),
    "period_start": ("period start", "起始日期", "数字所涵盖期间的第一天"),
    "period_start_precision": ("period start: precision", "起始日期精度", "原文起始日期的精度：year、month 或 day"),
    "period_start_as_printed": ("period start as printed", "起始日期（原文）", "原文所印的起始日期"),
    "period_end": ("period end", "截止日期", "数字所涵盖期间的最后一天"),
    "period_end_precision": ("period end: precision", "截止日期精度", "原文截止日期的精度：year、month 或 day"),
    "period_end_as_printed": ("period end as printed", "截止日期（原文）", "原文所印的截止日期"),
    "published_date": ("published", "发布日期", "发布日期"),
    "published_date_precision": ("published: precision", "发布日期精度", "原文发布日期的精度：year、month 或 day"),
    "published_date_as_printed": ("published as printed", "发布日期（原文）", "原文所印的发布日期"),
    "area_type": ("area type", "城乡类型", "城乡类型：all（合计）、city（城市）、town（镇）、rural（乡村）"),
    "birth_order": ("birth order", "孩次", "孩次（all 为合计，5+ 为第五孩及以上）"),
    "births_both": ("births, both sexes", "出生人数，合计", "出生人数，男女合计（长表抽样数）"),
    "births_male": ("births, boys", "出生人数，男", "男婴出生人数（长表抽样数）"),
    "births_female": ("births, girls", "出生人数，女", "女婴出生人数（长表抽样数）"),
    "sex_ratio_at_birth_as_printed": ("sex ratio at birth as printed", "出生人口性别比（原表数值）", "原表所印的出生人口性别比（女婴数为空或很少时无意义）"),
    "sex_ratio_at_birth": ("sex ratio at birth", "出生人口性别比", "出生人口性别比：每100名女婴对应的男婴数"),
    "small_sample": ("fewer than 100 girls in the sample", "样本中女婴不足100人", "样本中女婴不足100人，不足以计算比率"),
    "figure_id": ("figure", "编号", "数字的编号"),
    "topic": ("topic", "主题", "主题"),
    "measure": ("measure id", "指标代码", "指标的代码"),
    "measure_label": ("measure", "指标", "指标的简称（英文，datasets/curated/measure_names.csv）"),
    "measure_label_zh": ("measure (Chinese)", "指标（中文）", "指标的简称（中文，datasets/curated/measure_names.csv）"),
    "measure_zh": ("measure as in the source (Chinese)", "原表指标名称（中文）", "来源副本中指标的中文名称"),
    "unit": ("unit", "单位", "数值的单位"),
    "count_type": ("count type", "计数类型", "所计数的对象类型（不同类型从不相加）"),
    "lower_bound": ("'more than' (lower bound)", "“多于”（下限）", "来源印作“多于”该数值"),
    "agency": ("agency", "机构", "发布数字的机构"),
    "outlet": ("outlet", "媒体", "刊载数字的媒体或网站"),
    "outlet_zh": ("outlet (Chinese)", "媒体（中文）", "媒体的中文名称（datasets/curated/outlet_names_zh.csv）"),
    "url": ("link", "链接", "网页地址"),
    "locator": ("as printed", "原文写法", "数字在原文中的写法，或用于在网页上找到它的几个词"),
    "locator_zh": ("as printed (Chinese)", "原文写法（中文）", "中文报道会如何印这个数字（本项目翻译）"),
    "grade": ("quality grade", "质量等级", "质量等级（见来源目录）"),
    "note": ("note", "说明", "备注、说明"),
    "note_zh": ("note (Chinese)", "说明（中文）", "说明的中文翻译"),
    "area": ("area (total, urban, rural)", "地区（合计、城镇、乡村）", "合计、城镇或乡村"),
    "all_ages": ("all ages 15+", "15岁及以上全部年龄", "15岁及以上这一行：所有年龄组的合计"),
    "marital_status": ("marital status", "婚姻状况", "婚姻状况（total 为全部状况）"),
    "marital_status_as_published": ("marital status as published", "原表婚姻状况", "联合国表格中所印的婚姻状况"),
    "persons": ("counted in the table", "表中人数", "表中统计的人数：sample 为真时是抽样数，绝不是人口总数"),
    "tabulation": ("tabulation", "汇总方式", "全面汇总、抽样汇总或长表（10%的住户）"),
    "sample": ("sample", "抽样", "是否为抽样数：只用比例和比率，不用人数"),
    "civilian_only": ("civilian population only", "仅非军人人口", "该普查表只包括非军人人口（联合国脚注）"),
    "unsd_footnotes": ("UN footnotes", "联合国脚注", "该行的联合国脚注编号（见来源目录的注意事项）"),
    "iso3": ("ISO code", "ISO 代码", "ISO 3166 三字母代码"),
    "region": ("region", "区域", "联合国 M49 区域"),
    "region_zh": ("region (Chinese)", "区域（中文）", "联合国 M49 区域（中文，Unicode CLDR）"),
    "subregion": ("subregion", "次区域", "联合国 M49 次区域"),
    "subregion_zh": ("subregion (Chinese)", "次区域（中文）", "联合国 M49 次区域（中文，Unicode CLDR）"),
    "indicator": ("indicator", "统计项目", "联合国毒品和犯罪问题办公室的统计项目"),
    "dimension": ("dimension", "维度", "分类维度"),
    "category": ("category", "类别", "维度中的类别"),
    "age": ("age", "年龄", "年龄（按来源写法）"),
    "value_flag": ("flag", "标记", "数值的标记（如 suppressed_lt5：少于5而未公布）"),
    "value_as_published": ("value as published", "发布值", "来源所印的数值"),
    "value_sum_reported": ("sum of the country values", "各国数值之和", "已公布的各国数值之和（本项目推算，不是联合国数字）"),
    "n_countries_with_numeric_value": ("countries with a number", "有数值的国家数", "有数值的国家数"),
    "n_countries_suppressed_lt5": ("countries suppressed (<5)", "未公布（<5）的国家数", "因少于5而未公布数值的国家数"),
    "n_countries_excluded_duplicate_rows": ("countries left out (duplicate rows)", "因重复行而排除的国家数", "因重复行而排除的国家数"),
    "report_year": ("report year", "报告年份", "美国《人口贩运问题报告》的年份"),
    "country": ("country", "国家", "国家（各年名称已统一）"),
    "country_zh": ("country (Chinese)", "国家（中文）", "国家的中文名称（Unicode CLDR）"),
    "name_in_source": ("name in the source", "来源中的名称", "来源中的国家名称"),
    "tier": ("tier", "级别", "级别：Tier 1、Tier 2、Tier 2 Watch List、Tier 3 或 special case（为空表示未评级）"),
    "tier_order": ("tier order", "级别排序", "级别的排序：1 = Tier 1，2 = Tier 2，3 = Tier 2 Watch List，4 = Tier 3，5 = special case"),
    "source_location": ("where in the source", "在来源中的位置", "在来源中的位置"),
    "claim": ("claim (our words)", "说法（本站转述）", "本项目转述的说法"),
    "claim_zh": ("claim (Chinese)", "说法（中文）", "说法的中文翻译"),
    "population_zh": ("population (Chinese)", "对象（中文）", "所统计对象的中文说明"),
    "title": ("title", "标题", "报道标题"),
    "attributed_to": ("attributed to", "出处", "报道所说的数字出处"),
    "attributed_to_zh": ("attributed to (Chinese)", "出处（中文）", "报道所说的数字出处（中文）"),
    "recompute": ("check", "核查方法", "交叉核查方法（datasets.derived.claims）"),
    "chart_page": ("chart page", "图表页面", "显示该数字的页面"),
    "chart_anchor": ("chart", "图表", "页面上的图表"),
    "claim_id": ("claim", "说法编号", "说法的编号"),
    "number_as_printed": ("number as printed", "所印数字", "原文所印的数字及其限定词"),
    "checked_as": ("searched as", "按此指标查找", "在已发布数据表中查找所用的指标（为空表示无对应数据）"),
    "year_to": ("to year", "截至年份", "第二个年份（两年间的变化）"),
    "age_from": ("first age", "起始年龄", "所印的起始年龄"),
    "age_to": ("last age", "终止年龄", "所印的最后年龄（含）"),
    "kind": ("kind", "种类", "来源种类：普查数、联合国估计或预测、立案数或报道的数字"),
    "grouping": ("age grouping", "年龄分组", "按原表年龄组，或重新合并为5岁组"),
    "male": ("men", "男", "男性人数"),
    "female": ("women", "女", "女性人数"),
    "surplus_of_men": ("surplus of men", "男性多出人数", "男性人数减女性人数"),
    "sex_ratio": ("sex ratio", "性别比", "性别比：每100名女性对应的男性人数"),
    "basis": ("basis", "依据", "数字的依据（数据表、公报、估计、报道的数字……）"),
    "top_age_label": ("last age group", "最高年龄组", "数据表的最高年龄组（合计到此为止）"),
    "communique": ("communique", "公报", "2020年普查公报的合计（含现役军人）"),
    "table": ("table", "表", "数字所在的表"),
    "servicemen": ("servicemen", "现役军人", "现役军人（公报数减表中数）"),
    "table_source_id": ("table source", "数据表来源", "数据表的来源编号"),
    "all_cases": ("all registered criminal cases", "全部刑事案件立案数", "全部刑事案件立案数"),
    "per_10000": ("per 10,000 registered criminal cases", "每万起立案刑事案件", "每万起立案刑事案件中的拐卖妇女儿童案件数"),
    "label": ("what", "项目", "年鉴，或刊载该数值的媒体"),
    "never_married": ("never married, counted in the table", "未婚，表中人数", "未婚人数（表中统计数；抽样时绝不是人口总数）"),
    "total": ("all statuses, counted in the table", "全部婚姻状况，表中人数", "全部婚姻状况的人数（表中统计数；抽样时绝不是人口总数）"),
    "share_never_married": ("share never married", "未婚比例", "未婚的百分比（100 × 未婚 / 合计）"),
    "never_married_ratio": ("never-married men per 100 never-married women", "每100名未婚女性对应的未婚男性", "同年、同地区、同年龄组中每100名未婚女性对应的未婚男性"),
    "grid": ("age groups of the table", "表的年龄分组", "表的年龄分组：单岁或5岁组"),
    "gap": ("age gap (years)", "年龄差（岁）", "夫妻年龄差 g（岁）"),
    "men_age_from": ("men: first age", "男性：起始年龄", "男性年龄范围的起始年龄 a"),
    "men_age_to": ("men: last age", "男性：最后年龄", "男性年龄范围的最后年龄 b（含）"),
    "women_age_from": ("women: first age", "女性：起始年龄", "女性年龄范围的起始年龄 a - g"),
    "women_age_to": ("women: last age", "女性：最后年龄", "女性年龄范围的最后年龄 b - g（含）"),
    "men_ages": ("men's ages", "男性年龄", "男性的年龄范围"),
    "women_ages": ("women's ages", "女性年龄", "女性的年龄范围"),
    "men": ("men", "男", "a 至 b 岁的男性人数"),
    "women": ("women", "女", "a - g 至 b - g 岁的女性人数"),
    "ratio": ("men per 100 women of the matching ages", "每100名对应年龄女性对应的男性人数", "婚姻市场性别比：每100名 a - g 至 b - g 岁女性对应的 a 至 b 岁男性"),
    "origin": ("origin", "说法类别", "说法的来源类别：种子报道或重复出现的说法"),
    "precision": ("printed precision", "所印精度", "所印最后一位数字的单位"),
    "bound": ("bound", "界限", "精确、至少、至多或约数"),
    "low": ("lowest value admitted", "可对应的最小值", "所印数字可对应的最小值"),
    "high": ("highest value admitted", "可对应的最大值", "所印数字可对应的最大值"),
    "verdict": ("verdict", "结论", "核查结论"),
    "finding": ("finding", "结论说明", "解释结论的句子编号"),
    "best_role": ("closest: what it is", "最接近：类型", "最接近的数字是什么"),
    "best_source_id": ("closest: source", "最接近：来源", "最接近的数字的来源"),
    "best_table": ("closest: table", "最接近：数据表", "最接近的数字所在的已发布数据表"),
    "best_year": ("closest: year", "最接近：年份", "最接近的数字的年份"),
    "best_geography_code": ("closest: area code", "最接近：地区代码", "最接近的数字的地区代码"),
    "best_age_from": ("closest: first age", "最接近：起始年龄", "最接近的定义的起始年龄"),
    "best_age_to": ("closest: last age", "最接近：终止年龄", "最接近的定义的最后年龄（含；为空表示开口或全部年龄）"),
    "best_value": ("closest: value", "最接近：数值", "最接近的数值"),
    "difference": ("difference", "差值", "最接近的数值减所印数值"),
    "difference_pct": ("difference (%)", "差值（%）", "差值占所印数值的百分比"),
    "source_ids": ("sources of the numbers", "所比对数字的来源", "结论所依据数字的来源（以分号分隔）"),
    "assumptions": ("assumptions", "假设", "假设（以 | 分隔）"),
    "position": ("position", "位置", "排序位置"),
    "role": ("what it is", "数字性质", "该数字是什么"),
    "admits": ("within the printed range", "在所印数字的范围内", "是否在所印数字可对应的范围内"),
    "same_definition": ("the printed definition", "所印的定义", "是否为说法本身的定义（年份、地区、年龄）"),
}


def label(column: str, lang: str = "en") -> str | None:
    """The short label of a published column in ``lang`` ("en"/"zh"), or None when the column
    is not one of :data:`COLUMNS`."""
    entry = COLUMNS.get(column)
    if entry is None:
        return None
    return entry[1] if lang == "zh" else entry[0]


def unit_text(unit: str, lang: str = "en") -> str:
    """A unit in ``lang``: the id itself in English, :data:`UNITS` in Chinese (an unknown unit
    unchanged)."""
    return UNITS.get(unit, unit) if lang == "zh" else unit


def field_texts(table: str) -> dict[str, dict[str, str | None]]:
    """Column -> ``{"label", "label_zh", "description", "description_zh", "unit", "unit_zh"}`` for
    one published table, in the table's column order. ``description`` is the schema column's
    ``title`` (or the label); ``unit`` is missing (None) for columns without one.

    Raises:
        KeyError: unknown table, or a column of its schema has no entry in :data:`COLUMNS`
            (every published column must have a label in both languages).
    """
    from datasets.table_schemas import published_schema

    out = {}
    for name, col in published_schema(table).columns.items():
        if name not in COLUMNS:
            raise KeyError(f"column {name!r} of table {table!r} has no label in datasets/columns.py COLUMNS")
        en, zh, description_zh = COLUMNS[name]
        unit = (col.metadata or {}).get("unit")
        out[name] = {
            "label": en, "label_zh": zh, "description": col.title or en, "description_zh": description_zh,
            "unit": unit, "unit_zh": UNITS.get(unit, unit) if unit else None,
        }
    return out
