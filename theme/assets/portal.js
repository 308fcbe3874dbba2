// Search boxes (form[data-portal-search]) are plain forms that work without JavaScript. The search UI
// (search.js, then Pagefind's API and index) is loaded only when a box is used, or at once on the search
// page when its address already holds a search (/search/?q=电工). The index's address comes from the
// form (data-bundle, relative to the page, from generator/urls.py) and is made absolute against the page:
// a bare relative module specifier cannot be imported (the home page's box never answered).
// search.js sits beside this script.
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;
  var forms = document.querySelectorAll("form[data-portal-search]");
  if (!here || !forms.length) return;
  function start(form) {
    if (form.portalSearch) return form.portalSearch;
    var bundle = new URL(form.getAttribute("data-bundle"), document.baseURI).href;
    form.portalSearch = import(new URL("search.js", here).href).then(function (module) {
      return module.mount(form, bundle);
    });
    return form.portalSearch;
  }
  Array.prototype.forEach.call(forms, function (form) {
    ["focusin", "pointerdown", "input"].forEach(function (type) {
      form.addEventListener(type, function () { start(form); }, { once: true });
    });
    form.addEventListener("submit", function (event) {
      if (form.hasAttribute("data-search-page")) {
        event.preventDefault();
        start(form);
      }
    });
    if (form.hasAttribute("data-search-page") && window.location.search) start(form);
  });
  // Coming back to a page whose box the browser refilled: answer that query again.
  window.addEventListener("pageshow", function () {
    Array.prototype.forEach.call(forms, function (form) {
      var box = form.querySelector('input[name="q"]');
      if (box && box.value.trim()) start(form);
    });
  });
})();

// Filter tokens shared by the directory table and the search page. An item has space-separated tokens
// per facet (province, city, kind, occupations, levels, offers, status); a selection maps facets to one
// value each. Occupation and level chosen together mean "evaluates this occupation at this level".
window.PortalFacets = (function () {
  "use strict";
  function has(tokens, value) {
    return (" " + (tokens || "") + " ").indexOf(" " + value + " ") !== -1;
  }
  function matches(tokens, selection) {
    var pair = selection.occupations && selection.levels;
    return Object.keys(selection).every(function (key) {
      var value = selection[key];
      if (!value) return true;
      if (pair && (key === "occupations" || key === "levels")) {
        return has(tokens.offers, selection.occupations + ":" + selection.levels);
      }
      return has(tokens[key], value);
    });
  }
  // Only the cities of the chosen province are offered.
  function limitCities(provinceBox, cityBox) {
    var province = provinceBox.value;
    Array.prototype.forEach.call(cityBox.options, function (option) {
      var other = Boolean(province && option.value && option.getAttribute("data-province") !== province);
      option.hidden = other;
      option.disabled = other;
    });
    if (cityBox.selectedOptions.length && cityBox.selectedOptions[0].disabled) cityBox.value = "";
  }
  // A filtered list keeps its choice in the address (?province=44&sort=name), so it can be shared.
  function readAddress(boxes) {
    var params = new URLSearchParams(window.location.search);
    boxes.forEach(function (box) {
      var value = params.get(box.name);
      if (value && Array.prototype.some.call(box.options, function (o) { return o.value === value; })) {
        box.value = value;
      }
    });
  }
  function writeAddress(boxes) {
    var params = new URLSearchParams();
    boxes.forEach(function (box) { if (box.value) params.set(box.name, box.value); });
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  }
  return { matches: matches, limitCities: limitCities, readAddress: readAddress, writeAddress: writeAddress };
})();
