"""The one message table: diagnostic code → severity, Chinese and English message and hint templates.

Templates use str.format placeholders; `engine.diagnostics.make(code, span, **params)` fills them.
Codes: E1xx syntax (engine/language/syntax.py), E2xx names, types and templates at load time. Add new codes here.
S01–S79: the HTTP service's refusals (engine/service/errors.refusal).
I01–I99, I100–I149: what importers and functions say (engine/said.py); D01–D30 the check daemon; R01–R60 the review store.
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
    "E413": Message("error", "自评表「{row}」一行应印出的分数没有印出（该格为「{text}」，或未读到），无法核对",
                    "the form's row '{row}' prints no score where its template prints one (the cell reads '{text}', "
                    "or was not read): cannot be checked"),
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
    # --- what importers say (I01–I39: reading status and import warnings; engine/said.py carries code and params) -
    "I01": Message("info", "文件中没有找到{table}《{title}》", "{table}《{title}》 was not found in the file"),
    "I02": Message("info", "文件中没有找到「{part}」部分", "no 「{part}」 part was found in the file"),
    "I03": Message("info", "有「{part}」部分，但没有分出编号的章节（一、二、…）",
                   "there is a 「{part}」 part, but no numbered sections (「一、」, 「二、」…) could be told apart"),
    "I04": Message("info", "印出的 {printed} 个金额中有 {lost} 个未能归入行列（第{lines}行）",
                   "{lost} of the {printed} amounts printed could not be placed in a row and column (lines {lines})"),
    "I05": Message("info", "读出了 {n} 个表中没有印出的金额", "{n} amounts were read that the table does not print"),
    "I06": Message("info", "只有表名，没有读到表头和内容", "only the title was found; no header and no content were read"),
    "I07": Message("info", "自评表的单元格以空格分隔，指标值、完成值和得分所在的栏无法可靠确定",
                   "the form's cells are separated by spaces: the columns of targets, values achieved and scores "
                   "cannot be told apart reliably"),
    "I08": Message("info", "自评表「{project}」不完整，没有读到{missing}（文件可能被截断）",
                   "self-evaluation form 「{project}」 is incomplete: 「{missing}」 not read (the file may be cut short)"),
    "I09": Message("info", "自评表没有读到项目名称", "no project name was read for a self-evaluation form"),
    "I10": Message("info", "找不到表头", "no header found"),
    "I11": Message("info", "有未识别的列", "a column not recognised"),
    "I12": Message("info", "有金额没有项目名称", "amounts without a row label"),
    "I13": Message("info", "有金额无法归入任何行", "amounts that fit no row"),
    "I14": Message("info", "有不属于任何列的内容", "content outside every column"),
    "I15": Message("info", "多出数据行", "extra data rows"),
    "I16": Message("info", "单元格以空格分隔且没有按列对齐，金额所在的列无法确定",
                   "cells separated by spaces and not aligned: the column of an amount cannot be told"),
    "I17": Message("info", "有未识别的行", "a row not recognised"),
    "I18": Message("info", "有重复出现的行（可能读错了行）", "a row repeated (rows may be misread)"),
    "I19": Message("info", "原文空白单元格没有留下痕迹，有的行金额所在的列无法由本表的算术关系确定",
                   "blank cells left no trace in the text, and for some rows the table's arithmetic does not tell "
                   "which column an amount is in"),
    "I20": Message("info", "科目名称印在编码上下几行，拼回的名称可能有误（金额不受影响）",
                   "subject names are printed on lines above and below their codes; the names put back together "
                   "may be wrong (amounts are not affected)"),
    "I21": Message("info", "有科目编码没有读到科目名称", "a subject code without its name"),
    "I22": Message("info", "{table}：原文空白单元格没有留下痕迹，{n} 行（第{lines}行）的金额按本表的算术关系定位，"
                   "这些单元格的算术核对因此必然相符",
                   "{table}: blank cells left no trace in the text; the amounts of {n} rows (lines {lines}) were "
                   "placed by the table's arithmetic, so that arithmetic holds for them by construction"),
    "I23": Message("info", "{table}：本表没有印出金额，表头折行、挤在一起，无法逐列读出；各列按本表种类的标准列序（{columns}）记为空白",
                   "{table}: the table prints no amounts and its header is wrapped and crowded, so it cannot be read "
                   "column by column; the columns are recorded blank in the standard order of this kind of table "
                   "({columns})"),
    "I24": Message("info", "自评表的指标行（第{lines}行）没有单元格界限，且一格中有空格、或空着的格无法确定，指标值、完成值和得分各在哪一栏无法确定",
                   "the form's indicator rows (lines {lines}) have no cell boundaries, and a cell holds spaces or which "
                   "cells are empty cannot be told: which column holds the target, the value achieved and the score "
                   "cannot be told"),
    "I25": Message("info", "有{table}（{title}）", "it has {table}《{title}》"),
    "I26": Message("info", "附有项目支出绩效自评表", "project performance self-evaluation forms are attached"),
    "I27": Message("info", "文件在一个字符中间结束，可能被截断", "the file ends in the middle of a character: it may be cut short"),
    "I28": Message("info", "情况说明中有一段文字不属于任何编号章节：「{text}…」",
                   "a passage of the narrative belongs to no numbered section: 「{text}…」"),
    "I29": Message("info", "{table}出现了两次，只保留第一次", "{table} appears twice; only the first is kept"),
    "I30": Message("info", "表名「{title}」与表号「{number}」不一致，按表号识别为{table}",
                   "the title 「{title}」 and the number 「{number}」 disagree; read as {table} by its number"),
    "I31": Message("info", "无法识别第{line}行开始的表格，已跳过", "the table starting at line {line} was not recognised "
                   "and was skipped"),
    "I32": Message("info", "第{line}行开始的表格没有表名和表号，按表头识别为{table}（{title}）",
                   "the table starting at line {line} has no title and no number; read as {table}《{title}》 by its "
                   "header"),
    "I33": Message("info", "{table}：表格的单元格以空格分隔且没有按列对齐，空白单元格无法定位，各金额所在的列无法确定",
                   "{table}: the cells are separated by spaces and not aligned; blank cells cannot be located, so "
                   "the column of each amount cannot be told"),
    "I34": Message("info", "{table}：只有表名，没有表头和内容（文件可能被截断）",
                   "{table}: only the title, no header and no content (the file may be cut short)"),
    "I35": Message("info", "按指定的口径 {forced} 导入；文件内容看起来是 {detected}（{why}）",
                   "imported as the profile given, {forced}; the content looks like {detected} ({why})"),
    "I36": Message("info", "目录列有「{entry}」", "the table of contents lists 「{entry}」"),
    "I37": Message("info", "有{n}张公开表{absent}", "{n} tables{absent}"),
    "I38": Message("info", "，没有{marks}", ", without {marks}"),
    "I39": Message("info", "{table}（{title}）以{unit}印制，其余各表以{target}印制：已将其{n}个金额换算为{target}（原文数字不变）",
                   "{table}《{title}》 is printed in {unit}, the other tables in {target}: its {n} amounts were "
                   "converted to {target} (the printed figures are unchanged)"),
    "I40": Message("info", "无表名", "no title"),
    "I41": Message("info", "{where}有{n}处模板占位符（{kinds}，如「{sample}」），是未填写的模板内容，不作为数据",
                   "{where}: {n} template placeholders ({kinds}, e.g. 「{sample}」): template text never filled in, "
                   "not taken as data"),
    "I42": Message("info", "第{page}页", "page {page}"),
    "I43": Message("info", "文件中", "in the file"),
    "I44": Message("info", "没有找到{table}（{title}）", "{table}《{title}》 was not found"),
    "I45": Message("info", "万元", "10k yuan"),
    "I46": Message("info", "元", "yuan"),
    "I47": Message("info", "千元", "1000 yuan"),
    "I48": Message("info", "没有找到「{part}」", "no 「{part}」 was found"),
    "I49": Message("info", "未识别的部分标题「{text}」", "a part heading not recognised: 「{text}」"),
    # --- what the structure and narrative functions list (engine/functions): an entry's words, then why ---------
    "I50": Message("info", "{words}：各表没有名为「{name}」的项级科目", "{words}: no table has an item named 「{name}」"),
    "I51": Message("info", "{words}：「{name}」所属款级科目是 {shown}，不是「{stated}」",
                   "{words}: 「{name}」 belongs to section 「{shown}」, not 「{stated}」"),
    "I52": Message("info", "{words}：「{name}」所属类级科目是「{shown}」，不是「{stated}」",
                   "{words}: 「{name}」 belongs to class 「{shown}」, not 「{stated}」"),
    "I53": Message("info", "{table} {code}「{label}」：科目表为「{official}」",
                   "{table} {code}「{label}」: the official list has 「{official}」"),
    "I54": Message("info", "{title}（正文{line}）", "{title} (body line {line})"),
    "I55": Message("info", "{number} 重复", "{number} repeated"),
    "I56": Message("info", "{table} 缺少「{row}」", "{table} lacks 「{row}」"),
    "I57": Message("info", "{table} 缺少「{row}」（{side}）", "{table} lacks 「{row}」 ({side})"),
    "I58": Message("info", "收入", "income side"),
    "I59": Message("info", "支出", "expenditure side"),
    "I60": Message("info", "{where}「{text}」：{value}，封面与其他标题为 {reference}",
                   "{where} 「{text}」: {value}, where the cover and the other headings have {reference}"),
    "I61": Message("info", "封面", "cover"),
    "I62": Message("info", "标题", "heading"),
    "I63": Message("info", "目录", "table of contents"),
    "I64": Message("info", "{table}表名", "title of {table}"),
    "I65": Message("info", "情况说明标题", "narrative heading"),
    "I66": Message("info", "{words}：其中一项 {part} 万元大于所属的「{whole}」{whole_value} 万元",
                   "{words}: a part of {part} (10k yuan) exceeds its whole 「{whole}」, {whole_value} (10k yuan)"),
    "I67": Message("info", "{words}：其中各项之和 {total} 万元大于所属的「{whole}」{whole_value} 万元",
                   "{words}: the parts add to {total} (10k yuan), more than their whole 「{whole}」, {whole_value} "
                   "(10k yuan)"),
    "I68": Message("info", "「{words}」：{value} 元，但文中百分比按万元计算",
                   "「{words}」: {value} yuan, but the percentages in the text are computed in 10k yuan"),
    "I69": Message("info", "「{words}」：{value} 元，而 {value} 是以万元印出的金额",
                   "「{words}」: {value} yuan, while {value} is an amount printed in 10k yuan"),
    "I70": Message("info", "预算{budget}{budget_unit}、决算{final}{final_unit}、完成{rate}%",
                   "budget {budget} ({budget_unit}), actual {final} ({final_unit}), completed {rate}%"),
    "I71": Message("info", "{words}：所写完成率 {stated}% 与所列决算÷预算 {computed}% 不符（印出金额允许 {lo}%～{hi}%）",
                   "{words}: the stated completion rate {stated}% does not match actual ÷ budget = {computed}% "
                   "(the printed amounts allow {lo}%–{hi}%)"),
    "I72": Message("info", "{amount}万元、增加{increase}万元、增长{rate}%",
                   "{amount} (10k yuan), up {increase} (10k yuan), growth {rate}%"),
    "I73": Message("info", "{words}：增加额 {increase} 万元即本年全部金额（上年为 0），不应报告增长 {rate}%，应写“新增”",
                   "{words}: the increase of {increase} (10k yuan) is this year's whole amount (the previous year "
                   "was 0): no growth of {rate}% should be stated; write “新增” (new)"),
    "I74": Message("info", "{words}：同一变化前说“{first}”后说“{then}”",
                   "{words}: the same change is first called “{first}”, then “{then}”"),
    "I75": Message("info", "{words}：所写“{said}”与所列金额（决算数大于预算数）不符",
                   "{words}: “{said}” does not match the amounts given (the actual is above the budget)"),
    "I76": Message("info", "{words}：所写“{said}”与所列金额（决算数小于预算数）不符",
                   "{words}: “{said}” does not match the amounts given (the actual is below the budget)"),
    "I77": Message("info", "{words}：所写“{said}”与所列金额（决算数等于预算数）不符",
                   "{words}: “{said}” does not match the amounts given (the actual is equal to the budget)"),
    # --- more import warnings (engine/importers: layouts, recognise, forms) -------------------------------------
    "I78": Message("info", "{side}方", "{side}: "),
    "I79": Message("info", "{table}：{what}「{key}」重复出现，第二次起记为「{key}#{n}」",
                   "{table}: {what} 「{key}」 appears more than once; from the second on it is kept as 「{key}#{n}」"),
    "I80": Message("info", "行", "row"),
    "I81": Message("info", "列", "column"),
    "I82": Message("info", "{table}：未识别的列「{label}」，按原文记录", "{table}: column 「{label}」 not recognised; kept as printed"),
    "I83": Message("info", "{table}：「{label}」是模板的示意行（省略号或占位符），不作为数据",
                   "{table}: 「{label}」 is the template's sample row (an ellipsis or a placeholder), not taken as data"),
    "I84": Message("info", "{table}：表中一段文字不是表格行，未归入：「{text}…」",
                   "{table}: a passage in the table is not a table row and was not placed: 「{text}…」"),
    "I85": Message("info", "{table}：一行金额没有科目编码或名称，无法归入任何行",
                   "{table}: a row of amounts has no subject code or name and fits no row"),
    "I86": Message("info", "{table}：行「{label}」有不属于任何列的内容：{extra}",
                   "{table}: row 「{label}」 has content outside every column: {extra}"),
    "I87": Message("info", "{table}：找不到{header}表头，无法读取此表", "{table}: no {header} header found; the table cannot be read"),
    "I88": Message("info", "{table}：{side}未识别的列「{label}」", "{table}: {side}column 「{label}」 not recognised"),
    "I89": Message("info", "{table}：{side}第{n}行有金额但没有项目名称", "{table}: {side}line {n} has amounts but no row label"),
    "I90": Message("info", "{table}：{side}未识别的行「{label}」，按名称记录",
                   "{table}: {side}row 「{label}」 not recognised; kept by its name"),
    "I91": Message("info", "{table}：「{text}」没有可识别的科目编码，未能归入",
                   "{table}: 「{text}」 has no recognisable subject code and was not placed"),
    "I92": Message("info", "{table}：未识别的项目「{label}」", "{table}: item 「{label}」 not recognised"),
    "I93": Message("info", "{table}：应只有一行数据，实有{n}行，只读取第一行",
                   "{table}: there should be one data row, there are {n}; only the first is read"),
    "I94": Message("info", "{table}：第{n}栏上方的项目名称无法识别", "{table}: the item name above column {n} is not recognised"),
    "I95": Message("info", "自评表「{project}」：资金行有{n}项，多于{columns}栏",
                   "self-evaluation form 「{project}」: the funds row has {n} entries, more than its {columns} columns"),
    "I96": Message("info", "自评表「{project}」：项目执行情况一栏未读出预算执行率和得分",
                   "self-evaluation form 「{project}」: no execution rate and score were read in the project execution cell"),
    "I97": Message("info", "自评表「{project}」：一行指标内容没有指标序号，未能归入",
                   "self-evaluation form 「{project}」: an indicator line without its number was not placed"),
    "I98": Message("info", "自评表「{project}」：指标序号重新从1开始，但没有印出二级指标名称",
                   "self-evaluation form 「{project}」: the indicator numbers start again from 1, but no second-level "
                   "indicator name is printed"),
    "I99": Message("info", "自评表「{project}」：{level}有多个得分，分类得分按其和计",
                   "self-evaluation form 「{project}」: 「{level}」 has several scores; the category score is their sum"),
    # I100–I140: more of what importers say (the I01–I99 range is full)
    "I100": Message("info", "{table}：科目名称印在编码上下几行，拼回各行的名称可能有误",
                    "{table}: subject names are printed on lines above and below their codes; the name put back "
                    "together for each row may be wrong"),
    "I101": Message("info", "{table}：第{lines}行（{n} 行）的金额未能定位，未读入：{why}",
                    "{table}: the amounts of lines {lines} ({n} in all) could not be placed and were not read: {why}"),
    "I102": Message("info", "既没有科目编码，名称也不是本表的行（可能是表后的文字）",
                    "no subject code, and the name is not a row of this table (it may be text after the table)"),
    "I103": Message("info", "印出 {n} 个金额，多于表头的 {columns} 列",
                    "{n} amounts printed, more than the header's {columns} columns"),
    "I104": Message("info", "无论怎样放，本行自身的合计关系（或其他表所印的数）都不成立",
                    "wherever they are put, the row's own total (or a figure printed in another table) does not hold"),
    "I105": Message("info", "可能的放法太多，没有算完", "too many possible placements; the search did not finish"),
    "I106": Message("info", "没有一种放法与本表的算术关系（列之间的合计关系、上下级合计）相符",
                    "no placement agrees with the table's arithmetic (totals across columns, totals of sub-items)"),
    "I107": Message("info", "有不止一种放法与本表的算术关系相符，无法确定",
                    "more than one placement agrees with the table's arithmetic; which one cannot be told"),
    "I108": Message("info", "{table}：表头的列名断成几段，无法逐列读出；按本表种类的标准列序（{columns}）定位金额",
                    "{table}: the header's column names are broken into pieces and cannot be read column by column; "
                    "the amounts are placed in the standard column order of this kind of table ({columns})"),
    "I109": Message("info", "文件为繁体字，已按 OpenCC 对照表转换为简体后识别（原文数字不变）",
                    "the file is in traditional characters; it was converted to simplified ones with the OpenCC "
                    "tables before reading (the printed figures are unchanged)"),
    "I110": Message("info", "文件中的全角数字已转换为半角后识别",
                    "full-width digits in the file were converted to ASCII digits before reading"),
    "I111": Message("info", "第 {page} 页没有文字", "page {page} has no text"),
    "I112": Message("info", "已去掉页眉、页脚和页码 {n} 行", "{n} lines of page headers, footers and page numbers were removed"),
    "I120": Message("info", "{table}：编码、名称和金额印在各自的高度，第{lines}行的款编码归哪一组只能按折行名称居中的版式判断，可能有误",
                    "{table}: codes, names and amounts are printed at heights of their own; which group the section codes "
                    "of lines {lines} belong to follows only from wrapped names being centred, and may be wrong"),
    "I130": Message("info", "情况说明有 {n} 处数字另起一行印出，文字中的空位与数字对不上，无法确定各数字在句中的位置",
                    "in {n} places the narrative's figures are printed on a line of their own and the gaps in the "
                    "words do not match them: where each figure goes cannot be told"),
    "I131": Message("info", "自评表「{project}」：总分行印有 {numbers}，无法确定哪一个是自评得分（可能只印了分值、得分空着），总分未读出",
                    "self-evaluation form 「{project}」: the total row prints {numbers}; which is the score cannot be told "
                    "(the full marks may be printed with the score left blank): the total score is not read"),
    "I140": Message("info", "科目名称印在编码上下几行，{n} 行拼回的名称可能有误，也没有其他表印出同一编码、同一名称证实（{rows}）；"
                            "金额、编码不受影响，只有按名称查找这些行的规则不可核",
                    "subject names are printed on lines above and below their codes: the names put back for {n} rows "
                    "may be wrong and no other table prints the same code with the same name ({rows}); amounts and "
                    "codes are not affected, only rules that find these rows by name are not checkable"),
    # I150–I159: rules judged over every possible reading of amounts whose column is not certain (checking/readings.py)
    "I150": Message("info", "{rule}：无论{where}印出的金额（{amounts}）归入哪一栏，本条都不成立（可能的归栏共 {n} 种，每一种都核对过）",
                    "{rule}: whichever columns the amounts printed at {where} ({amounts}) stand in, this rule does not "
                    "hold ({n} possible placements, each checked)"),
    "I151": Message("info", "金额归栏不唯一：{where}的金额按不同归栏，本条结论不同",
                    "the amounts' columns are not certain: at {where} the rule's verdict differs between the possible "
                    "placements"),
    "I152": Message("info", "金额归栏不唯一：{where}可能的归栏组合有 {n} 种，超过逐一核对的上限 {cap} 种",
                    "the amounts' columns are not certain: at {where} there are {n} possible combinations of "
                    "placements, more than the {cap} that are checked one by one"),
    "I153": Message("info", "{table}：第{lines}行（{n} 行）的金额只有按{sources}所印的数才能定位，本表与{sources}之间的核对对这些单元格必然相符",
                    "{table}: the amounts of {n} rows (lines {lines}) could be placed only by the figures {sources} "
                    "prints, so rules comparing this table with {sources} hold for those cells by construction"),
    "I154": Message("info", "{table}的金额按{sources}所印的数定位，本条比较的正是这两张表，相符是必然的，不算通过",
                    "{table}'s amounts were placed by the figures {sources} prints; this rule compares those two "
                    "tables, so it holds by construction and is not counted as passed"),
    "I155": Message("info", "金额归栏不唯一：逐一核对{where}的可能归栏时，本条已运行到每条规则 {cap} 次的上限，仍有归栏未核对",
                    "the amounts' columns are not certain: checking the possible placements at {where} one by one, this "
                    "rule reached its limit of {cap} runs with placements still unchecked"),
    "I156": Message("info", "各种归栏下都相同的数：{cells}", "the same in every placement: {cells}"),
    "I157": Message("info", "有 {n} 行指标（第{lines}行）印出时没有单元格界限，各格可能的读法（{ways} 种）逐一核对",
                    "{n} indicator rows (lines {lines}) are printed without cell boundaries; each possible reading of "
                    "their cells ({ways}) is checked"),
    "I158": Message("info", "自评表指标行分格不唯一：{where}印出的文字按不同分格，本条结论不同",
                    "the form's indicator cells are not certain: at {where} the rule's verdict differs between the "
                    "possible readings of the printed words"),
    "I159": Message("info", "{rule}：无论{where}印出的文字（{amounts}）如何分入各格，本条都不成立（可能的读法共 {n} 种，每一种都核对过）",
                    "{rule}: however the words printed at {where} ({amounts}) are cut into cells, this rule does not "
                    "hold ({n} possible readings, each checked)"),
    # --- the check daemon (engine/cli/daemon.py) -----------------------------------------------------------------
    "D01": Message("info", "校验守护进程已启动（pid {pid}，套接字 {path}，空闲 {idle:g} 秒后退出）",
                   "check daemon started (pid {pid}, socket {path}, ends after {idle:g} s idle)"),
    "D02": Message("info", "校验守护进程已在运行（pid {pid}）", "the check daemon is already running (pid {pid})"),
    "D03": Message("info", "没有正在运行的校验守护进程（{path}）", "no check daemon is running ({path})"),
    "D04": Message("info", "校验守护进程已停止（pid {pid}）", "check daemon stopped (pid {pid})"),
    "D05": Message("error", "校验守护进程未能启动（退出码 {code}）；可用 python -m engine.service.daemon 在前台运行查看原因",
                   "the check daemon did not start (exit code {code}); run python -m engine.service.daemon to see why"),
    "D06": Message("error", "校验守护进程在 {s} 秒内没有应答", "the check daemon did not answer within {s} s"),
    "D07": Message("info", "校验守护进程运行中：pid {pid}，版本 {version}，已校验 {served} 次，载入规则库 {loads} 次，"
                   "运行 {uptime:g} 秒，空闲 {idle:g} 秒后退出\n规则库：{rulebooks}",
                   "check daemon running: pid {pid}, version {version}, {served} checks, rulebook loaded {loads} "
                   "times, up {uptime:g} s, ends after {idle:g} s idle\nrulebooks: {rulebooks}"),
    # --- the review store's refusals (engine/review/: ReviewError and Refusal carry the code) ---------------------
    "R01": Message("error", "单位编码「{code}」已存在", "unit {code} exists"),
    "R02": Message("error", "角色「{role}」无效：应为 {roles} 之一", "unknown role {role}: use one of {roles}"),
    "R03": Message("error", "填报单位的令牌必须指定单位", "a department token needs a unit"),
    "R04": Message("error", "用户「{name}」已存在", "{name} exists"),
    "R05": Message("error", "无法从文件中读出年度：请在提交时指定年度（year）",
                   "the year could not be read from the document: give it explicitly"),
    "R06": Message("error", "该提交已被更新的提交取代：请对最新一次提交作说明",
                   "a newer submission of this unit and year exists"),
    "R07": Message("error", "本次提交的校验结果中没有问题「{fingerprint}」", "no finding {fingerprint} in this submission"),
    "R08": Message("error", "强制性问题（错误）不能以说明代替，须更正后重新提交",
                   "an error cannot be explained away: correct it and submit again"),
    "R09": Message("error", "该问题已有待审核或已通过的说明", "this finding already has a pending or accepted explanation"),
    "R10": Message("error", "没有可沿用的上年说明（须为上年同一问题已通过的说明）",
                   "no accepted explanation of last year for this finding"),
    "R11": Message("error", "审核意见应为 accepted（通过）或 rejected（退回）", "decision must be accepted or rejected"),
    "R12": Message("error", "退回说明时须写明理由", "a rejection needs a comment"),
    "R13": Message("error", "没有编号为 {id} 的说明", "no explanation {id}"),
    "R14": Message("error", "该提交已被更新的提交取代，不能审核通过", "superseded submission"),
    "R15": Message("error", "仍有 {errors} 条强制性问题未更正，不能审核通过", "{errors} errors are still open"),
    "R16": Message("error", "无权执行此操作", "not allowed"),
    "R17": Message("error", "只能查看和处理本单位的提交", "a department acts for its own unit only"),
    "R18": Message("error", "没有编号为 {id} 的提交", "no submission {id}"),
    "R19": Message("error", "没有编码为「{code}」的单位", "no unit {code}"),
    "R20": Message("error", "说明类别「{category}」无效：应为 {categories} 之一",
                   "unknown category {category}: use one of {categories}"),
    "R21": Message("error", "说明是套话（如“已核实”“已核实修正数据”“无”），没有说明原因：请写明差异的具体原因和涉及的金额或科目",
                   "the explanation is boilerplate; state the actual cause and the amounts or items concerned"),
    "R22": Message("error", "说明过短（少于 {n} 个字）：请写明差异的具体原因",
                   "the explanation is too short (under {n} characters)"),
    "R23": Message("error", "说明与该问题无关：既未提到所涉科目或项目，也没有金额或原因",
                   "the explanation mentions neither the finding's subject, nor a figure, nor a cause"),
    "R24": Message("error", "同一段说明已用于本单位本年度的另一条问题：每条问题须单独说明其原因",
                   "the same text already explains another finding of this unit and year"),
    "R40": Message("info", "「{words}」：{value} 元，按万元读时其中各项之和才等于所属的「{whole}」",
                   "「{words}」: {value} yuan; only read in 10k yuan do the parts add up to their whole 「{whole}」"),
    # --- 科目编码与名称 (engine/functions/codes.py; R30–R39 reserved) ----------------------------------------------
    "R30": Message("info", "{table} {code}「{label}」：本表已有 {code}「{first}」",
                   "{table} {code}「{label}」: the table already has {code}「{first}」"),
    "R31": Message("info", "「{name}」列在{listed}中，公开06 把它印在 {classes} 类下，属于{group}",
                   "「{name}」 is listed under {listed}, but table 06 prints it under class {classes}, part of {group}"),
    # --- names in doubt judged per finding (engine/functions/codes.py, engine/checking/check.py; I160–I164) -------
    "I160": Message("info", "涉及名称存疑的行的比较不可核（{codes}）", "comparisons with rows whose names are in doubt are not checkable ({codes})"),
    "I161": Message("info", "{words}：各表中没有与之相符的科目；名称存疑的 {codes} 无论印的是什么名称，都不能使它成立",
                    "{words}: no subject of the tables fits it; whatever the names in doubt ({codes}) are, none can make it fit"),
    "I162": Message("info", "{table} {code}：本表已印过这一编码（其中有名称存疑的行，名称不印出）",
                    "{table} {code}: this table already prints this code (a row's name is in doubt and not shown)"),
    # --- table layouts (engine/importers/status.py) ---------------------------------------------------------------
    "I170": Message("info", "有金额栏的单元格印的不是金额（如带符号或标记的数），未读入",
                    "some cells of amount columns print no amount (a number with a sign or mark), not read"),
    "I171": Message("info", "{table}：第{lines}行与表头的一行相同，却印着像金额的数，当作续页重复印出的表头略去，未读入",
                    "{table}: line(s) {lines} repeat a header line but print what may be amounts; dropped as the header "
                    "printed again where the table goes on, not read"),
    "I172": Message("info", "有与表头相同、却印着像金额的数的行当作续页重复的表头略去，未读入",
                    "lines repeating a header line but printing what may be amounts were dropped as a repeated header, "
                    "not read"),
    "I173": Message("info", "{table}：第{lines}行在类、款、项栏印的数字拼不成科目编码（或上方没有印出它所属的类、款），"
                    "这些行按没有科目编码读入",
                    "{table}: line(s) {lines} print digits under the code columns (「类」「款」「项」) that make no "
                    "subject code (or the class or item they belong to is printed on no row above); read as rows "
                    "without a code"),
    "I174": Message("info", "有行在类、款、项栏印的数字拼不成科目编码，按没有编码读入",
                    "some rows print digits under the code columns (「类」「款」「项」) that make no subject code; read "
                    "without a code"),
    # --- the national 自评表 template (engine/importers/form_national.py; I180–I184) ---------------------------------
    "I180": Message("info", "自评表「{project}」（全国模板）第{lines}行印出的格与表头各栏对不上（没有单元格界限、一格中有空格或空着的格无法确定），{what}各在哪一栏无法确定，未读出",
                    "form 「{project}」 (national template), lines {lines}: the printed cells do not line up with the "
                    "heading's columns (no cell boundaries, spaces inside a cell, or empty cells that cannot be told), "
                    "so which column holds {what} cannot be told; not read"),
    "I181": Message("info", "资金", "each amount of the funds"),
    "I182": Message("info", "指标", "each cell of the indicator rows"),
    "I183": Message("info", "年度总体目标", "the overall goal and what was achieved"),
}


# A 自评表 finding names the columns its form printed ({执行数栏} … in a rule's 提示: engine/checking/check.py
# form_words): the Shanxi template's, or the national template's (财预〔2020〕10号). The fund columns are taken from the
# form's printed labels where it has them (its unit left out); the indicator columns and the 执行率's 分值 from its
# template (the 分值 as printed when it is).
FORM_WORDS = {
    "shanxi": {"zh": {"执行数栏": "实际执行金额", "预算数栏": "实际到位金额", "完成值栏": "全年完成值",
                      "原因栏": "未完成原因和改进措施", "执行率分值": "10"},
               "en": {"执行数栏": "actual spending", "预算数栏": "funds received", "完成值栏": "the value achieved in the year",
                      "原因栏": "no reason and no improvement", "执行率分值": "10"}},
    "national": {"zh": {"执行数栏": "全年执行数", "预算数栏": "全年预算数", "完成值栏": "实际完成值",
                        "原因栏": "偏差原因分析及改进措施", "执行率分值": "10"},
                 "en": {"执行数栏": "spending in the year (全年执行数)", "预算数栏": "budget for the year (全年预算数)",
                        "完成值栏": "the value achieved (实际完成值)",
                        "原因栏": "no analysis of the deviation and no improvement (偏差原因分析及改进措施)",
                        "执行率分值": "10"}},
}


def text(code: str, lang: str = "zh", **params: object) -> str:
    """A code's message with its placeholders filled (run-time findings use this; diagnostics use make())."""
    msg = MESSAGES[code]
    template = msg.en if lang == "en" else msg.zh
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template
