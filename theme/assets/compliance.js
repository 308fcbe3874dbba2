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

  function limitCities() {
    var province = provinceBox.value;
    Array.prototype.forEach.call(cityBox.options, function (option) {
      var other = Boolean(province && option.value && option.getAttribute("data-province") !== province);
      option.hidden = other;
      option.disabled = other;
    });
    if (cityBox.selectedOptions.length && cityBox.selectedOptions[0].disabled) cityBox.value = "";
  }

  function showCount() {
    var shown = rows.filter(function (row) { return row.offsetParent !== null; }).length;
    count.textContent = shown ? "显示 " + shown + " / " + rows.length + " 家机构" : "没有符合条件的机构，请减少筛选条件。";
  }

  function readAddress() {
    var params = new URLSearchParams(window.location.search);
    boxes.forEach(function (box) {
      var value = params.get(box.name);
      if (value && Array.prototype.some.call(box.options, function (o) { return o.value === value; })) box.value = value;
    });
  }

  function writeAddress() {
    var params = new URLSearchParams();
    boxes.forEach(function (box) { if (box.value) params.set(box.name, box.value); });
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  }

  function update() {
    limitCities();
    showCount();
    writeAddress();
  }

  form.addEventListener("change", update);
  // A reset empties the boxes after the event: look again once it has.
  form.addEventListener("reset", function () { window.setTimeout(update, 0); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  count.hidden = false;
  readAddress();
  limitCities();
  showCount();
})();
