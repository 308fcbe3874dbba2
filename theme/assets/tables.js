// Wide tables scroll sideways inside their .portal-table-wrap; when one does, say so above it
// ("左右滑动查看全部列") so no column is hidden without a visible way to reach it. Re-checked on resize.
(function () {
  "use strict";
  var HINT = "portal-table-hint";
  function check(wrap) {
    var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
    var hint = wrap.previousElementSibling;
    var has = hint && hint.classList.contains(HINT);
    wrap.classList.toggle("portal-table-wrap--scrolls", scrolls);
    if (scrolls && !has) {
      hint = document.createElement("p");
      hint.className = HINT;
      hint.textContent = "表格较宽：左右滑动查看全部列 →";
      wrap.parentNode.insertBefore(hint, wrap);
      if (!wrap.hasAttribute("tabindex")) wrap.setAttribute("tabindex", "0");  // keyboard users can scroll it
    } else if (!scrolls && has) {
      hint.remove();
    }
  }
  function checkAll() {
    Array.prototype.forEach.call(document.querySelectorAll(".portal-table-wrap"), check);
  }
  checkAll();
  var pending;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(checkAll, 100);
  });
})();
