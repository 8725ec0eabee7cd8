// 需要校验令牌: the token typed here is kept for the session (workbench.js) and the page is opened again with it.
"use strict";
document.getElementById("token-form").addEventListener("submit", (event) => {
  event.preventDefault();
  wb.setToken(document.getElementById("token").value.trim());
  location.reload();
});
