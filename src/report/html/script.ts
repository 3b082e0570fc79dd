// The report's only script (inline, allowed by its hash in the page's Content-Security-Policy):
// sortable tables, "expand all", and every city section opened before printing.
export const SCRIPT = `(function () {
  'use strict';
  function cellValue(td) {
    var v = td.getAttribute('data-v');
    if (v !== null) return v === '' ? null : Number(v);
    return td.textContent.trim().toLowerCase();
  }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    var heads = table.querySelectorAll('thead th');
    heads.forEach(function (th, col) {
      var btn = th.querySelector('button.sort');
      if (!btn) return;
      btn.addEventListener('click', function () {
        var dir = th.getAttribute('aria-sort') === 'descending' ? 'ascending' : 'descending';
        heads.forEach(function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', dir);
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a.cells[col]);
          var y = cellValue(b.cells[col]);
          if (x === null && y === null) return 0;
          if (x === null) return 1;
          if (y === null) return -1;
          var c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
          return dir === 'ascending' ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
  var expand = document.getElementById('expand-all');
  if (expand) expand.addEventListener('click', function () {
    document.querySelectorAll('section.city details').forEach(function (d) { d.open = true; });
  });
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details').forEach(function (d) { d.open = true; });
  });
})();`;
