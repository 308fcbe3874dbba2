// Wide tables scroll sideways inside their .portal-table-wrap (or Material's .md-typeset__scrollwrap for
// tables written in Markdown); when one does, keyboard users can focus and scroll it, and our wrappers say
// so above the table ("左右滑动查看全部列") so no column is hidden without a visible way to reach it.
// Every width is read before anything is changed: reads interleaved with writes would lay out the whole
// page once per table. Checked at once, when Material has wrapped its tables (load), and on resize.
(function () {
  "use strict";
  var HINT = "portal-table-hint";
  function boxes() {
    return Array.prototype.filter.call(
      document.querySelectorAll(".portal-table-wrap, .md-typeset__scrollwrap"),
      function (box) { return box.classList.contains("portal-table-wrap") || !box.closest(".portal-table-wrap"); }
    );
  }
  function mark(box, scrolls) {
    if (scrolls) box.setAttribute("tabindex", "0");
    else box.removeAttribute("tabindex");
    if (!box.classList.contains("portal-table-wrap")) return;
    box.classList.toggle("portal-table-wrap--scrolls", scrolls);
    var hint = box.previousElementSibling;
    var has = hint && hint.classList.contains(HINT);
    if (scrolls && !has) {
      hint = document.createElement("p");
      hint.className = HINT;
      hint.textContent = "表格较宽：左右滑动查看全部列 →";
      box.parentNode.insertBefore(hint, box);
    } else if (!scrolls && has) {
      hint.remove();
    }
  }
  function checkAll() {
    var all = boxes();
    var scrolls = all.map(function (box) { return box.scrollWidth > box.clientWidth + 1; });
    all.forEach(function (box, i) { mark(box, scrolls[i]); });
  }
  checkAll();
  window.addEventListener("load", checkAll);
  var pending;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(checkAll, 100);
  });
})();
