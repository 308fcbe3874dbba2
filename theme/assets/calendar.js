// Evaluation calendar (#portal-calendar): filters a province page's batches by occupation and level.
// Without JavaScript the page shows every batch and the (useless) filter form stays hidden (portal.css).
(function () {
  "use strict";
  var root = document.getElementById("portal-calendar");
  var form = document.getElementById("portal-cal-filters");
  if (!root || !form) return; // the national index has no batches, only the provinces
  var count = document.getElementById("portal-cal-count");
  var empty = document.getElementById("portal-cal-empty");
  var feed = document.getElementById("portal-cal-occupation-feed");
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
  var items = Array.prototype.slice.call(root.querySelectorAll(".portal-cal-item"));
  var months = Array.prototype.slice.call(root.querySelectorAll(".portal-cal-month"));

  function wanted() {
    var filters = {};
    selects.forEach(function (s) { if (s.value) filters[s.getAttribute("data-filter")] = s.value; });
    return filters;
  }

  function matches(item, filters) {
    return Object.keys(filters).every(function (key) { return item.getAttribute("data-" + key) === filters[key]; });
  }

  function showOccupationFeed(code) {
    var link = code && root.querySelector('a[data-occupation-feed="' + code + '"]');
    feed.hidden = !link;
    if (link) {
      var option = form.querySelector('select[data-filter="occupation"] option:checked');
      feed.firstElementChild.href = link.href;
      feed.firstElementChild.textContent = "订阅“" + option.textContent.replace(/（.*）$/, "") + "”的评价计划（.ics）";
    }
  }

  function remember(filters) {
    var params = new URLSearchParams(filters);
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  function apply() {
    var filters = wanted();
    var shown = 0;
    items.forEach(function (item) {
      item.hidden = !matches(item, filters);
      if (!item.hidden) shown += 1;
    });
    months.forEach(function (month) {
      month.hidden = !month.querySelector(".portal-cal-item:not([hidden])");
    });
    var filtered = Object.keys(filters).length > 0;
    count.textContent = filtered ? "符合条件的批次 " + shown + " 个（共 " + items.length + " 个）" : "共 " + items.length + " 个批次";
    if (empty) empty.hidden = shown > 0;
    showOccupationFeed(filters.occupation);
    remember(filters);
  }

  function restore() {
    var params = new URLSearchParams(location.search);
    selects.forEach(function (s) {
      var value = params.get(s.name);
      if (value && s.querySelector('option[value="' + CSS.escape(value) + '"]')) s.value = value;
    });
  }

  selects.forEach(function (s) { s.addEventListener("change", apply); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  restore();
  if (location.search) apply();
})();
