// The portal's search UI over Pagefind's search API (pagefind.js), loaded by portal.js when a search box
// is first used. Submitted text reaches the page only as text: titles, summaries and filter labels through
// textContent, excerpts split on Pagefind's own <mark> tags (it escapes the page text, so a submitted
// "<mark>" arrives as "&lt;mark&gt;") with every other part inserted as a text node.
// Filters come from our own file (the form's data-facets, see generator/index/facets.py), matched with
// the directory's rule (window.PortalFacets, in portal.js).

const PAGE_SIZE = 10;
// Pages found only by Pagefind's plain search whose text is checked for the query (it also matches single
// characters of a Chinese word: 家政保洁服务 found "1 家机构"); beyond this many, a narrower query is asked for.
const MAX_CHECKED = 200;
const ENTITIES = { "&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"', "&#39;": "'", "&#x27;": "'" };
const GROUPS = [
  { pattern: /\/institutions\/[^/]+\/$/, name: "机构" },
  { pattern: /\/fees\//, name: "收费对比" },
  { pattern: /\/calendar\//, name: "评价计划" },
  { pattern: /./, name: "页面" },
];

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text) node.textContent = text;
  if (className) node.className = className;
  return node;
}

// Letters and digits only, lower case: what a query and a page must share, whatever the spacing,
// punctuation or Pagefind's word separators (U+200B) in between.
function normalize(text) {
  return text.normalize("NFKC").toLowerCase().replace(/[\s\u200b\p{P}\p{S}]+/gu, "");
}

function decodeEntities(text) {
  return text.replace(/&(?:lt|gt|amp|quot|#39|#x27);/g, (entity) => ENTITIES[entity]);
}

function appendExcerpt(parent, excerpt) {
  let marked = false;
  for (const part of excerpt.split(/(<mark>|<\/mark>)/)) {
    if (part === "<mark>" || part === "</mark>") {
      marked = part === "<mark>";
    } else if (part) {
      const text = decodeEntities(part);
      parent.appendChild(marked ? element("mark", text) : document.createTextNode(text));
    }
  }
}

// Whether Pagefind's excerpt starts after the beginning, or ends before the end, of the page text.
function excerptCut(content, plainExcerpt) {
  const text = normalize(content);
  const excerpt = normalize(plainExcerpt);
  return { before: !text.startsWith(excerpt), after: !text.endsWith(excerpt) };
}

function groupOf(url) {
  return GROUPS.findIndex((group) => group.pattern.test(new URL(url, window.location.href).pathname));
}

export async function mount(form, bundle) {
  const input = form.querySelector('input[name="q"]');
  const filterBox = form.querySelector("[data-search-filters]");
  const selects = Array.from(form.querySelectorAll("select[data-filter]"));
  const status = document.getElementById("portal-search-status");
  const list = document.getElementById("portal-search-results");
  const onSearchPage = form.hasAttribute("data-search-page");
  const siteRoot = new URL("../", bundle);
  const more = element("button", "显示更多结果", "md-button portal-search__more");
  more.type = "button";
  more.hidden = true;
  list.after(more);

  let pagefind;
  let facets = { pages: [] };
  try {
    pagefind = await import(bundle + "pagefind.js");
    await pagefind.init();
    if (form.hasAttribute("data-facets")) {
      facets = await (await fetch(new URL(form.getAttribute("data-facets"), document.baseURI))).json();
    }
  } catch (error) {
    status.textContent = "搜索暂时无法使用，请稍后再试，或从“机构名录”查找机构。";
    throw error;
  }
  const tokensById = new Map(facets.pages.map((page) => [page.id, page.tokens]));
  const summaryById = new Map(facets.pages.map((page) => [page.id, page.summary]));
  selects.forEach((box) => {
    Array.from(box.options).forEach((option) => { option.dataset.label = option.textContent; });
  });

  let generation = 0;
  let current = [];
  let shown = 0;

  function selection() {
    const chosen = {};
    selects.forEach((box) => { chosen[box.name] = box.value; });
    return chosen;
  }

  function anyFilter(chosen) {
    return Object.values(chosen).some(Boolean);
  }

  function matches(item, chosen) {
    if (!anyFilter(chosen)) return true;
    const tokens = tokensById.get(item.id);
    return Boolean(tokens) && window.PortalFacets.matches(tokens, chosen);
  }

  // Pages whose text holds every word of the query: institutions first, then in Pagefind's order.
  // Pagefind's exact ("quoted") search finds a word only as a whole indexed word, so what it finds for
  // every word is certain; what only its plain search finds (single characters of a Chinese word, or a
  // word the index segmented differently, such as 育婴员) is checked against the page text.
  async function found(query) {
    const words = query.split(/\s+/).filter(Boolean);
    const wanted = words.map(normalize).filter(Boolean);
    if (!wanted.length) return { items: [], truncated: false };
    const longest = words.reduce((a, b) => (b.length > a.length ? b : a));
    const [plain, ...exact] = await Promise.all(
      [pagefind.search(longest)].concat(words.map((word) => pagefind.search('"' + word + '"'))));
    const results = new Map();
    [plain].concat(exact).forEach((response) => response.results.forEach((r) => { if (!results.has(r.id)) results.set(r.id, r); }));
    const sure = exact.map((response) => new Set(response.results.map((r) => r.id)))
      .reduce((all, next) => new Set([...all].filter((id) => next.has(id))));
    const unsure = plain.results.filter((r) => !sure.has(r.id));
    const checked = unsure.slice(0, MAX_CHECKED);
    const pages = await Promise.all(checked.map((r) => r.data()));
    const holds = new Set(checked.filter((r, i) => {
      const text = normalize(pages[i].meta.title + " " + pages[i].content);
      return wanted.every((word) => text.includes(word));
    }).map((r) => r.id));
    const items = [...results.values()]
      .filter((r) => sure.has(r.id) || holds.has(r.id))
      .map((r) => ({ id: r.id, result: r, institution: tokensById.has(r.id) }));
    items.sort((a, b) => Number(b.institution) - Number(a.institution));
    return { items, truncated: unsure.length > MAX_CHECKED };
  }

  function everyInstitution() {
    return facets.pages.map((page) => ({
      id: page.id, institution: true,
      page: { url: new URL(page.url, siteRoot).href, meta: { title: page.title } }, summary: page.summary,
    }));
  }

  // Each option shows how many results it would leave; options that would leave none are not offered.
  function updateOptions(items, chosen) {
    selects.forEach((box) => {
      Array.from(box.options).forEach((option) => {
        if (!option.value) return;
        const trial = { ...chosen, [box.name]: option.value };
        const count = items.filter((item) => matches(item, trial)).length;
        const unavailable = count === 0 && box.value !== option.value;
        option.hidden = unavailable;
        option.disabled = unavailable;
        option.textContent = option.dataset.label + "（" + count + "）";
      });
    });
  }

  function writeAddress(query, chosen) {
    if (!onSearchPage) return;
    const params = new URLSearchParams();
    if (query) params.set("q", query);
    Object.entries(chosen).forEach(([key, value]) => { if (value) params.set(key, value); });
    const search = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
  }

  function readAddress() {
    const params = new URLSearchParams(window.location.search);
    if (!input.value.trim() && params.get("q")) input.value = params.get("q");
    selects.forEach((box) => {
      const value = params.get(box.name);
      if (value && Array.from(box.options).some((option) => option.value === value)) box.value = value;
    });
  }

  async function showMore() {
    const mine = generation;
    const next = current.slice(shown, shown + PAGE_SIZE);
    shown = Math.min(current.length, shown + PAGE_SIZE);
    more.hidden = shown >= current.length;
    await Promise.all(next.map(async (item) => { item.page = item.page || (await item.result.data()); }));
    if (mine !== generation) return; // a newer search has replaced these results
    next.forEach((item) => list.appendChild(entry(item)));
  }

  function entry(item) {
    const page = item.page;
    const node = element("li", "", "portal-search__result");
    const link = element("a", page.meta.title);
    link.href = page.url;
    const heading = element("p", "", "portal-search__title");
    heading.append(element("span", GROUPS[groupOf(page.url)].name, "portal-search__category"), link);
    node.appendChild(heading);
    const summary = summaryById.get(item.id);
    if (page.excerpt && summary) node.appendChild(element("p", summary, "portal-search__summary"));
    const detail = element("p", "", "portal-search__excerpt");
    if (page.excerpt) {
      const cut = excerptCut(page.content, page.plain_excerpt);
      if (cut.before) detail.append("…");
      appendExcerpt(detail, page.excerpt);
      if (cut.after) detail.append("…");
    } else {
      detail.textContent = summary || "";
    }
    node.appendChild(detail);
    return node;
  }

  function show(items, query, chosen, truncated) {
    current = items;
    shown = 0;
    list.replaceChildren();
    list.hidden = items.length === 0;
    const about = query ? "与“" + query + "”相关的" : "符合筛选条件的";
    if (items.length) {
      status.textContent = "找到 " + items.length + " 个" + about + "结果。";
    } else {
      status.textContent = "没有找到" + about + "内容。请检查用字，或换一个词（机构简称、职业名称、城市）"
        + (anyFilter(chosen) ? "，也可以减少筛选条件。" : "。");
    }
    if (truncated) status.textContent += "结果很多，只列出最相关的部分，请输入更具体的词或使用筛选。";
    return showMore();
  }

  async function run() {
    const mine = ++generation;
    const query = input.value.trim();
    const chosen = selection();
    list.setAttribute("aria-busy", "true");
    writeAddress(query, chosen);
    if (!query && !anyFilter(chosen)) {
      list.setAttribute("aria-busy", "false");
      status.textContent = "";
      list.replaceChildren();
      list.hidden = true;
      more.hidden = true;
      updateOptions(everyInstitution(), chosen);
      return;
    }
    status.textContent = query ? "正在搜索“" + query + "”…" : "正在筛选…";
    const { items, truncated } = query ? await found(query) : { items: everyInstitution(), truncated: false };
    if (mine !== generation) return; // a newer search has started
    updateOptions(items, chosen);
    await show(items.filter((item) => matches(item, chosen)), query, chosen, truncated);
    if (mine === generation) list.setAttribute("aria-busy", "false");
  }

  let timer = 0;
  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(run, 250);
  });
  form.addEventListener("change", (event) => { if (event.target.matches("select")) run(); });
  form.addEventListener("submit", (event) => {
    if (!onSearchPage) return; // the home page's box opens the search page with the query
    event.preventDefault();
    window.clearTimeout(timer);
    run();
  });
  form.addEventListener("reset", (event) => {
    event.preventDefault();
    selects.forEach((box) => { box.value = ""; });
    run();
  });
  more.addEventListener("click", showMore);

  if (onSearchPage) readAddress();
  if (filterBox) filterBox.hidden = false;
  await run();
}
