// Shared by the workbench pages: calls to the service with the page's token, errors shown in Chinese.
"use strict";
const wb = {
  token() { return sessionStorage.getItem("rulebook-token") || ""; },
  setToken(value) {
    sessionStorage.setItem("rulebook-token", value);
    // a page the browser opens (规则) cannot carry the header: the same token as a session cookie, strict same-site
    document.cookie = `rulebook-token=${encodeURIComponent(value)}; path=/; SameSite=Strict`;
  },
  headers(extra) {
    const h = Object.assign({}, extra || {});
    if (wb.token()) h["Authorization"] = "Bearer " + wb.token();
    return h;
  },
  async call(method, url, body, extraHeaders) {
    const init = { method, headers: wb.headers(extraHeaders) };
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) { init.body = JSON.stringify(body); init.headers["Content-Type"] = "application/json"; }
    const response = await fetch(url, init);
    const type = response.headers.get("content-type") || "";
    const data = type.includes("json") ? await response.json() : await response.text();
    return { ok: response.ok, status: response.status, data, headers: response.headers };
  },
  // the service's error body: {"error": {"message": 中文, ...}}
  errorText(result) {
    const e = result.data && result.data.error;
    return e ? `${e.message}（${result.status}）` : `请求失败（${result.status}）`;
  },
  esc(text) {
    return String(text ?? "").replace(/[&<>"']/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
  },
  status(html, kind) {
    const el = document.getElementById("status");
    if (el) el.innerHTML = html ? `<div class="${kind || "ok"}-box">${html}</div>` : "";
  },
};
