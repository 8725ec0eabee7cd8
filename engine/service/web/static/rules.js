// 规则: filters the server-rendered rule list by id, name, category and table.
"use strict";
(() => {
  const q = document.getElementById("q"), cat = document.getElementById("cat"), tab = document.getElementById("tab");
  const rows = [...document.querySelectorAll("#rules tbody tr")];
  function apply() {
    const words = q.value.trim().toLowerCase();
    let shown = 0;
    for (const row of rows) {
      const d = row.dataset;
      const hay = `${d.id} ${d.name} ${d.category} ${d.tables}`.toLowerCase();
      const ok = (!words || hay.includes(words)) && (!cat.value || d.category === cat.value)
        && (!tab.value || d.tables.split(" ").includes(tab.value));
      row.hidden = !ok;
      if (ok) shown++;
    }
    document.getElementById("count").textContent = `显示 ${shown} / ${rows.length} 条`;
  }
  for (const el of [q, cat, tab]) el.addEventListener("input", apply);
  apply();
})();
