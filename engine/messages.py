"""The one message table: diagnostic code → severity, Chinese and English message and hint templates.

Templates use str.format placeholders; `engine.diagnostics.make(code, span, **params)` fills them.
Codes: E1xx syntax (engine/language/syntax.py), E2xx names, types and templates at load time. Add new codes here.
S01–S79: the HTTP service's refusals (engine/service/errors.refusal).
A hint whose placeholders are not all given is left out (e.g. no {suggestion} found).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Message:
    severity: str  # error | warning | info
    zh: str
    en: str
    hint_zh: str = ""
    hint_en: str = ""


_KEYWORD_SPACING_ZH = "关键字（且、或、非、如果、则、否则、每个、属于）前后请留空格；名称含特殊字符时请用「」括起来"
_KEYWORD_SPACING_EN = "put spaces around keywords (且 或 非 如果 则 否则 每个 属于, and/or/not …); quote odd labels with 「」"
_SELECTORS_ZH = "方括号中可写：编码或行次（如 2010601）、类/款/项、编码前缀（如 201*）、范围（如 8..15）、*、「标签」"
_SELECTORS_EN = ("inside [...] write a code or line number (2010601), 类/款/项, a code prefix (201*), "
                 "a range (8..15), * or a quoted label 「…」")

_SUGGEST_ZH = "是否是「{suggestion}」？"
_SUGGEST_EN = "did you mean '{suggestion}'?"

MESSAGES: dict[str, Message] = {
    # --- syntax ---------------------------------------------------------------------------------
    "E101": Message("error", "此处不应出现「{found}」", "unexpected '{found}'",
                    "此处应为：{expected_zh}", "expected: {expected_en}"),
    "E102": Message("error", "规则不完整，缺少{expected_zh}", "incomplete rule: missing {expected_en}",
                    "请在末尾补上{expected_zh}", "add {expected_en} at the end"),
    "E103": Message("error", "缺少右括号「)」", "missing closing parenthesis ')'",
                    "这里的「(」没有配对的「)」", "this '(' is never closed"),
    "E104": Message("error", "缺少右方括号「]」", "missing closing bracket ']'",
                    "这里的「[」没有配对的「]」", "this '[' is never closed"),
    "E105": Message("error", "未闭合的引号（{quote}）", "unclosed quote ({quote})",
                    "请在同一行内补上结束引号 {close}", "close it with {close} on the same line"),
    "E106": Message("error", "无法识别的字符「{found}」", "unrecognised character '{found}'",
                    "规则中只能使用名称、数字、引号、运算符和括号；含特殊字符的标签请用「」括起来",
                    "rules use names, numbers, quotes, operators and brackets; quote odd labels with 「」"),
    "E107": Message("error", "多余的右括号「{found}」", "unmatched closing bracket '{found}'",
                    "删除它，或在前面补上对应的左括号", "remove it or add the opening bracket before it"),
    "E108": Message("error", "比较运算符「{token}」后缺少表达式", "missing expression after comparison '{token}'",
                    "比较运算符两边都要有值，例如 公开05.合计 == 公开01.本年支出合计",
                    "a comparison needs a value on both sides, e.g. 公开05.合计 == 公开01.本年支出合计"),
    "E109": Message("error", "运算符「{token}」后缺少表达式", "missing expression after operator '{token}'",
                    "运算符两边都要有值", "an operator needs a value on both sides"),
    "E110": Message("error", "「{token}」后缺少条件", "missing condition after '{token}'",
                    "「且」「或」「非」后面要跟一个条件，例如 公开09.合计 <= 公开09.预算",
                    "and/or/not need a condition after them"),
    "E111": Message("error", "「{found}」前缺少运算符", "missing operator before '{found}'",
                    "两个值之间需要运算符（如 +、==、且）；" + _KEYWORD_SPACING_ZH,
                    "two values need an operator between them (+, ==, and); " + _KEYWORD_SPACING_EN),
    "E112": Message("error", "比较运算不能连写", "comparisons cannot be chained",
                    "请用「且」连接两个比较，例如 a <= b 且 b <= c", "join two comparisons with 且/and: a <= b 且 b <= c"),
    "E113": Message("error", "缺少「{keyword}」", "missing '{keyword}'",
                    "写法：{form}", "form: {form}"),
    "E114": Message("error", "「.」后缺少字段名", "missing field name after '.'",
                    "例如 公开05.合计；含特殊字符的标签请用「」括起来，如 公开09.「因公出国（境）费」",
                    "e.g. 公开05.合计; quote odd labels: 公开09.「因公出国（境）费」"),
    "E115": Message("error", "方括号中的选择器无效「{found}」", "invalid selector '{found}' in [...]",
                    _SELECTORS_ZH, _SELECTORS_EN),
    "E116": Message("error", "引号中的标签为空", "empty quoted label",
                    "请在引号中写出行或列的名称", "write the row or column label inside the quotes"),
    "E117": Message("error", "规则为空", "the rule is empty",
                    "请写出要检查的表达式，例如 公开05.合计 == 公开01.本年支出合计",
                    "write the check, e.g. 公开05.合计 == 公开01.本年支出合计"),
    "E118": Message("error", "「{token}」后缺少表达式", "missing expression after '{token}'",
                    "此处应为：{expected_zh}", "expected: {expected_en}"),
    "E119": Message("error", "「{token}」后缺少变量名", "missing variable name after '{token}'",
                    "写法：每个 r 属于 公开05[*]: r.合计 == r.基本支出 + r.项目支出",
                    "form: forall r in 公开05[*]: r.合计 == r.基本支出 + r.项目支出"),
    "E120": Message("error", "表达式嵌套过深", "expression nested too deeply",
                    "请拆成几个定义", "split it into definitions"),
    "E124": Message("error", "数字「{found}」位数过多（最多 {limit} 位）", "the number '{found}' has too many digits "
                    "(at most {limit})"),
    "E121": Message("error", "规则必须是文本，而不是{found}", "a rule must be text, not {found}",
                    "在规则文件中把表达式写成一行文字或 | 块", "write the expression as a line of text or a | block"),
    "E122": Message("error", "关键字与名称连在一起「{found}」", "keyword glued to a name: '{found}'",
                    "请在「{keyword}」前后加空格，例如 每个 r 属于 公开05[*]: r.合计 >= 0",
                    "put spaces around '{keyword}', e.g. 每个 r 属于 公开05[*]: r.合计 >= 0"),
    "E123": Message("error", "「{found}」是关键字，不能直接用作名称", "'{found}' is a keyword, not a name",
                    "作名称时请用引号括起来：「{found}」", "quote it to use it as a name: 「{found}」"),
    # --- names, types and templates, found when a rulebook loads (engine/language/compiler/, engine/language/resolve.py) --
    "E201": Message("error", "未知名称「{name}」", "unknown name '{name}'", _SUGGEST_ZH, _SUGGEST_EN),
    "E202": Message("error", "表{table}没有行「{row}」", "table {table} has no row '{row}'", _SUGGEST_ZH, _SUGGEST_EN),
    "E203": Message("error", "表{table}没有列「{column}」", "table {table} has no column '{column}'",
                    _SUGGEST_ZH, _SUGGEST_EN),
    "E204": Message("error", "未知函数「{name}」", "unknown function '{name}'", _SUGGEST_ZH, _SUGGEST_EN),
    "E205": Message("error", "函数「{name}」需要{expected}个参数，这里给了{got}个",
                    "function '{name}' takes {expected} arguments, got {got}"),
    "E206": Message("error", "{what}需要{expected}，这里是{got}", "{what} needs {expected}, got {got}"),
    "E207": Message("error", "定义循环引用：{cycle}", "definitions refer to themselves: {cycle}"),
    "E208": Message("error", "「{name}」不能跟在{what}后面", "'{name}' cannot follow {what}"),
    "E209": Message("error", "情况说明的部分编号「{name}」无法识别（应为一、二……或（一）（二）……）",
                    "narrative section number '{name}' not recognised (use 一, 二, … or (一), (二), …)"),
    "E210": Message("error", "自评表没有字段「{name}」", "the self-evaluation form has no field '{name}'",
                    _SUGGEST_ZH, _SUGGEST_EN),
    "E211": Message("error", "表{table}不分{what}，不能用[{selector}]选行",
                    "table {table} has no {what}: cannot select [{selector}]"),
    "E212": Message("error", "定义「{name}」有错误", "definition '{name}' has errors"),
    "E213": Message("error", "规则的结果必须是真/假判断，这里是{got}", "a rule must be a true/false check, got {got}"),
    "E231": Message("error", "文本模板「{template}」的花括号不成对", "unbalanced braces in text template '{template}'"),
    "E232": Message("error", "文本模板中的占位符「{{{placeholder}}}」无法识别，可用：{known}",
                    "unknown placeholder '{{{placeholder}}}' in text template; known: {known}"),
    "E233": Message("error", "文本模板「{template}」没有取值的占位符（{{金额}}、{{%}}、{{增减}}或{{原因}}）",
                    "text template '{template}' has no value placeholder ({{金额}}, {{%}}, {{增减}} or {{原因}})"),
    "E240": Message("error", "文本模板「{template}」过于复杂（占位符过多），请拆成几个较短的模板",
                    "text template '{template}' is too complex (too many placeholders); split it into shorter ones"),
    "E234": Message("error", "文本模板必须直接写成带引号的文字", "a text template must be a quoted literal"),
    "E235": Message("error", "方括号中的「{name}」不是逐行核对中的行变量", "'{name}' in [...] is not a for-each row variable",
                    "按名称取行请写 公开05.合计 或 公开05[「合计」]；在「每个 r 属于 …」中，公开04[r] 取与行 r 编码相同的行",
                    "for a row by name write 公开05.合计 or 公开05[「合计」]; inside 每个 r 属于 …, 公开04[r] is the row with r's code"),
    "E236": Message("error", "表头要素「{name}」无法识别，可用：{known}",
                    "unknown table header element '{name}'; known: {known}", _SUGGEST_ZH, _SUGGEST_EN),
    "E237": Message("error", "自评表的绩效指标没有字段「{name}」（可用：{known}）",
                    "a performance indicator has no field '{name}' (known: {known})", _SUGGEST_ZH, _SUGGEST_EN),
    "E238": Message("error", "「{name}」只能写在单张自评表后面，如 每个 f 属于 自评表: 每个 i 属于 f.{name}: …",
                    "'{name}' belongs to one form: forall f in 自评表: forall i in f.{name}: …"),
    "E239": Message("error", "金额单位「{name}」无法识别，可用：{known}", "unknown money unit '{name}'; known: {known}",
                    _SUGGEST_ZH, _SUGGEST_EN),
    # --- evaluation (run time: these become findings, never exceptions) ---------------------------
    "E401": Message("error", "除数为零", "division by zero"),
    "E402": Message("error", "找不到{table}的行「{row}」", "row '{row}' not found in {table}"),
    "E403": Message("error", "{where}是文字「{text}」，不是数字", "{where} is the text '{text}', not a number"),
    "E404": Message("error", "在{section}中找不到「{template}」", "'{template}' not found in {section}"),
    "E405": Message("error", "情况说明中没有「{section}」部分", "the narrative has no section '{section}'"),
    "E406": Message("error", "{where}没有填写数值", "{where} has no value"),
    "E407": Message("error", "缺少表{table}，规则无法核对", "table {table} is missing: the rule cannot be checked"),
    "E408": Message("error", "{name}的集合为空", "{name} over an empty set"),
    "E410": Message("error", "数值超出可计算的范围（位数或指数过大）", "a value is out of the computable range "
                    "(too many digits or too large an exponent)"),
    "E411": Message("error", "四舍五入的位数应为 -{limit} 到 {limit} 之间的整数，实际为 {places}",
                    "round() takes a whole number of places from -{limit} to {limit}, not {places}"),
    "E409": Message("error", "第{n}处匹配不存在（只找到{found}处）", "match {n} does not exist (found {found})"),
    "E412": Message("error", "「{name}」不是可用的说法类别（可用：{known}）", "'{name}' is not a claim measure ({known})"),
    # --- a rule's outcome as the language reports it (engine/language/environment.py Violation.message; explain) -----
    "V01": Message("error", "{where}{text} 不成立：左边 {left}，右边 {right}，相差 {diff}（容差 ±{tol}）",
                   "{where}{text} fails: left {left}, right {right}, difference {diff} (±{tol})"),
    "V02": Message("info", "{where}尾数差异：{text} 两边相差 {diff}，在尾数容差 ±{tol} 之内",
                   "{where}rounding difference: {text} differs by {diff}, within the tolerance ±{tol}"),
    "V03": Message("error", "{where}{text} 不成立", "{where}{text} does not hold"),
    # --- a finding's message when its rule gives none (engine/checking/check.py) -------------------------------------
    "F01": Message("error", "{元素}{名称}不成立：{表达式}；左边 {左}，右边 {右}，相差 {差额}（已按金额四舍五入考虑尾数容差 ±{容差}）",
                   "{元素}{名称} does not hold: left {左}, right {右}, difference {差额} "
                   "(rounding tolerance ±{容差} allowed){读到}"),
    "F02": Message("error", "{元素}{名称}不成立：{表达式}", "{元素}{名称} does not hold{读到}"),
    "F03": Message("info", "尾数差异：{元素}{表达式} 两边相差 {差额}，在尾数容差 ±{容差} 之内（金额四舍五入所致），不视为错误",
                   "Rounding difference: {元素}{名称}: the two sides differ by {差额}, within the rounding tolerance "
                   "±{容差}; not an error{读到}"),
    "F04": Message("info", "（尾数容差 ±{容差}）", " (rounding tolerance ±{容差})"),
    "F05": Message("error", "缺少{表}，以下 {n} 条规则不可核：{规则}", "{表} is missing; {n} rules cannot be checked: {规则}"),
    "F06": Message("error", "缺表不可核", "not checkable: table missing"),
    "F07": Message("error", "{元素}不可核：{原因}", "{元素}not checkable: {原因}"),
    "F08": Message("error", "没有上年决算公开（可用 --previous 给出），以下 {n} 条跨年度规则不可核：{规则}",
                   "no previous year's disclosure (give one with --previous); {n} cross-year rules cannot be "
                   "checked: {规则}"),
    "F09": Message("error", "无上年文件不可核", "not checkable: no previous year"),
    "F10": Message("error", "{项}{状态}（{原因}），以下 {n} 条规则不可核：{规则}",
                   "{项} {状态} ({原因}); {n} rules cannot be checked: {规则}"),
    "F11": Message("error", "未读全不可核", "not checkable: not fully read"),
    # --- the HTTP service's refusals (engine/service/: errors.refusal; the body's message_code is the code) ---------
    "S01": Message("error", "请求体超过上限 {limit} 字节", "request body exceeds the limit of {limit} bytes"),
    "S02": Message("error", "服务繁忙：同时处理的请求已达上限 {limit}，请稍后重试",
                   "busy: {limit} requests are already being processed; retry later"),
    "S03": Message("error", "处理超过时间上限（{limit:g} 秒），已停止该处理；请稍后重试，或拆分过大的文件",
                   "processing exceeded the time limit ({limit:g} s) and was stopped"),
    "S04": Message("error", "处理进程意外退出，本次请求未完成；请稍后重试",
                   "a worker process died while handling the request; retry later"),
    "S05": Message("error", "修改超过时间上限（{limit:g} 秒）；结果未知，请 GET 该规则确认是否已保存",
                   "the edit exceeded the time limit ({limit:g} s); GET the rule to see whether it was saved"),
    "S06": Message("error", "处理超过时间上限（{limit:g} 秒），已放弃；请稍后重试",
                   "processing exceeded the time limit ({limit:g} s)"),
    "S07": Message("error", "不支持的内容类型「{kind}」：应为 application/json 或 multipart/form-data",
                   "unsupported content type {kind}: use application/json or multipart/form-data"),
    "S08": Message("error", "上传表单格式错误：缺少 boundary", "malformed upload form: no boundary"),
    "S09": Message("error", "上传表单格式错误：无法解析", "malformed upload form: cannot be parsed"),
    "S10": Message("error", "上传表单格式错误：文本字段过多或过长（至多 {fields} 个、每个 {kb} KB）",
                   "malformed upload form: too many or too long text fields (at most {fields}, {kb} KB each)"),
    "S11": Message("error", "上传表单格式错误：只能上传一个文件", "malformed upload form: only one file may be uploaded"),
    "S12": Message("error", "上传表单中缺少文件字段「file」", "the form has no 'file' field"),
    "S13": Message("error", "请求内容不符合模式，共 {n} 处问题", "{n} schema problems"),
    "S14": Message("error", "求值请求不符合模式，共 {n} 处问题", "the eval request does not fit the schema: {n} problems"),
    "S15": Message("error", "公开文件 JSON 不符合模式，共 {n} 处问题", "{n} schema problems"),
    "S16": Message("error", "请求体无法解析：应为 UTF-8 的 JSON，或字段为 file 的上传表单",
                   "the body cannot be parsed: send UTF-8 JSON or a form with field 'file'"),
    "S17": Message("error", "请求无效", "bad request"),
    "S18": Message("error", "需要有效的令牌", "a valid token is required"),
    "S19": Message("error", "没有这个地址", "no such path"),
    "S20": Message("error", "该地址不支持此方法", "method not allowed on this path"),
    "S21": Message("error", "无法提供所要求的格式", "not acceptable"),
    "S22": Message("error", "请求体过大", "request body too large"),
    "S23": Message("error", "服务繁忙，请稍后重试", "the service is busy; retry later"),
    "S24": Message("error", "不支持的内容类型", "unsupported media type"),
    "S25": Message("error", "请求无法处理", "request cannot be handled"),
    "S26": Message("error", "服务内部错误，请稍后重试或联系管理员", "internal error"),
    "S27": Message("error", "本服务未配置编辑令牌（RULEBOOK_EDIT_TOKEN），不能修改规则库",
                   "no edit token is configured; the rulebook cannot be edited"),
    "S28": Message("error", "缺少或无效的编辑令牌（Authorization: Bearer <令牌>）", "missing or invalid edit token"),
    "S29": Message("error", "缺少或无效的校验令牌（Authorization: Bearer <令牌>）", "missing or invalid check token"),
    "S30": Message("error", "请求体为空：应为规范化的公开文件 JSON 或上传的文件",
                   "empty body: send the normalised disclosure JSON or upload a file"),
    "S31": Message("error", "公开文件超出处理上限：{over}", "the document exceeds a limit: {over_en}"),
    "S32": Message("error", "不支持的文件类型「{suffix}」：应为 .txt、.json、.pdf、.xlsx、.xls、.html 或 .docx",
                   "unsupported file type {suffix}: use .txt, .json, .pdf, .xlsx, .xls, .html or .docx"),
    "S33": Message("error", "{suffix} 文件超过上限 {limit} 字节（只有 PDF、Excel、Word 可以更大）",
                   "a {suffix} file may have at most {limit} bytes (only PDF, Excel and Word may be larger)"),
    "S34": Message("error", "正在处理的 PDF 已达上限（{n} 份），请稍后重试",
                   "too many PDFs are being imported ({n}); retry later"),
    "S35": Message("error", "文件「{name}」无法导入：{reason}", "cannot import {name}: {reason_en}"),
    "S36": Message("error", "文件内容不是{suffix}所示的格式（Excel、HTML 或 Word）",
                   "the content is not the {suffix} format its name says (Excel, HTML or Word)"),
    "S37": Message("error", "校验报告超过 {mb} MB 上限，未发送；文件中问题过多，请先修正明显的错误或分批提交",
                   "the report exceeds {limit} bytes and was not sent; fix the obvious errors first"),
    "S38": Message("error", "表单中缺少表达式字段「expression」（至多 8000 字）",
                   "the form needs an 'expression' field (at most 8000 characters)"),
    "S39": Message("error", "表达式无法编译", "the expression does not compile"),
    "S40": Message("error", "规则库中没有规则「{rule}」", "no rule {rule} in the rulebook"),
    "S41": Message("error", "没有样本「{name}」", "no sample {name}"),
    "S42": Message("error", "规则库文件有 {n} 处错误，暂时无法校验；请修正规则库",
                   "the rulebook's files have {n} errors; fix the rulebook"),
    "S43": Message("error", "缺少令牌（Authorization: Bearer <令牌>）", "missing token"),
    "S44": Message("error", "无效的令牌", "invalid token"),
    "S45": Message("error", "规则「{rule}」已存在；修改请用 PUT 并带 If-Match", "rule {rule} already exists; use PUT with If-Match"),
    "S46": Message("error", "修改或删除规则须带 If-Match 头（先 GET 取得 ETag）", "If-Match is required (GET the rule for its ETag)"),
    "S47": Message("error", "规则「{rule}」已被他人修改，当前版本为 {version}；请重新读取后再改",
                   "rule {rule} has changed; current version is {version}"),
    "S48": Message("error", "规则「{rule}」来自所扩展的规则库（{parent}），不能在此修改",
                   "rule {rule} comes from an extended rulebook and cannot be edited here"),
    "S49": Message("error", "文件「{file}」不是本规则库的规则文件（可选：{names}）", "{file} is not a rule file of this rulebook"),
    "S50": Message("error", "{reason}；请先修复该文件", "{reason}"),
    "S51": Message("error", "规则「{rule}」未保存：{reasons}。文件未作任何改动。", "rule {rule} was not saved: {refused}"),
    "S52": Message("error", "磁盘空间不足，规则「{rule}」未保存；规则文件与变更日志均未改动",
                   "no space left: rule {rule} was not saved; the rule file and the change log are unchanged"),
    "S53": Message("error", "无法写入规则库或变更日志（{why}），规则「{rule}」未保存",
                   "cannot write the rulebook or the change log: rule {rule} was not saved"),
    "S54": Message("error", "级别「{severity}」无效：应为 error/warning/info（或 错误/警告/提示）",
                   "severity must be error, warning or info"),
    "S55": Message("error", "新建规则须给出编号（id/编号）", "a new rule needs an id"),
    "S56": Message("error", "请求体中的编号「{id}」与地址中的「{path_id}」不一致（不能借 PUT 改编号）",
                   "body id {id} differs from path id {path_id}"),
}


def text(code: str, lang: str = "zh", **params: object) -> str:
    """A code's message with its placeholders filled (run-time findings use this; diagnostics use make())."""
    msg = MESSAGES[code]
    template = msg.en if lang == "en" else msg.zh
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template
