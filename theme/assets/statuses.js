// Registration states ("正在报名 / 报名已截止 / 尚未开始报名") go stale between builds: recompute each
// badge that carries its batch's ISO dates (data-registration-from/-to) from today's date in China.
// The built text stays as the answer without JavaScript.
(function () {
  "use strict";
  var NAMES = { open: "正在报名", not_yet: "尚未开始报名", closed: "报名已截止" };
  function dateCn(iso) {
    var p = iso.split("-");
    return +p[0] + "年" + +p[1] + "月" + +p[2] + "日";
  }
  var today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);  // China: UTC+8, no DST
  Array.prototype.forEach.call(document.querySelectorAll("[data-registration-from]"), function (badge) {
    var from = badge.getAttribute("data-registration-from"), to = badge.getAttribute("data-registration-to");
    var state = today < from ? "not_yet" : today <= to ? "open" : "closed";
    var old = badge.getAttribute("data-state");
    if (old === state) return;
    badge.textContent = NAMES[state];
    badge.classList.remove("portal-badge--" + old);
    badge.classList.add("portal-badge--" + state);
    badge.setAttribute("data-state", state);
    var holder = badge.closest("[data-state]:not([data-registration-from])");
    if (holder) holder.setAttribute("data-state", state);
    var detail = holder && holder.querySelector(".portal-cal-registration");
    if (detail && state === "closed") detail.remove();
    else if (detail) detail.textContent = state === "open" ? "（正在报名，" + dateCn(to) + "截止）" : "（尚未开始报名，" + dateCn(from) + "开始）";
  });
})();

