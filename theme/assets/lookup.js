/*
 * Certificate and result lookup, entirely in the browser.
 *
 * What the person types never leaves this page: the lookup key is derived here (PBKDF2, then
 * HKDF, with WebCrypto), one bucket file of encrypted entries is downloaded, and the entries that
 * belong to the key are decrypted here. No query string, cookie, storage or analytics is used.
 * The protocol is the one of generator/seal/crypto.py; tests/vectors/lookup-v1.json pins both.
 */
(function () {
  "use strict";

  var PROTOCOL = "skill-eval-lookup/v1";
  var US = "\u001f";
  // Removed after NFKC: white space, zero-width characters and name dots (same class as crypto.py).
  var REMOVED = /[\u0009-\u000d\u0020\u0085\u00a0\u1680\u2000-\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff\u002e\u00b7\u0387\u2022\u2027\u2219\u22c5\u2e31\u30fb\ua78f\uff0e\uff65]/g;
  var CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
  var CODE = /^[A-Z0-9-]+$/;
  var CERTIFICATE_FORMAT = /^[SY]\d{21}$/;
  var NAME_MAX = 40;
  var CODE_MAX = { certificate: 40, result: 32 };
  var TAG_SIZE = 8;
  var NONCE_SIZE = 12;
  var ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  var ID_CHECK = "10X98765432";
  var PROVINCES = ["11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71",
    "81", "82"];
  // Display names come from the page as data (generator/names.py via lookup.html), set in init().
  var LEVEL_NAMES = {}, METHOD_NAMES = {}, RESULT_NAMES = {};
  var DOMAINS = { certificate: { no: "c.no", id: "c.id" }, result: { no: "r.no", id: "r.id" } };
  var DATASETS = { certificate: "certificates", result: "results" };
  // BEGIN RECORD FORMAT (generated: python -m generator.recordformat js)
  var RECORD_FORMATS = {
    "c": {"record_type": "k", "masked_name": "n", "masked_id": "i", "certificate_no": "no", "occupation_code": "oc", "occupation": "o", "level": "l", "issue_date": "d", "status": "s", "status_date": "sd", "status_reason": "sr", "credit_code": "ic", "institution_name": "in"},
    "r": {"record_type": "k", "masked_name": "n", "masked_id": "i", "ticket_no": "t", "plan_id": "p", "exam_dates": "e", "occupation_code": "oc", "occupation": "o", "level": "l", "scores": "sc", "result": "r", "credit_code": "ic", "institution_name": "in"}
  };
  var RECORD_TYPE_OF = {"certificates": "c", "results": "r"};
  // END RECORD FORMAT
  var encoder = new TextEncoder();

  // -- protocol ---------------------------------------------------------------------------------

  function normalize(text) {
    return String(text).normalize("NFKC").replace(REMOVED, "").replace(/[a-z]/g, function (c) {
      return c.toUpperCase();
    });
  }

  function idNumberError(number) {
    if (number.length !== 18) return "应为 18 位，实际 " + number.length + " 位";
    if (!/^\d{17}[\dX]$/.test(number)) return "前 17 位应为数字，最后一位为数字或 X";
    if (PROVINCES.indexOf(number.slice(0, 2)) < 0) return "前两位 " + number.slice(0, 2) + " 不是有效的省级行政区划代码";
    var y = +number.slice(6, 10), m = +number.slice(10, 12), d = +number.slice(12, 14);
    var born = new Date(Date.UTC(y, m - 1, d));
    if (y < 1 || born.getUTCFullYear() !== y || born.getUTCMonth() !== m - 1 || born.getUTCDate() !== d) {
      return "出生日期 " + number.slice(6, 14) + " 不存在";
    }
    var sum = 0;
    for (var i = 0; i < 17; i++) sum += (+number[i]) * ID_WEIGHTS[i];
    var expected = ID_CHECK[sum % 11];
    if (number[17] !== expected) {
      return "校验位错误：按 GB 11643 计算第 18 位应为 " + expected + "，实际为 " + number[17];
    }
    return null;
  }

  function nameError(name) {
    if (!name) return "不能为空";
    if (CONTROL.test(name)) return "含有控制字符";
    if (/[0-9]/.test(name)) return "含有数字";
    var length = Array.from(name).length;
    if (length > NAME_MAX) return "过长（" + length + " 个字符，最多 " + NAME_MAX + " 个）";
    return null;
  }

  function codeError(value, maximum) {
    if (!value) return "不能为空";
    if (Array.from(value).length > maximum) return "过长（最多 " + maximum + " 个字符）";
    if (!CODE.test(value)) return "只能包含字母、数字和连字符";
    return null;
  }

  function kdfPassword(domain, identifier, name) {
    return encoder.encode([PROTOCOL, domain, identifier, name].join(US));
  }

  function subtle() {
    if (!window.crypto || !window.crypto.subtle) {
      throw new LookupError("unsupported", "您的浏览器无法在本页使用加密功能：请通过 https 访问本页，或换用较新的浏览器。");
    }
    return window.crypto.subtle;
  }

  async function deriveSecret(domain, identifier, name, kdf) {
    var s = subtle();
    var key = await s.importKey("raw", kdfPassword(domain, identifier, name), "PBKDF2", false, ["deriveBits"]);
    var bits = await s.deriveBits(
      { name: "PBKDF2", hash: "SHA-256", salt: encoder.encode(kdf.salt), iterations: kdf.iterations }, key, 256);
    return new Uint8Array(bits);
  }

  async function splitSecret(secret) {
    var s = subtle();
    var key = await s.importKey("raw", secret, "HKDF", false, ["deriveBits"]);
    var okm = new Uint8Array(await s.deriveBits(
      { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: encoder.encode(PROTOCOL + " split") }, key, 68 * 8));
    return {
      bucketId: new DataView(okm.buffer).getUint32(0, false),
      tagKey: okm.slice(4, 36),
      aesKey: okm.slice(36, 68)
    };
  }

  async function importKeys(keys) {
    var s = subtle();
    return {
      bucketId: keys.bucketId,
      hmac: await s.importKey("raw", keys.tagKey, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]),
      aes: await s.importKey("raw", keys.aesKey, { name: "AES-GCM" }, false, ["encrypt", "decrypt"])
    };
  }

  async function entryTag(hmacKey, nonce) {
    return new Uint8Array(await subtle().sign("HMAC", hmacKey, nonce)).slice(0, TAG_SIZE);
  }

  function additionalData(creditCode) {
    return encoder.encode(PROTOCOL + US + creditCode);
  }

  async function encryptRecord(aesKey, nonce, plaintext, creditCode) {
    return new Uint8Array(await subtle().encrypt(
      { name: "AES-GCM", iv: nonce, additionalData: additionalData(creditCode), tagLength: 128 }, aesKey, plaintext));
  }

  // A decrypted record by field name (generator/recordformat.py); null for an unknown record type.
  function expandRecord(record) {
    var format = record && RECORD_FORMATS[record.k];
    if (!format) return null;
    var out = {};
    Object.keys(format).forEach(function (name) {
      if (Object.prototype.hasOwnProperty.call(record, format[name])) out[name] = record[format[name]];
    });
    return out;
  }

  function decodeRecord(plaintext) {
    var length = (plaintext[0] << 8) | plaintext[1];
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(plaintext.subarray(2, 2 + length)));
  }

  function bucketIndex(bucketId, bits) {
    return bits === 0 ? 0 : bucketId >>> (32 - bits);
  }

  function bucketName(index, bits) {
    var width = Math.max(1, Math.ceil(bits / 4));
    var hex = index.toString(16);
    while (hex.length < width) hex = "0" + hex;
    return hex + ".bin";
  }

  function equalBytes(a, b) {
    if (a.length !== b.length) return false;
    var diff = 0;
    for (var i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
    return diff === 0;
  }

  // Entries of one bucket that belong to these keys, decrypted, by field name.
  async function openBucket(buffer, keys, manifest) {
    var bytes = new Uint8Array(buffer);
    var magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
    if (magic !== "PLK1") throw new LookupError("data", "查询数据格式有误，请稍后再试。");
    var count = new DataView(buffer).getUint32(4, false);
    var size = manifest.entry_size, header = manifest.header_size;
    if (bytes.length !== header + count * size) throw new LookupError("data", "查询数据不完整，请稍后再试。");
    var records = [];
    for (var i = 0; i < count; i++) {
      var entry = bytes.subarray(header + i * size, header + (i + 1) * size);
      var nonce = entry.slice(2 + TAG_SIZE, 2 + TAG_SIZE + NONCE_SIZE);
      if (!equalBytes(entry.subarray(2, 2 + TAG_SIZE), await entryTag(keys.hmac, nonce))) continue;
      var institution = manifest.institutions[(entry[0] << 8) | entry[1]];
      if (!institution) continue;
      var creditCode = institution.credit_code;
      var plaintext;
      try {
        plaintext = new Uint8Array(await subtle().decrypt(
          { name: "AES-GCM", iv: nonce, additionalData: additionalData(creditCode), tagLength: 128 },
          keys.aes, entry.slice(2 + TAG_SIZE + NONCE_SIZE)));
      } catch (e) {
        continue; // a damaged or altered entry is never shown
      }
      var record = expandRecord(decodeRecord(plaintext));
      if (!record || record.credit_code !== creditCode) continue; // only records in the sealer's own name
      if (institution.name) record.institution_name = institution.name; // the name as published in the repository
      records.push(record);
    }
    return records;
  }

  function LookupError(code, message) {
    this.code = code;
    this.message = message;
  }

  var manifests = {};

  function loadManifest(base) {
    var url = new URL(base.manifest, document.baseURI).href;
    if (!manifests[url]) {
      // "no-cache" revalidates with the server: a revocation must never hide behind a cached file.
      manifests[url] = fetch(url, { credentials: "omit", referrerPolicy: "no-referrer", cache: "no-cache" }).then(function (response) {
        if (!response.ok) throw new LookupError("network", "查询服务暂时无法使用（数据清单下载失败），请稍后再试。");
        return response.json();
      }, function () {
        throw new LookupError("network", "查询数据下载失败，请检查网络连接后重试。");
      });
      manifests[url].catch(function () { delete manifests[url]; });
    }
    return manifests[url];
  }

  // The whole lookup for a 32-byte secret: fetch one bucket, open the matching entries.
  async function lookupSecret(base, manifest, page, secret, timing) {
    var info = manifest[DATASETS[page]];
    var keys = await importKeys(await splitSecret(secret));
    // Bucket folders in the manifest are relative to the manifest itself.
    var url = new URL(info.path + bucketName(bucketIndex(keys.bucketId, info.bucket_bits), info.bucket_bits),
      new URL(base.manifest, document.baseURI)).href;
    var started = performance.now();
    var response;
    try {
      response = await fetch(url, { credentials: "omit", referrerPolicy: "no-referrer", cache: "no-cache" });
    } catch (e) {
      throw new LookupError("network", "查询数据下载失败，请检查网络连接后重试。");
    }
    if (!response.ok) throw new LookupError("network", "查询数据下载失败（" + response.status + "），请稍后再试。");
    var buffer = await response.arrayBuffer();
    timing.fetchMs = performance.now() - started;
    timing.bytes = buffer.byteLength;
    started = performance.now();
    var records = await openBucket(buffer, keys, manifest);
    timing.openMs = performance.now() - started;
    return records.filter(function (r) { return r.record_type === RECORD_TYPE_OF[DATASETS[page]]; });
  }

  async function lookup(base, page, mode, identifier, name) {
    var timing = { started: performance.now() };
    var manifest = await loadManifest(base);
    if (!manifest.kdf) throw new LookupError("empty", "暂无可查询的数据。");
    var started = performance.now();
    var secret = await deriveSecret(DOMAINS[page][mode], identifier, name, manifest.kdf);
    timing.kdfMs = performance.now() - started;
    var records = await lookupSecret(base, manifest, page, secret, timing);
    timing.totalMs = performance.now() - timing.started;
    api.lastTiming = timing;
    return records;
  }

  function fromBase64Url(text) {
    if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
    var b64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (b64.length % 4) b64 += "=";
    try {
      return Uint8Array.from(atob(b64), function (c) { return c.charCodeAt(0); });
    } catch (e) {
      return null;
    }
  }

  function secretFromFragment(hash) {
    var match = /^#v1\.([A-Za-z0-9_-]{43})$/.exec(hash || "");
    if (!match) return null;
    var secret = fromBase64Url(match[1]);
    return secret && secret.length === 32 ? secret : null;
  }

  // -- page -------------------------------------------------------------------------------------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function details(rows) {
    var list = el("dl", { "class": "portal-lookup__details" });
    rows.forEach(function (row) {
      if (row[1] === undefined || row[1] === null || row[1] === "") return;
      list.appendChild(el("dt", { text: row[0] }));
      list.appendChild(el("dd", { text: String(row[1]) }));
    });
    return list;
  }

  // "2026-07-10" → "2026年7月10日"; anything else is shown as it is.
  function chineseDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return m ? +m[1] + "年" + +m[2] + "月" + +m[3] + "日" : (iso || "");
  }

  function chineseDateTime(date) {
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return date.getFullYear() + "年" + (date.getMonth() + 1) + "月" + date.getDate() + "日 " +
      two(date.getHours()) + ":" + two(date.getMinutes());
  }

  function phoneLink(number) {
    return el("a", { href: "tel:" + number, text: number });
  }

  function institutionLine(base, record) {
    var link = el("a", { href: base.institution.replace("{code}", encodeURIComponent(record.credit_code)),
      text: record.institution_name || record.credit_code });
    return el("span", {}, [link, "（统一社会信用代码 " + record.credit_code + "）"]);
  }

  function occupationText(record) {
    return (record.occupation || "") + "（" + record.occupation_code + "）";
  }

  function certificateCard(base, record, level) {
    var revoked = record.status === "revoked";
    var card = el("section", { "class": "portal-lookup__card portal-lookup__card--" + (revoked ? "revoked" : "valid") });
    var verdict = revoked ? "证书已撤销" + (record.status_date ? "（" + chineseDate(record.status_date) + "）" : "") : "证书有效";
    card.appendChild(el("h" + level, { "class": "portal-lookup__verdict" }, [
      el("span", { "class": "portal-lookup__icon", "aria-hidden": "true", text: revoked ? "✕" : "✓" }),
      verdict
    ]));
    if (revoked) {
      if (record.status_reason) {
        card.appendChild(el("p", { "class": "portal-lookup__reason" }, [el("strong", { text: "撤销原因：" }), record.status_reason]));
      }
      card.appendChild(el("p", { text: "该证书已被发证机构撤销，不再有效。如有疑问，请联系下方的发证机构。" }));
    }
    var list = details([
      ["姓名", record.masked_name], ["身份证号", record.masked_id], ["证书编号", record.certificate_no],
      ["职业（工种）", occupationText(record)], ["等级", LEVEL_NAMES[record.level] || record.level],
      ["发证日期", chineseDate(record.issue_date)]
    ]);
    list.appendChild(el("dt", { text: "发证机构" }));
    list.appendChild(el("dd", {}, [institutionLine(base, record)]));
    card.appendChild(list);
    return card;
  }

  function resultCard(base, record, level) {
    var outcome = RESULT_NAMES[record.result] || record.result;
    var card = el("section", { "class": "portal-lookup__card portal-lookup__card--" + record.result });
    card.appendChild(el("h" + level, { "class": "portal-lookup__verdict", text: "评价结果：" + outcome }));
    var rows = [
      ["姓名", record.masked_name], ["身份证号", record.masked_id], ["准考证号", record.ticket_no],
      ["职业（工种）", occupationText(record)], ["等级", LEVEL_NAMES[record.level] || record.level],
      ["批次编号", record.plan_id], ["考评日期", (record.exam_dates || []).map(chineseDate).join("、")]
    ];
    ["theory", "practical", "comprehensive"].forEach(function (method) {
      if (record.scores && record.scores[method] !== undefined) rows.push([METHOD_NAMES[method] + "成绩", record.scores[method] + " 分"]);
    });
    rows.push(["结果", outcome]);
    var list = details(rows);
    list.appendChild(el("dt", { text: "评价机构" }));
    list.appendChild(el("dd", {}, [institutionLine(base, record)]));
    card.appendChild(list);
    return card;
  }

  function notFound(base, page, mode) {
    var box = el("section", { "class": "portal-lookup__card portal-lookup__card--none" });
    var what = page === "certificate" ? "证书" : "评价结果";
    box.appendChild(el("h2", { "class": "portal-lookup__verdict", tabindex: "-1", text: "未查询到" }));
    box.appendChild(el("p", { text: "没有找到与您输入的信息相符的" + what + "。请核对：" }));
    var checks = [];
    if (mode === "no" && page === "certificate") {
      checks.push("证书编号是否完整无误：职业技能等级证书编号为 22 位，首字母 S 或 Y，后接 21 位数字；");
    } else if (mode === "no") {
      checks.push("准考证号是否与准考证上的完全一致；");
    } else {
      checks.push("身份证号是否正确（末位 X 大小写均可）；");
    }
    checks.push("姓名是否与" + (page === "certificate" ? "证书" : "报名时") + "上的完全一致（少数民族姓名中的间隔号“·”可以省略）；");
    checks.push(page === "certificate" ? "证书是否刚刚颁发：评价机构上传查询数据可能有几天延迟。" :
      "成绩是否已经公布：评价机构上传查询数据可能有几天延迟。");
    box.appendChild(el("ul", {}, checks.map(function (text) { return el("li", { text: text }); })));
    box.appendChild(el("p", {}, [
      "仍查询不到时，请联系" + (page === "certificate" ? "发证" : "组织考评") + "的评价机构（联系方式见",
      el("a", { href: base.directory, text: "机构名录" }),
      "中该机构的页面），或拨打人力资源社会保障服务热线 ", phoneLink("12333"), "。"
    ]));
    if (page === "certificate") box.appendChild(elsewhere());
    return box;
  }

  // Certificates this portal cannot know about: other institutions' and the older 职业资格证书.
  function elsewhere() {
    var box = el("div", { "class": "portal-lookup__elsewhere" });
    box.appendChild(el("h3", { text: "证书不是本门户公示的机构颁发的？" }));
    box.appendChild(el("p", { text:
      "本门户只能查到在本门户公示的评价机构所封存的证书；查询不到不一定说明证书无效。" +
      "其他评价机构颁发的职业技能等级证书，请使用人力资源社会保障部职业技能鉴定中心的" +
      "“技能人才评价证书全国联网查询”核验，也可以直接向发证机构核实。" }));
    box.appendChild(el("p", { text:
      "职业资格证书是职业技能等级认定推行以前的证书，由人力资源社会保障部门的职业技能鉴定机构颁发。" +
      "技能人员水平评价类职业资格已于2020年底前陆续退出国家职业资格目录，改为职业技能等级认定；" +
      "此前颁发的职业资格证书继续有效。它们不在本门户，请通过上述全国联网查询或颁发证书的人力资源社会保障部门核验。" }));
    return box;
  }

  // What a printed answer carries besides the answer: the site, the page address and when it was asked.
  function printNote(root) {
    var site = root.getAttribute("data-site-name") || (document.title.split(" - ").pop() || "").trim();
    var address = location.href.split("#")[0]; // the QR key in the fragment is never printed
    return el("p", { "class": "portal-lookup__print-note", "data-lookup-print": "" }, [
      "来源：" + (site ? site + "　" : "") + address + "　查询时间：" + chineseDateTime(new Date())
    ]);
  }

  function showRecords(root, base, page, mode, records, fromQr) {
    var region = root.querySelector("[data-lookup-result]");
    region.textContent = "";
    if (!records.length) {
      region.appendChild(notFound(base, page, mode));
    } else {
      records.sort(function (a, b) {
        return (a.issue_date || (a.exam_dates || [""])[0]) < (b.issue_date || (b.exam_dates || [""])[0]) ? 1 : -1;
      });
      var level = 2;
      if (fromQr || records.length > 1) {
        var title = fromQr ? "扫码核验结果" : "查询到 " + records.length + (page === "certificate" ? " 张证书" : " 条评价结果");
        region.appendChild(el("h2", { "class": "portal-lookup__summary", tabindex: "-1", text: title }));
        level = 3;
      }
      if (fromQr) {
        region.appendChild(el("p", { "class": "portal-lookup__note", text:
          "请核对下方的姓名、证书编号与纸质证书是否一致：二维码只证明这一编号的证书存在及其状态。" }));
      }
      records.forEach(function (record) {
        region.appendChild(page === "certificate" ? certificateCard(base, record, level) : resultCard(base, record, level));
      });
      if (level === 2) region.querySelector(".portal-lookup__verdict").setAttribute("tabindex", "-1");
    }
    region.appendChild(printNote(root));
    var first = region.querySelector("[tabindex='-1']");
    if (first) first.focus();
  }

  function setStatus(root, text, busy) {
    var status = root.querySelector("[data-lookup-status]");
    status.textContent = "";
    if (text) {
      if (busy) status.appendChild(el("progress", { "class": "portal-lookup__progress", "aria-hidden": "true" }));
      status.appendChild(el("span", { text: text }));
    }
    root.querySelector("[data-lookup-result]").setAttribute("aria-busy", busy ? "true" : "false");
    var button = root.querySelector("[data-lookup-submit]");
    if (button) button.disabled = !!busy;
  }

  function showError(root, error) {
    var region = root.querySelector("[data-lookup-result]");
    region.textContent = "";
    var message = error instanceof LookupError ? error.message : "查询时出现意外错误，请刷新页面后重试。";
    region.appendChild(el("p", { "class": "portal-lookup__error", role: "alert", text: message }));
  }

  function currentMode(root) {
    var tab = root.querySelector("[data-lookup-tab][aria-selected='true']");
    return tab ? tab.getAttribute("data-mode") : "no";
  }

  function selectTab(root, tab, focus) {
    root.querySelectorAll("[data-lookup-tab]").forEach(function (other) {
      var selected = other === tab;
      other.setAttribute("aria-selected", selected ? "true" : "false");
      other.setAttribute("tabindex", selected ? "0" : "-1");
      var panel = document.getElementById(other.getAttribute("aria-controls"));
      if (panel) panel.hidden = !selected;
    });
    if (focus) tab.focus();
  }

  function setupTabs(root) {
    var tabs = Array.prototype.slice.call(root.querySelectorAll("[data-lookup-tab]"));
    tabs.forEach(function (tab, i) {
      tab.addEventListener("click", function () { selectTab(root, tab, false); });
      tab.addEventListener("keydown", function (event) {
        var next = null;
        if (event.key === "ArrowRight" || event.key === "ArrowDown") next = tabs[(i + 1) % tabs.length];
        else if (event.key === "ArrowLeft" || event.key === "ArrowUp") next = tabs[(i + tabs.length - 1) % tabs.length];
        else if (event.key === "Home") next = tabs[0];
        else if (event.key === "End") next = tabs[tabs.length - 1];
        if (next) {
          event.preventDefault();
          selectTab(root, next, true);
        }
      });
    });
  }

  function fieldError(root, field, message) {
    var input = root.querySelector("[data-lookup-field='" + field + "']");
    var slot = root.querySelector("[data-lookup-error-for='" + field + "']");
    if (!input || !slot) return;
    slot.textContent = message || "";
    slot.hidden = !message;
    if (message) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }

  // Catch typing mistakes before the slow step.
  function readForm(root, page, mode) {
    var identifierInput = root.querySelector("[data-lookup-field='" + mode + "']");
    var nameInput = root.querySelector("[data-lookup-field='name']");
    var identifier = normalize(identifierInput.value);
    var name = normalize(nameInput.value);
    ["no", "id", "name"].forEach(function (field) { fieldError(root, field, null); });
    var label = mode === "id" ? "身份证号" : (page === "certificate" ? "证书编号" : "准考证号");
    var idError = mode === "id" ? (identifier ? idNumberError(identifier) : "不能为空") : codeError(identifier, CODE_MAX[page]);
    var errors = [];
    if (idError) {
      fieldError(root, mode, label + idError);
      errors.push(identifierInput);
    }
    var nError = nameError(name);
    if (nError) {
      fieldError(root, "name", "姓名" + nError);
      errors.push(nameInput);
    }
    if (errors.length) {
      errors[0].focus();
      return null;
    }
    return { identifier: identifier, name: name };
  }

  async function run(root, task) {
    if (root.getAttribute("data-lookup-state") === "busy") return;
    root.setAttribute("data-lookup-state", "busy");
    try {
      await task();
      root.setAttribute("data-lookup-state", "done");
    } catch (error) {
      setStatus(root, "", false);
      showError(root, error);
      root.setAttribute("data-lookup-state", "error");
    }
  }

  function init(root) {
    if (root.getAttribute("data-lookup-ready")) return;
    root.setAttribute("data-lookup-ready", "true");
    var page = root.getAttribute("data-portal-lookup");
    // Where things live comes from the page (generator/urls.py), relative to it: lookup.js spells no path.
    var base = {
      manifest: root.getAttribute("data-manifest"),
      institution: root.getAttribute("data-institution-url"),  // with "{code}" for the credit code
      directory: root.getAttribute("data-directory-url")
    };
    var names = JSON.parse(root.querySelector("[data-lookup-names]").textContent);
    LEVEL_NAMES = names.levels;
    METHOD_NAMES = names.methods;
    RESULT_NAMES = names.results;
    var form = root.querySelector("form");
    setupTabs(root);
    loadManifest(base).catch(function () { /* reported again when the person looks up */ });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var mode = currentMode(root);
      var input = readForm(root, page, mode);
      if (!input) return;
      run(root, async function () {
        setStatus(root, "正在计算查询密钥……为保护个人信息，这一步有意放慢，通常不到 1 秒。", true);
        root.querySelector("[data-lookup-result]").textContent = "";
        var records = await lookup(base, page, mode, input.identifier, input.name);
        setStatus(root, "", false);
        showRecords(root, base, page, mode, records, false);
      });
    });
    if (page === "certificate") {
      var fromHash = function () {
        if (!location.hash || location.hash.indexOf("#v1") !== 0) return;
        var secret = secretFromFragment(location.hash);
        run(root, async function () {
          if (!secret) {
            throw new LookupError("qr", "二维码中的核验信息不完整：请重新扫描，或在下方输入证书编号和姓名查询。");
          }
          setStatus(root, "正在核验二维码……", true);
          var timing = { started: performance.now() };
          var manifest = await loadManifest(base);
          if (!manifest.kdf) throw new LookupError("empty", "暂无可查询的数据。");
          var records = await lookupSecret(base, manifest, page, secret, timing);
          timing.totalMs = performance.now() - timing.started;
          api.lastTiming = timing;
          setStatus(root, "", false);
          showRecords(root, base, page, "no", records, true);
        });
      };
      window.addEventListener("hashchange", fromHash);
      fromHash();
    }
  }

  function initAll() {
    document.querySelectorAll("[data-portal-lookup]").forEach(init);
  }

  var api = {
    normalize: normalize,
    idNumberError: idNumberError,
    nameError: nameError,
    codeError: codeError,
    kdfPassword: kdfPassword,
    deriveSecret: deriveSecret,
    splitSecret: splitSecret,
    importKeys: importKeys,
    entryTag: entryTag,
    encryptRecord: encryptRecord,
    decodeRecord: decodeRecord,
    expandRecord: expandRecord,
    recordFormats: RECORD_FORMATS,
    chineseDate: chineseDate,
    bucketIndex: bucketIndex,
    bucketName: bucketName,
    openBucket: openBucket,
    lookup: lookup,
    secretFromFragment: secretFromFragment,
    certificateFormatOk: function (value) { return CERTIFICATE_FORMAT.test(value); },
    lastTiming: null
  };
  window.PortalLookup = api;

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(initAll); // mkdocs-material instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initAll);
  } else {
    initAll();
  }
})();
