// Mounts Pagefind's search UI where a page asks for it (#portal-search), loading it only there.
(function () {
  "use strict";
  var mount = document.getElementById("portal-search");
  if (!mount) return;
  var bundle = mount.getAttribute("data-bundle");  // from generator/urls.py, relative to the page
  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = bundle + "pagefind-ui.css";
  document.head.appendChild(css);
  var script = document.createElement("script");
  script.src = bundle + "pagefind-ui.js";
  script.onload = function () {
    // eslint-disable-next-line no-undef
    new PagefindUI({
      element: "#portal-search",
      bundlePath: bundle,
      showImages: false,
      showSubResults: false,
      resetStyles: false,
      autofocus: mount.hasAttribute("data-autofocus"),
      translations: { placeholder: "搜索机构、职业或地区，例如：电工" }
    });
  };
  document.head.appendChild(script);
})();

// Wide tables scroll sideways on phones: keyboard users must be able to focus and scroll them too.
(function () {
  "use strict";
  function focusableWhenScrolling() {
    document.querySelectorAll(".md-typeset__scrollwrap, .portal-table-wrap").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
      } else {
        box.removeAttribute("tabindex");
      }
    });
  }
  window.addEventListener("load", focusableWhenScrolling);
  window.addEventListener("resize", focusableWhenScrolling);
})();
