// Words that depend on today's date go stale between builds. Each is recomputed here from the ISO dates
// the page carries, with today's date in China; the built text stays as the answer without JavaScript.
// - registration badges (data-registration-from/-to): 正在报名 / 尚未开始报名 / 报名已截止, and the
//   calendar's count of batches open for registration (data-registration-open-count);
// - rectification badges (data-rectification-deadline; data-open-name, the name before it): 逾期 N 天, and every count of overdue
//   items (data-overdue-of: the open items' deadlines; data-overdue-text: the words, {n} the number);
// - fee standards that end (data-valid-until): 有效至 … / 已于 … 失效;
// - the date a recounted figure is "as of" (time[data-today]).
// Text is only ever set with textContent. The words mirror generator/views (a test checks them).
(function () {
  "use strict";
  var REGISTRATION = { open: "正在报名", not_yet: "尚未开始报名", closed: "报名已截止" };
  var DAY = 24 * 3600 * 1000;
  var today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);  // China: UTC+8, no DST

  function all(selector) {
    return Array.prototype.slice.call(document.querySelectorAll(selector));
  }
  function dateCn(iso) {
    var p = iso.split("-");
    return +p[0] + "年" + +p[1] + "月" + +p[2] + "日";
  }
  function daysBetween(fromIso, toIso) {
    return Math.round((Date.parse(toIso) - Date.parse(fromIso)) / DAY);
  }
  function swapState(element, prefix, from, to) {
    element.classList.remove(prefix + from);
    element.classList.add(prefix + to);
  }

  all("[data-registration-from]").forEach(function (badge) {
    var from = badge.getAttribute("data-registration-from"), to = badge.getAttribute("data-registration-to");
    var state = today < from ? "not_yet" : today <= to ? "open" : "closed";
    var old = badge.getAttribute("data-state");
    if (old === state) return;
    badge.textContent = REGISTRATION[state];
    swapState(badge, "portal-badge--", old, state);
    badge.setAttribute("data-state", state);
    var holder = badge.closest("[data-state]:not([data-registration-from])");
    if (holder) holder.setAttribute("data-state", state);
    var detail = holder && holder.querySelector(".portal-cal-registration");
    if (detail && state === "closed") detail.remove();
    else if (detail) detail.textContent = state === "open" ? "（正在报名，" + dateCn(to) + "截止）" : "（尚未开始报名，" + dateCn(from) + "开始）";
  });
  all("[data-registration-open-count]").forEach(function (count) {
    count.textContent = String(all('[data-registration-from][data-state="open"]').length);
  });

  all("[data-rectification-deadline]").forEach(function (badge) {
    var deadline = badge.getAttribute("data-rectification-deadline");
    var state = today > deadline ? "overdue" : "open";
    var old = badge.getAttribute("data-state");
    badge.textContent = state === "overdue" ? "逾期 " + daysBetween(deadline, today) + " 天" : badge.getAttribute("data-open-name");
    if (old === state) return;
    swapState(badge, "portal-badge--", old === "overdue" ? "overdue" : "in-progress", state === "overdue" ? "overdue" : "in-progress");
    badge.setAttribute("data-state", state);
    var row = badge.closest("tr");
    if (row) swapState(row, "portal-rectification--", old, state);
  });
  all("[data-overdue-of]").forEach(function (element) {
    var n = element.getAttribute("data-overdue-of").split(" ").filter(function (deadline) {
      return deadline && today > deadline;
    }).length;
    var text = element.getAttribute("data-overdue-text");
    var optional = element.hasAttribute("data-overdue-optional");
    if (text !== null) element.textContent = n || !optional ? text.replace("{n}", n) : "";
    if (optional) element.hidden = n === 0;
  });

  all("[data-valid-until]").forEach(function (note) {
    var until = note.getAttribute("data-valid-until");
    var ended = today > until;
    note.textContent = ended ? "已于 " + dateCn(until) + " 失效，请向机构核实现行收费" : "有效至 " + dateCn(until);
    note.classList.toggle("portal-fee-validity--ended", ended);
  });

  all("time[data-today]").forEach(function (time) {
    time.textContent = dateCn(today);
    time.setAttribute("datetime", today);
  });
})();
