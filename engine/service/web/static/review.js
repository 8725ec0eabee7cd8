// 审核: with a department's token, submit a disclosure and write 审核说明 for warnings; with a validator's token,
// accept or reject them; each submission's history (the review store's /v1/review API).
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  let categories = [];
  $("token").value = wb.token();
  $("token-form").addEventListener("submit", (e) => { e.preventDefault(); wb.setToken($("token").value.trim()); start(); });

  async function start() {
    if (!wb.token()) return;
    for (const id of ["submission", "history"]) $(id).hidden = true;  // another token: what the last one saw goes
    $("sub-body").innerHTML = $("hist-body").innerHTML = "";
    const subs = await wb.call("GET", "/v1/review/submissions");
    if (!subs.ok) { wb.status(wb.esc(wb.errorText(subs)), "error"); return; }
    wb.status("");
    const cats = await wb.call("GET", "/v1/review/categories");
    categories = cats.ok ? cats.data : [];
    $("submit-form").hidden = false;
    showList(subs.data);
  }
  function showList(rows) {
    $("submissions").hidden = false;
    $("sub-list").innerHTML = rows.length ? `<table><caption class="sr-only">提交列表</caption><thead><tr><th scope="col">编号</th><th scope="col">单位</th><th scope="col">年度</th><th scope="col">文件</th><th scope="col">提交人</th><th scope="col">时间</th></tr></thead><tbody>
      ${rows.map(s => `<tr><td><a href="#" data-open="${s.id}">#${s.id}</a></td><td>${wb.esc(s.unit_name || s.unit)}</td><td>${wb.esc(s.year)}</td><td>${wb.esc(s.file_name || "")}</td><td>${wb.esc(s.created_by || "")}</td><td>${wb.esc(s.created_at || "")}</td></tr>`).join("")}</tbody></table>`
      : "尚无提交";
  }
  $("sub-list").addEventListener("click", (e) => {
    const a = e.target.closest("[data-open]");
    if (a) { e.preventDefault(); open(Number(a.dataset.open)); }
  });
  $("submit-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const file = $("sub-file").files[0];
    if (!file) return;
    wb.status(`正在提交并校验「${wb.esc(file.name)}」…`, "ok");
    const form = new FormData();
    form.append("file", file);
    const r = await wb.call("POST", `/v1/review/submissions?unit=${encodeURIComponent($("unit").value.trim())}`, form);
    if (!r.ok) { wb.status(wb.esc(wb.errorText(r)), "error"); return; }
    wb.status(`已提交：#${r.data.submission.id}`, "ok");
    await start();
    show(r.data);
    history(r.data.submission.id);
  });

  async function open(id) {
    const r = await wb.call("GET", `/v1/review/submissions/${id}`);
    if (!r.ok) { wb.status(wb.esc(wb.errorText(r)), "error"); return; }
    show(r.data);
    history(id);
  }
  function show(view) {
    const s = view.submission;
    $("submission").hidden = false;
    $("sub-h").textContent = `提交 #${s.id} · ${s.unit_name || s.unit || ""} ${s.year} 年 · 待处理 ${view.open} 条${view.approved ? " · 已审核通过" : ""}`;
    const c = view.counts || {};
    $("sub-body").dataset.counts = JSON.stringify(c);
    const order = { pending: 0, accepted: 1, rejected: 2, to_explain: 3, must_correct: 4, info: 5 };
    const sorted = [...view.findings].sort((a, b) => (order[a.state] ?? 9) - (order[b.state] ?? 9));
    $("sub-body").innerHTML = `<p class="meta">须更正 ${c.must_correct || 0} · 待说明 ${c.to_explain || 0} · 待审核 ${c.pending || 0} · 已说明 ${c.accepted || 0} · 说明被退回 ${c.rejected || 0} · 提示 ${c.info || 0}（展开一条问题以写说明或审核）</p>`
      + (sorted.map(f => finding(s.id, f)).join("") || "<p>未发现问题。</p>");
  }
  function finding(sid, f) {
    const e = f.explanation;
    let action = "";
    if (f.state === "to_explain" || f.state === "rejected") {
      action = `<form class="explain-form" data-sid="${sid}" data-fp="${wb.esc(f.fingerprint)}">
        <p><label for="cat-${f.fingerprint}">说明类别</label> <select id="cat-${f.fingerprint}" name="category">${categories.map(c => `<option>${wb.esc(c)}</option>`).join("")}</select></p>
        <p><label for="txt-${f.fingerprint}">审核说明</label><br><textarea id="txt-${f.fingerprint}" name="text" rows="3" cols="80" required></textarea></p>
        <p><button type="submit">提交说明</button></p></form>`;
    }
    if (f.state === "pending" && e) {
      action = `<form class="decide-form" data-eid="${e.id}"><p><label for="cm-${e.id}">审核意见（退回时必填）</label><br>
        <textarea id="cm-${e.id}" name="comment" rows="2" cols="80"></textarea></p>
        <p><button type="submit" value="accepted">通过说明</button> <button type="submit" value="rejected" class="secondary">退回说明</button></p></form>`;
    }
    return `<details class="finding ${wb.esc(f.severity)}" data-fp="${wb.esc(f.fingerprint)}" ${f.state === "pending" ? "open" : ""}>
      <summary><span class="rule-id">${wb.esc(f.rule)}</span> ${wb.esc(f.name)} · <span class="state state-${wb.esc(f.state)}">${wb.esc(f.state_text)}</span></summary>
      <div style="padding: 6px 12px"><p>${wb.esc(f.message)}</p>
      ${e ? `<p class="meta">说明（${wb.esc(e.by)}，${wb.esc(e.at)}）：［${wb.esc(e.category || "")}］${wb.esc(e.text || "")}${e.decision ? ` · ${e.decision.decision === "accepted" ? "已通过" : "已退回"}（${wb.esc(e.decision.by)}）${wb.esc(e.decision.comment || "")}` : ""}</p>` : ""}
      ${action}</div></details>`;
  }
  $("sub-body").addEventListener("submit", async (e) => {
    e.preventDefault();
    const form = e.target;
    let r;
    if (form.classList.contains("explain-form")) {
      r = await wb.call("POST", `/v1/review/submissions/${form.dataset.sid}/explanations`,
        { fingerprint: form.dataset.fp, category: form.category.value, text: form.text.value.trim() });
    } else {
      r = await wb.call("POST", `/v1/review/explanations/${form.dataset.eid}/decision`,
        { decision: e.submitter.value, comment: form.comment.value.trim() });
    }
    if (!r.ok) { wb.status(wb.esc(wb.errorText(r)), "error"); return; }
    wb.status(form.classList.contains("explain-form") ? "说明已提交，待审核人审核" : (e.submitter.value === "accepted" ? "已通过说明" : "已退回说明"), "ok");
    const sid = form.dataset.sid || $("sub-h").textContent.match(/#(\d+)/)[1];
    open(Number(sid));
  });
  async function history(id) {
    const r = await wb.call("GET", `/v1/review/submissions/${id}/history`);
    $("history").hidden = false;
    $("hist-body").innerHTML = r.ok ? `<table><caption class="sr-only">审核记录</caption><thead><tr><th scope="col">时间</th><th scope="col">人员</th><th scope="col">事项</th><th scope="col">内容</th></tr></thead><tbody>
      ${r.data.map(h => `<tr><td>${wb.esc(h.at)}</td><td>${wb.esc(h.by)}</td><td>${wb.esc(h.event)}</td><td>${wb.esc(typeof h.detail === "object" ? JSON.stringify(h.detail) : h.detail)}</td></tr>`).join("")}</tbody></table>`
      : wb.esc(wb.errorText(r));
  }
  start();
})();
