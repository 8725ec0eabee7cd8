// 规则编辑: highlighting, completion from the catalogue and the function registry, lint diagnostics as you type
// (/v1/lint), a trial run on a sample (/v1/eval), examples and impact preview before saving, save with If-Match
// (a 412 shows both versions side by side), and the change log with diffs.
"use strict";
(() => {
  const editor = document.querySelector(".editor");
  const ruleId = editor.dataset.rule;
  let version = editor.dataset.version;
  const area = document.getElementById("f-expr"), hl = document.getElementById("f-expr-hl");
  const list = document.getElementById("completions"), diagBox = document.getElementById("diagnostics");
  const tokenInput = document.getElementById("token");
  tokenInput.value = wb.token();
  tokenInput.addEventListener("change", () => wb.setToken(tokenInput.value.trim()));
  let names = { tables: [], functions: [], definitions: [] };
  let errors = [];  // [start, end) spans of the current diagnostics

  // ---- highlighting -------------------------------------------------------------------------------------
  const KEYWORDS = ["如果", "则", "否则", "每个", "属于", "或", "且", "非", "if", "then", "else", "forall", "in", "or", "and", "not"];
  const TOKEN = /(公开\d{2}(?:表)?)|(「[^」]*」|"[^"\n]*")|(\d+(?:\.\d+)?%?)|(==|!=|<=|>=|[<>+\-*/=])|([\p{L}_][\p{L}\p{N}_]*)|([\s\S])/gu;
  function classOf(m) {
    if (m[1]) return "tok-table";
    if (m[2]) return "tok-str";
    if (m[3]) return "tok-num";
    if (m[4]) return "tok-op";
    if (m[5]) {
      if (KEYWORDS.includes(m[5])) return "tok-kw";
      if (names.functions.some(f => f.name === m[5])) return "tok-fn";
    }
    return "";
  }
  function paint() {
    const text = area.value;
    let html = "";
    for (const m of text.matchAll(TOKEN)) {
      const start = m.index, end = start + m[0].length;
      const cls = classOf(m);
      html += openErr(start) + (cls ? `<span class="${cls}">${wb.esc(m[0])}</span>` : wb.esc(m[0])) + closeErr(end);
    }
    hl.innerHTML = html + "\n";
    hl.scrollTop = area.scrollTop;
  }
  // an error span is outlined at token boundaries: opened before the first token inside it, closed after the last
  function openErr(pos) { return errors.some(([s]) => s === pos) ? '<mark class="err">' : ""; }
  function closeErr(pos) { return errors.some(([, e]) => e === pos) ? "</mark>" : ""; }

  // ---- diagnostics as you type --------------------------------------------------------------------------
  let lintTimer = null, lintSeq = 0;
  function width(ch) { return /[\u2e80-\uffff]/.test(ch) ? 2 : 1; }
  // the error's line (a window of it around the error, so it never wraps) and carets under the error
  const AROUND = 24;
  function caretLine(text, start, end) {
    const lineStart = text.lastIndexOf("\n", start - 1) + 1;
    const lineEnd = text.indexOf("\n", start) < 0 ? text.length : text.indexOf("\n", start);
    const from = Math.max(lineStart, start - AROUND), to = Math.min(lineEnd, Math.max(end, start + 1) + AROUND);
    const head = from > lineStart ? "..." : "";
    let pad = " ".repeat(head.length), marks = "";
    for (const ch of text.slice(from, start)) pad += " ".repeat(width(ch));
    for (const ch of text.slice(start, Math.max(end, start + 1))) marks += "^".repeat(width(ch));
    const shown = head + text.slice(from, to) + (to < lineEnd ? "..." : "");
    return `${wb.esc(shown)}\n<span class="caret-line">${pad}${marks}</span>`;
  }
  async function lint() {
    const seq = ++lintSeq, text = area.value;
    if (!text.trim()) return;
    const result = await wb.call("POST", "/v1/lint", { expression: text });
    if (seq !== lintSeq) return;  // a newer keystroke already asked
    if (!result.ok) { diagBox.innerHTML = `<div class="error-box">${wb.esc(wb.errorText(result))}</div>`; return; }
    const diags = result.data.diagnostics || [];
    errors = diags.filter(d => d.span && d.span.length === 2).map(d => adjust(text, d.span));
    diagBox.innerHTML = diags.length ? diags.map(d => {
      const [s, e] = d.span && d.span.length === 2 ? d.span : [0, 0];
      return `<div class="diag" data-code="${wb.esc(d.code)}" data-start="${s}" data-end="${e}">
        <pre class="caret">${caretLine(text, s, e)}</pre>
        <strong>${wb.esc(d.code)}</strong> ${wb.esc(d.message_zh)}${d.hint_zh ? `<span class="meta">（${wb.esc(d.hint_zh)}）</span>` : ""}</div>`;
    }).join("") : `<div class="ok-box" data-ok="1">表达式正确 · 规范写法：<code>${wb.esc(result.data.canonical || "")}</code></div>`;
    paint();
  }
  // snap a diagnostic's span to the token boundaries the highlighter uses
  function adjust(text, [s, e]) {
    let start = s, end = e;
    for (const m of text.matchAll(TOKEN)) {
      const a = m.index, b = a + m[0].length;
      if (a <= s && s < b) start = a;
      if (a < e && e <= b) end = b;
    }
    return [start, Math.max(end, start + 1)];
  }
  area.addEventListener("input", () => {
    errors = [];
    paint();
    clearTimeout(lintTimer);
    lintTimer = setTimeout(lint, 250);
    maybeComplete(false);
  });
  area.addEventListener("scroll", () => { hl.scrollTop = area.scrollTop; });

  // ---- completion -----------------------------------------------------------------------------------------
  let choices = [], chosen = 0, replaceFrom = 0;
  function wordBefore() {
    const upto = area.value.slice(0, area.selectionStart);
    const m = upto.match(/(公开\d{2})\.([^\s.()\[\],+\-*/<>=!]*)$/u);
    if (m) return { table: m[1], prefix: m[2], from: area.selectionStart - m[2].length };
    const w = upto.match(/[^\s.()\[\],+\-*/<>=!]*$/u)[0];
    return { table: null, prefix: w, from: area.selectionStart - w.length };
  }
  function candidates(word) {
    if (word.table) {
      const t = names.tables.find(x => x.id === word.table);
      if (!t) return [];
      return [...t.rows.map(r => ({ text: r, hint: "行" })), ...t.columns.map(c => ({ text: c, hint: "列" }))]
        .filter(c => c.text.includes(word.prefix));
    }
    if (!word.prefix) return [];
    const all = [...names.tables.map(t => ({ text: t.id, hint: t.title })),
                 ...names.definitions.map(d => ({ text: d, hint: "定义" })),
                 ...names.functions.map(f => ({ text: f.name, hint: f.hint, call: true }))];
    return all.filter(c => c.text.startsWith(word.prefix) || (word.prefix.length > 1 && c.text.includes(word.prefix)));
  }
  function maybeComplete(forced) {
    const word = wordBefore();
    const found = candidates(word);
    if (!found.length || (!forced && !word.table && word.prefix.length < 1)) { closeList(); return; }
    choices = found.slice(0, 40);
    chosen = 0;
    replaceFrom = word.from;
    list.innerHTML = choices.map((c, i) => `<li role="option" id="opt-${i}" aria-selected="${i === 0}" data-i="${i}">${wb.esc(c.text)}<span class="hint">${wb.esc(c.hint)}</span></li>`).join("");
    list.hidden = false;
    area.setAttribute("aria-activedescendant", "opt-0");
  }
  function closeList() { list.hidden = true; choices = []; area.removeAttribute("aria-activedescendant"); }
  function accept(i) {
    const c = choices[i];
    if (!c) return;
    const before = area.value.slice(0, replaceFrom), after = area.value.slice(area.selectionStart);
    const insert = c.text + (c.call ? "(" : "");
    area.value = before + insert + after;
    area.selectionStart = area.selectionEnd = before.length + insert.length;
    closeList();
    area.dispatchEvent(new Event("input"));
    closeList();
  }
  function move(delta) {
    chosen = (chosen + delta + choices.length) % choices.length;
    [...list.children].forEach((li, i) => li.setAttribute("aria-selected", String(i === chosen)));
    list.children[chosen].scrollIntoView({ block: "nearest" });
    area.setAttribute("aria-activedescendant", `opt-${chosen}`);
  }
  area.addEventListener("keydown", (e) => {
    if (e.key === " " && e.ctrlKey) { e.preventDefault(); maybeComplete(true); return; }
    if (list.hidden) return;
    if (e.key === "ArrowDown") { e.preventDefault(); move(1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); move(-1); }
    else if (e.key === "Enter" || e.key === "Tab") { e.preventDefault(); accept(chosen); }
    else if (e.key === "Escape") { e.preventDefault(); closeList(); }
  });
  list.addEventListener("mousedown", (e) => {
    const li = e.target.closest("li");
    if (li) { e.preventDefault(); accept(Number(li.dataset.i)); }
  });

  // ---- trial run, examples, impact, save ------------------------------------------------------------------
  function fields() {
    return { name: document.getElementById("f-name").value.trim(), expr: area.value.trim(),
             message: document.getElementById("f-message").value.trim() || undefined };
  }
  async function current() {
    const r = await wb.call("GET", `/v1/rules/${encodeURIComponent(ruleId)}`);
    return r.ok ? r : null;
  }
  function ruleBody(rule) {
    const body = {};
    for (const k of ["name", "severity", "category", "expr", "when", "message", "basis", "tolerance", "examples"]) {
      if (rule[k] !== null && rule[k] !== undefined && !(Array.isArray(rule[k]) && !rule[k].length)) body[k] = rule[k];
    }
    return body;
  }
  async function edited() {
    const now = await current();
    const base = now ? ruleBody(now.data) : {};
    const f = fields();
    return Object.assign(base, { name: f.name || base.name, expr: f.expr, message: f.message ?? base.message });
  }
  document.getElementById("try").addEventListener("click", async () => {
    const sample = document.getElementById("sample").value;
    wb.status(`正在 ${wb.esc(sample)} 上试算…`, "ok");
    const doc = await wb.call("GET", `/web/samples/${encodeURIComponent(sample)}`);
    if (!doc.ok) { wb.status(wb.esc(wb.errorText(doc)), "error"); return; }
    const result = await wb.call("POST", "/v1/eval", { expression: area.value.trim(), disclosure: doc.data, trace: true });
    const box = document.getElementById("trial-body");
    document.getElementById("trial").hidden = false;
    if (!result.ok) { box.innerHTML = `<div class="error-box">${wb.esc(wb.errorText(result))}</div>`; wb.status(""); return; }
    const r = result.data;
    const value = typeof r.value === "object" && r.value !== null ? JSON.stringify(r.value) : String(r.value);
    box.innerHTML = `<p>样本 ${wb.esc(sample)}：结果 <strong id="trial-value">${wb.esc(value)}</strong>（${wb.esc(r.status)}）${r.message ? "：" + wb.esc(r.message) : ""}</p>
      <table class="trace"><caption class="sr-only">每一步运算</caption><thead><tr><th scope="col">步骤</th><th scope="col">值</th></tr></thead><tbody>
      ${(r.steps || []).slice(0, 60).map(s => `<tr><td><code>${wb.esc(s.text)}</code></td><td>${wb.esc(typeof s.value === "object" ? JSON.stringify(s.value) : s.value)}</td></tr>`).join("")}</tbody></table>`;
    wb.status("");
  });
  document.getElementById("preview").addEventListener("click", async () => {
    wb.status("正在运行示例并计算影响…", "ok");
    const body = await edited();
    const [examples, impact] = await Promise.all([
      wb.call("POST", "/v1/lint", { rule: Object.assign({ id: ruleId }, body) }),
      wb.call("POST", `/web/rules/${encodeURIComponent(ruleId)}/impact`, body)]);
    const ex = document.getElementById("ex-body");
    document.getElementById("examples-result").hidden = false;
    if (examples.ok) {
      const d = examples.data;
      ex.innerHTML = `<p class="${d.ok ? "ok" : "error"}-box" id="examples-verdict">${d.ok ? "示例全部通过，可以保存" : "不能保存：示例或规则有错误"}</p>
        <ul>${(d.examples || []).map(e => `<li>${e.ok ? "✔" : "✘"} ${wb.esc(e.case)}：期望 ${wb.esc(e.expected)}，实际 ${wb.esc(e.actual)}</li>`).join("")}
        ${(d.diagnostics || []).map(x => `<li class="error-box">${wb.esc(x.code)} ${wb.esc(x.message_zh)}</li>`).join("")}</ul>`;
    } else ex.innerHTML = `<div class="error-box">${wb.esc(wb.errorText(examples))}</div>`;
    const box = document.getElementById("impact-body");
    document.getElementById("impact").hidden = false;
    if (!impact.ok) { box.innerHTML = `<div class="error-box">${wb.esc(wb.errorText(impact))}</div>`; wb.status(""); return; }
    const rows = impact.data.documents || [];
    box.innerHTML = impact.data.ok === false ? `<div class="error-box">表达式无法编译</div>` :
      `<p id="impact-summary">${impact.data.changed} 份文件的发现会变化（共 ${rows.length} 份）</p>
      <table><caption class="sr-only">影响预览</caption><thead><tr><th scope="col">文件</th><th scope="col">现在</th><th scope="col">修改后</th><th scope="col">新增的发现</th><th scope="col">消失的发现</th></tr></thead><tbody>
      ${rows.map(r => r.status === "不可核" ? `<tr><td>${wb.esc(r.document)}</td><td colspan="4">不可核：${wb.esc(r.reason)}</td></tr>` :
        `<tr class="${r.status === "变化" ? "changed" : ""}"><td>${wb.esc(r.document)}</td><td>${r.before}</td><td>${r.after}</td>
        <td>${r.gained.map(wb.esc).join("<br>")}</td><td>${r.lost.map(wb.esc).join("<br>")}</td></tr>`).join("")}</tbody></table>`;
    wb.status("");
  });
  let pending = null;  // my version while a conflict is shown
  // 保存 sends what the form holds now (a merge made by hand after a conflict included); only 覆盖 sends the version
  // the conflict was shown for, over the other person's
  async function save(ifMatch, mine) {
    if (!tokenInput.value.trim()) { wb.status("保存需要编辑令牌", "error"); tokenInput.focus(); return; }
    wb.setToken(tokenInput.value.trim());
    const body = mine || await edited();
    const result = await wb.call("PUT", `/v1/rules/${encodeURIComponent(ruleId)}`, body, { "If-Match": ifMatch });
    if (result.status === 412) {
      pending = body;
      const theirs = await current();
      const left = theirs ? describe(theirs.data) : "（无法读取）", right = describe(body);
      document.getElementById("theirs").innerHTML = marked(left, right);
      document.getElementById("mine").innerHTML = marked(right, left);
      loadChanges();  // the other person's change, with its author and diff
      document.getElementById("conflict").hidden = false;
      if (theirs) version = theirs.headers.get("etag");
      wb.status("保存冲突：他人在你编辑期间修改了此规则，请对照两个版本", "error");
      return;
    }
    if (!result.ok) { wb.status(wb.esc(wb.errorText(result)), "error"); return; }
    pending = null;
    version = result.headers.get("etag") || result.data.version;
    document.getElementById("version").textContent = version;
    document.getElementById("current-expr").textContent = result.data.expr;
    document.getElementById("conflict").hidden = true;
    wb.status(`已保存（版本 ${wb.esc(version)}）`, "ok");
    loadChanges();
  }
  // the lines of one version that the other does not have, marked
  function marked(text, other) {
    const theirs = new Set(other.split("\n"));
    return text.split("\n").map(l => theirs.has(l) ? wb.esc(l) : `<mark>${wb.esc(l)}</mark>`).join("\n");
  }
  function describe(rule) {
    return ["name", "expr", "when", "message", "tolerance"].filter(k => rule[k]).map(k => `${{name: "名称", expr: "规则", when: "适用", message: "提示", tolerance: "容差"}[k]}：${rule[k]}`).join("\n");
  }
  document.getElementById("save").addEventListener("click", () => save(version, null));
  document.getElementById("overwrite").addEventListener("click", () => save(version, pending));
  document.getElementById("take-theirs").addEventListener("click", async () => {
    const theirs = await current();
    if (!theirs) return;
    pending = null;
    version = theirs.headers.get("etag");
    area.value = theirs.data.expr;
    document.getElementById("f-name").value = theirs.data.name;
    document.getElementById("conflict").hidden = true;
    area.dispatchEvent(new Event("input"));
  });

  async function loadChanges() {
    const result = await wb.call("GET", `/web/changes?rule=${encodeURIComponent(ruleId)}`);
    const box = document.getElementById("changes");
    if (!result.ok) { box.textContent = wb.errorText(result); return; }
    box.innerHTML = result.data.length ? result.data.map(c => `<details class="change"><summary>${wb.esc(c.when)} · ${wb.esc(c.who)} · ${wb.esc(c.action)}</summary>
      <pre>${c.diff.split("\n").map(l => `<span class="${l.startsWith("+") ? "diff-add" : l.startsWith("-") ? "diff-del" : ""}">${wb.esc(l)}</span>`).join("\n")}</pre></details>`).join("")
      : "尚无修改记录";
  }

  wb.call("GET", "/web/names").then(r => { if (r.ok) names = r.data; paint(); });
  paint();
  loadChanges();
})();
