// Instant filtering and sorting of the institution directory (#portal-directory). Without JavaScript the
// complete table and the province jump links stay as they are; with it, the select boxes appear (shown by
// portal.css from the first paint: .portal-js-only / .portal-nojs-only).
(function () {
  "use strict";
  var table = document.getElementById("portal-directory");
  var form = document.getElementById("portal-directory-filters");
  if (!table || !form) return;
  var count = document.getElementById("portal-directory-count");
  var empty = document.getElementById("portal-directory-empty");
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var filters = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
  var sortBox = form.querySelector("select[data-sort]");
  var provinceBox = form.querySelector('select[data-filter="province"]');
  var cityBox = form.querySelector('select[data-filter="city"]');
  var collator = new Intl.Collator("zh-CN");

  function rowName(row) {
    return row.cells[0].textContent.trim();
  }

  var facetKeys = ["province", "city", "kind", "occupations", "levels", "offers", "status"];
  var rowTokens = rows.map(function (row) {
    var tokens = {};
    facetKeys.forEach(function (key) { tokens[key] = row.getAttribute("data-" + key) || ""; });
    return tokens;
  });

  function selection() {
    var chosen = {};
    filters.forEach(function (box) { chosen[box.name] = box.value; });
    return chosen;
  }

  function showMatching() {
    var chosen = selection();
    var shown = 0;
    rows.forEach(function (row, index) {
      row.hidden = !window.PortalFacets.matches(rowTokens[index], chosen);
      if (!row.hidden) shown += 1;
    });
    count.textContent = "显示 " + shown + " / " + rows.length + " 家";
    empty.hidden = shown !== 0;
  }

  function limitCities() { window.PortalFacets.limitCities(provinceBox, cityBox); }

  function sortRows() {
    var ordered = rows.slice();
    if (sortBox.value === "name") {
      ordered.sort(function (a, b) { return collator.compare(rowName(a), rowName(b)); });
    }
    ordered.forEach(function (row) { body.appendChild(row); });
  }

  function update() {
    limitCities();
    sortRows();
    showMatching();
    window.PortalFacets.writeAddress(filters.concat([sortBox]));
  }

  form.addEventListener("change", update);
  form.addEventListener("reset", function (event) {
    event.preventDefault();
    filters.concat([sortBox]).forEach(function (box) { box.value = ""; });
    update();
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  window.PortalFacets.readAddress(filters.concat([sortBox]));
  limitCities();
  sortRows();
  showMatching();
})();
