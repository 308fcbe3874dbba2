// The portal's search UI over Pagefind's search API (pagefind.js), loaded by portal.js when a search box
// is first used. Submitted text reaches the page only as text: titles, summaries and filter labels through
// textContent, excerpts split on Pagefind's own <mark> tags (it escapes the page text, so a submitted
// "<mark>" arrives as "&lt;mark&gt;") with every other part inserted as a text node.
// Filters come from our own files (the form's data-facets, see generator/index/facets.py): an unfiltered
// search fetches none of them; a filtered one fetches the small index and the list of each chosen value
// only (the tokens the directory's rule requires, window.PortalFacets.required in portal.js) and intersects
// them. So options show national counts (全国), not counts within the current results, and say so.

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
  try {
    pagefind = await import(bundle + "pagefind.js");
    await pagefind.init();
  } catch (error) {
    status.textContent = "搜索暂时无法使用，请稍后再试，或从“机构名录”查找机构。";
    throw error;
  }
  const facetsUrl = new URL(form.getAttribute("data-facets") || "", document.baseURI);
  const lists = new Map();
  let facetIndex = null;
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

  async function unzipped(url) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(url + ": " + response.status);
    return new Response(response.body.pipeThrough(new DecompressionStream("gzip"))).text();
  }

  function loadIndex() {
    if (!facetIndex) {
      facetIndex = fetch(facetsUrl).then((response) => response.json()).then((data) => {
        labelOptions(data.facets);
        return data.facets;
      });
    }
    return facetIndex;
  }

  // Pagefind ids of the institutions holding one token, in the directory's order.
  async function loadList([facet, value]) {
    const index = await loadIndex();
    const entry = Object.hasOwn(index, facet) && Object.hasOwn(index[facet], value) ? index[facet][value] : null;
    if (!entry) return [];
    const url = new URL(entry.file, facetsUrl).href;
    if (!lists.has(url)) lists.set(url, unzipped(url).then(JSON.parse));
    return lists.get(url);
  }

  // Ids of the institutions matching every chosen filter, in the directory's order.
  async function allowedIds(chosen) {
    const wanted = await Promise.all(window.PortalFacets.required(chosen).map(loadList));
    wanted.sort((a, b) => a.length - b.length);
    const others = wanted.slice(1).map((ids) => new Set(ids));
    return wanted[0].filter((id) => others.every((ids) => ids.has(id)));
  }

  // Institution pages carry Pagefind's filter page:institution: the same search limited to it tells which
  // results are institutions, so they can come first without a file of ours. (A search for the filter alone
  // would load every chunk of the word index.)
  const INSTITUTIONS = { filters: { page: "institution" } };
  async function searchBoth(term) {
    const [all, institutions] = await Promise.all([pagefind.search(term), pagefind.search(term, INSTITUTIONS)]);
    return { results: all.results, institutions: institutions.results.map((r) => r.id) };
  }

  // A page's Pagefind record, read as Pagefind does (gzip of "pagefind_dcd" + JSON), for pages listed by
  // filters alone, which no search result stands for.
  async function fragment(id) {
    const text = await unzipped(bundle + "fragment/" + id + ".pf_fragment");
    const page = JSON.parse(text.slice("pagefind_dcd".length));
    page.url = new URL(page.url.replace(/^\//, ""), siteRoot).href;
    return page;
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
    const responses = await Promise.all([searchBoth(longest)].concat(words.map((word) => searchBoth('"' + word + '"'))));
    const [plain, ...exact] = responses;
    const known = new Set(responses.flatMap((response) => response.institutions));
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
      .map((r) => ({ id: r.id, result: r, institution: known.has(r.id) }));
    items.sort((a, b) => Number(b.institution) - Number(a.institution));
    return { items, truncated: unsure.length > MAX_CHECKED };
  }

  // Each option shows how many institutions in the whole country hold it (counting within the current
  // results would need every value's list); values no institution holds are not offered.
  function labelOptions(index) {
    selects.forEach((box) => {
      const counts = Object.hasOwn(index, box.name) ? index[box.name] : {};
      Array.from(box.options).forEach((option) => {
        if (!option.value) return;
        const count = Object.hasOwn(counts, option.value) ? counts[option.value].count : 0;
        const unavailable = count === 0 && box.value !== option.value;
        option.hidden = unavailable;
        option.disabled = unavailable;
        option.textContent = option.dataset.label + "（全国 " + count + "）";
      });
    });
    if (filterBox) filterBox.appendChild(element("p", "括号内是全国的机构数，不是当前结果数；当前结果数见结果上方。", "portal-search__note"));
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
    await Promise.all(next.map(async (item) => {
      item.page = item.page || (await (item.result ? item.result.data() : fragment(item.id)));
    }));
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
    const summary = page.meta.summary;
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
      return;
    }
    status.textContent = query ? "正在搜索“" + query + "”…" : "正在筛选…";
    let answer, allowed;
    try {
      [answer, allowed] = await Promise.all([
        query ? found(query) : null, anyFilter(chosen) ? allowedIds(chosen) : null]);
    } catch (error) {
      if (mine === generation) status.textContent = "搜索暂时无法使用，请稍后再试，或从“机构名录”查找机构。";
      list.setAttribute("aria-busy", "false");
      throw error;
    }
    if (mine !== generation) return; // a newer search has started
    let items;
    if (!allowed) items = answer.items;
    else if (!answer) items = allowed.map((id) => ({ id, institution: true }));
    else {
      const kept = new Set(allowed);
      items = answer.items.filter((item) => kept.has(item.id));
    }
    await show(items, query, chosen, Boolean(answer && answer.truncated));
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
  if (filterBox) {
    filterBox.hidden = false;
    // Opening a filter shows its national counts: the small index only, never a value's list.
    ["focusin", "pointerdown"].forEach((type) => filterBox.addEventListener(type, loadIndex, { once: true }));
  }
  await run();
}
