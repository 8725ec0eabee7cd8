// 校验: the chosen file goes to /web/check; the result (import status, findings by severity) replaces #result.
// The report buttons fetch /v1/report with the page's token (a plain form post cannot send one) and open or save it.
"use strict";
const tokenInput = document.getElementById("token");
tokenInput.value = wb.token();
tokenInput.addEventListener("change", () => wb.setToken(tokenInput.value.trim()));

async function report(file, url) {
  const form = new FormData();
  form.append("file", file);
  wb.status(`正在生成「${wb.esc(file.name)}」的报告…`, "ok");
  let response;
  try {
    response = await fetch(url, { method: "POST", headers: wb.headers(), body: form });
  } catch (error) {
    wb.status(`无法连接服务：${wb.esc(error.message)}`, "error");
    return;
  }
  if (!response.ok) {
    const type = response.headers.get("content-type") || "";
    const data = type.includes("json") ? await response.json() : null;
    wb.status(wb.esc(wb.errorText({ data, status: response.status })), "error");
    return;
  }
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  if (url.includes("xlsx")) link.download = file.name.replace(/\.[^.]*$/, "") + "-校验报告.xlsx";
  else link.target = "_blank";
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60000);  // a report can be megabytes: freed once opened
  wb.status(`已生成「${wb.esc(file.name)}」的报告`, "ok");
}

document.getElementById("check-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  wb.setToken(tokenInput.value.trim());
  const file = document.getElementById("file").files[0];
  if (!file) return;
  if (event.submitter && event.submitter.id !== "check-button") {
    await report(file, event.submitter.getAttribute("formaction"));
    return;
  }
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
    const heading = target.querySelector("h2");
    if (heading) { heading.tabIndex = -1; heading.focus(); }  // keyboard and screen-reader users land on the result
  } finally {
    button.disabled = false;
  }
});
