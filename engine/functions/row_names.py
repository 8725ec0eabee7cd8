"""Which built-in functions read a table row's name (declarations only; engine/checking/names_read.py asks them).

A table read in doubt about some rows' names (engine/importers/name_proof.py) can be relied on by a rule whose
functions never match a row by its name. Each function of the registry is declared here with its reason; one not
declared is taken to read names. The plain functions (engine/language/compiler/calls.PLAIN_FUNCTIONS) read cells only
through their arguments, whose row look-ups the runtime watches, and are not repeated here. A row is never text to
a function (calls.argument refuses it), so a function of texts cannot be handed a row's name.
"""
from __future__ import annotations

from engine.functions.narrative import _PLACEHOLDERS

# Functions that touch no row's name: canonical name -> why.
NAME_FREE: dict[str, str] = {
    "decimals": "印出的小数位数：只看参数的数字",
    "table_header": "表头要素：表上方的表名、表号、单位、年度，不看行",
    "toc_missing": "目录与正文标题，不看表的行",
    "toc_out_of_order": "目录与正文标题的顺序，不看表的行",
    "line_number_gaps": "只看各行印出的行次数字",
    "column_number_gaps": "只看各列印出的栏次数字",
    "year": "文字参数（封面、目录、章节），行不能作文字参数",
    "disclosure_kind": "文字参数中的“部门/单位决算”自称",
    "contains": "文字参数中的词",
    "placeholders": "文字参数中没有替换的模板文字",
    "table_notes": "表下印出的注释，不看行",
    "empty_table": "只看表中金额是否都为空",
    "text_percents": "情况说明中印出的百分比",
    "text_amounts": "情况说明中印出的金额",
    "unmet": "自评表指标的文字",
    "contradicts": "自评表指标的文字",
    "stated_figure": "自评表指标的文字",
    "reason_direction": "未完成原因的文字",
    "score_number": "自评表指标行的得分、分值文字",
    "printed_score": "自评表指标行的得分、分值文字与指标名称",
    "parts_over_whole": "情况说明同一句中的金额，不看表",
    "has_official_list": "是否提供了官方科目表",
    "direction_conflicts": "情况说明中的方向词与数字",
    "absent": "参数清单中的项",
    "heading_year_conflicts": "封面、标题、目录、表名中的年度，不看行",
    "heading_unit_conflicts": "封面、标题、目录、表名中的单位名称，不看行",
    "unit_slips": "情况说明的金额与表中金额的数值，不看行的名称",
    "zero_base_rates": "情况说明中的增加额与百分比",
    "completion_conflicts": "情况说明中的预算、决算金额与完成率",
}

# Narrative look-ups (section, template[, which]): they read a row's name only through a template slot that names
# a variable (`{r}`), not through a placeholder (engine/functions/narrative.py: 金额, 数, %, 增减, *, 原因 …).
TEMPLATED: frozenset[str] = frozenset(("text_amount", "text_percent", "text_change", "text_amounts_at",
                                       "text_reason"))
PLACEHOLDERS: frozenset[str] = frozenset(_PLACEHOLDERS)

# Functions that match rows by their names: canonical name -> why (the default for any function not declared).
READS_NAMES: dict[str, str] = {
    "stated_about": "按行的名称（及其上级的名称）在情况说明中找说法",
    "code_name_conflicts": "比较各表同一编码印出的名称",
    "name_code_conflicts": "比较同一名称印在哪些编码上",
    "repeated_in_table": "按名称印类的表中由名称认出重复的科目，报出行的名称",
    "narrative_subject_mismatches": "情况说明的科目链对表中行的名称",
    "cost_subject_mismatches": "公开06经济科目的名称对情况说明所列",
    "official_name_mismatches": "行的名称对官方科目表",
    "missing_fixed_rows": "按名称找表式规定的固定行",
}

# Of those, the ones reading every table's names, whatever tables a rule names (编码名称不一() takes no table). Each
# judges per finding (engine/functions/codes.py): with rows in doubt it lists only findings that hold whatever those
# names are, and records under COMPARED, in the memo's names_doubtful, the doubtful rows ("table code") whose names
# it compared, so a rule listing its findings (每个 p 属于 …：不应出现(p)) passes only when there are none.
READS_EVERY_TABLE: frozenset[str] = frozenset(("code_name_conflicts", "name_code_conflicts", "repeated_in_table",
                                               "narrative_subject_mismatches", "cost_subject_mismatches",
                                               "official_name_mismatches"))
COMPARED = "?compared"  # no table's id

# Of those, the ones reading only the names of the row they are handed and of its 类 and 款 (文中所述(节, r, …)).
READS_HANDED_ROW: frozenset[str] = frozenset(("stated_about",))

# Named document parts (封面, 目录, 公开表): texts, or tables whose rows a rule reaches only through the watched
# look-ups and the functions above.
NAME_FREE_PARTS: frozenset[str] = frozenset(("封面", "目录", "公开表", "cover", "toc", "tables"))
