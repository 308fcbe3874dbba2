// Compliance dashboard (#portal-dashboard). The filters work without this script: CSS rules generated
// with the page hide the rows that do not match the chosen options. The script only adds what CSS
// cannot: the count of shown rows, the choice kept in the address (?province=44&result=fail) so a
// filtered view can be shared, and only the chosen province's cities in the city box.
(function () {
  "use strict";
  var root = document.getElementById("portal-dashboard");
  var form = document.getElementById("portal-dashboard-filters");
  if (!root || !form) return;
  var count = document.getElementById("portal-dashboard-count");
  var rows = Array.prototype.slice.call(root.querySelectorAll("tbody tr"));
  var boxes = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
  var provinceBox = form.querySelector('select[data-filter="province"]');
  var cityBox = form.querySelector('select[data-filter="city"]');

  var facets = window.PortalFacets;

  // A province page has no province box: its city box holds only that province's cities.
  function limitCities() { if (provinceBox && cityBox) facets.limitCities(provinceBox, cityBox); }

  function showCount() {
    var shown = rows.filter(function (row) { return row.offsetParent !== null; }).length;
    count.textContent = shown ? "显示 " + shown + " / " + rows.length + " 家机构" : "没有符合条件的机构，请减少筛选条件。";
  }

  function update() {
    limitCities();
    showCount();
    facets.writeAddress(boxes);
  }

  form.addEventListener("change", update);
  // A reset empties the boxes after the event: look again once it has.
  form.addEventListener("reset", function () { window.setTimeout(update, 0); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  count.hidden = false;
  facets.readAddress(boxes);
  limitCities();
  showCount();
})();
