// 校验: the chosen file goes to /web/check; the result (import status, findings by severity) replaces #result.
"use strict";
document.getElementById("check-form").addEventListener("submit", async (event) => {
  if (event.submitter && event.submitter.id !== "check-button") return;  // the report buttons post the form itself
  event.preventDefault();
  const file = document.getElementById("file").files[0];
  if (!file) return;
  const button = document.getElementById("check-button");
  button.disabled = true;
  wb.status(`正在导入并校验「${wb.esc(file.name)}」…`, "ok");
  const form = new FormData();
  form.append("file", file);
  try {
    const result = await wb.call("POST", "/web/check", form);
    if (!result.ok) { wb.status(wb.esc(wb.errorText(result)), "error"); return; }
    wb.status(`已校验「${wb.esc(file.name)}」`, "ok");
    const target = document.getElementById("result");
    target.innerHTML = result.data;
    const first = target.querySelector("details.finding");
    if (first) first.open = true;  // the first finding opens with its page
    target.querySelector("h2")?.focus?.();
  } finally {
    button.disabled = false;
  }
});
