// The portal's search UI over Pagefind's search API (pagefind.js), loaded by portal.js when a search box
// is first used. Submitted text reaches the page only as text: titles, summaries and filter labels through
// textContent, excerpts split on Pagefind's own <mark> tags (it escapes the page text, so a submitted
// "<mark>" arrives as "&lt;mark&gt;") with every other part inserted as a text node.
// Filters come from our own files (the form's data-facets, see generator/index/facets.py): an unfiltered
// search fetches none of them; a filtered one fetches the small index and the list of each chosen value
// only (the tokens the directory's rule requires, window.PortalFacets.required in portal.js) and intersects
// them. So options show national counts (全国), not counts within the current results, and say so.
// Institutions are not Pagefind pages of their own: search parts (generator/views/search_parts.py) hold up
// to 100 each, one heading per institution. The parts index (generator/index/parts.py) says where each
// institution's words start in its part, so the word positions of a Pagefind result tell which
// institutions match before any part's text is loaded; an institution is known by its position in the
// directory's order, as in the filter lists.

const PAGE_SIZE = 10;
// Pages found only by Pagefind's plain search whose text is checked for the query (it also matches single
// characters of a Chinese word: 家政保洁服务 found "1 家机构"); beyond this many, a narrower query is asked for.
const MAX_CHECKED = 200;
const WORDS = new Intl.Segmenter("zh", { granularity: "word" });
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
  const partsUrl = new URL(form.getAttribute("data-parts") || "", document.baseURI);
  let partsIndex = null;
  const lists = new Map();
  const records = new Map(); // parts' records loaded for filters alone
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

  // Positions of the institutions holding one token, in the directory's order.
  async function loadList([facet, value]) {
    const index = await loadIndex();
    const entry = Object.hasOwn(index, facet) && Object.hasOwn(index[facet], value) ? index[facet][value] : null;
    if (!entry) return [];
    const url = new URL(entry.file, facetsUrl).href;
    if (!lists.has(url)) lists.set(url, unzipped(url).then(JSON.parse));
    return lists.get(url);
  }

  // Positions of the institutions matching every chosen filter, in the directory's order.
  async function allowedIds(chosen) {
    const wanted = await Promise.all(window.PortalFacets.required(chosen).map(loadList));
    wanted.sort((a, b) => a.length - b.length);
    const others = wanted.slice(1).map((ids) => new Set(ids));
    return wanted[0].filter((id) => others.every((ids) => ids.has(id)));
  }

  // The parts index: each part's Pagefind id, its first institution's position and the word at which each
  // of its institutions starts (stored as differences).
  function loadParts() {
    if (!partsIndex) {
      partsIndex = unzipped(partsUrl).then(JSON.parse).then((data) => {
        const parts = data.parts.map(([id, first, lengths]) => {
          let at = 0;
          return { id, first, starts: lengths.map((length) => (at += length)) };
        });
        return { institution: data.institution, parts, byId: new Map(parts.map((part) => [part.id, part])) };
      });
    }
    return partsIndex;
  }

  // The part holding the institution at this position, and the institution's place in it.
  function place(index, position) {
    let low = 0;
    let high = index.parts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (index.parts[middle].first <= position) low = middle; else high = middle - 1;
    }
    const part = index.parts[low];
    return { part, section: position - part.first };
  }

  // The institution (its place in the part) whose words include this word position, or -1 before the first.
  function sectionAt(starts, location) {
    let low = 0;
    let high = starts.length - 1;
    if (!starts.length || location < starts[0]) return -1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle] <= location) low = middle; else high = middle - 1;
    }
    return low;
  }

  // What one Pagefind search found, as candidates: each institution of a part with a word position in it
  // (keyed by its position in the directory's order, a number), and every other page (keyed by its id).
  function candidates(response, index) {
    const found = new Map();
    response.results.forEach((result, rank) => {
      const part = index.byId.get(result.id);
      if (!part) {
        found.set(result.id, { key: result.id, result, rank, hits: result.words.length, institution: false });
        return;
      }
      result.words.forEach((location) => {
        const section = sectionAt(part.starts, location);
        if (section < 0) return;
        const key = part.first + section;
        const known = found.get(key);
        if (known) known.hits += 1;
        else found.set(key, { key, result, rank, part, section, hits: 1, institution: true });
      });
    });
    return found;
  }

  // The keys (as candidates() makes them) of the places in a page: its institutions there, or the page.
  function keysAt(id, locations, index) {
    const part = index.byId.get(id);
    if (!part) return locations.length ? [id] : [];
    return locations.map((location) => sectionAt(part.starts, location)).filter((section) => section >= 0)
      .map((section) => part.first + section);
  }

  // Where the terms of a word of several terms stand one after another, in the pages its exact search
  // found: every place of the word there (the exact search gives only the first place of each page).
  function phraseKeys(termResponses, exactResponse, index) {
    const places = termResponses.map((response) => new Map(response.results.map((r) => [r.id, new Set(r.words)])));
    return exactResponse.results.flatMap(({ id }) => {
      const starts = [...(places[0].get(id) || [])]
        .filter((at) => places.every((terms, n) => terms.has(id) && terms.get(id).has(at + n)));
      return keysAt(id, starts, index);
    });
  }

  // A record of Pagefind's, read as Pagefind does (gzip of "pagefind_dcd" + JSON), for the parts of the
  // institutions that filters alone list, which no search result stands for.
  async function fragment(id) {
    const text = await unzipped(bundle + "fragment/" + id + ".pf_fragment");
    return JSON.parse(text.slice("pagefind_dcd".length));
  }

  // Institutions and pages whose text holds every word of the query: institutions first, then in Pagefind's
  // order (an institution ranks with its part, then by how often the query occurs in its text).
  // Pagefind's exact ("quoted") search finds a word only as whole indexed words, and gives one place per
  // page: the institution there holds the word. Its plain search gives every place, but of the indexed words
  // that start with the term, or, when none does, of a shorter one (家政 finds 家). So for a word Pagefind
  // searches as one term and finds whole somewhere (its exact search finds a page), every place of its plain
  // search is the word, and each institution with one holds it; for a word of several terms (养老护理员:
  // 养老 护理 员), the places in those pages where the terms' plain searches follow one another are.
  // When the exact search finds a word nowhere (the index segmented it differently, such as 育婴员, or
  // Pagefind matched single characters of it), what the plain search of the longest word finds is checked
  // against the institution's or page's text, up to MAX_CHECKED of them.
  async function found(query) {
    const words = query.split(/\s+/).filter(Boolean);
    const wanted = words.map(normalize).filter(Boolean);
    if (!wanted.length) return { items: [], truncated: false };
    const longest = words.indexOf(words.reduce((a, b) => (b.length > a.length ? b : a)));
    const split = words.map(terms);
    const [index, plainResponses, exactResponses, termResponses] = await Promise.all([
      loadParts(),
      Promise.all(words.map((word) => pagefind.search(word))),
      Promise.all(words.map((word) => pagefind.search('"' + word + '"'))),
      Promise.all(split.map((parts) => (parts.length > 1 ? Promise.all(parts.map((t) => pagefind.search(t))) : null))),
    ]);
    const plain = plainResponses.map((response) => candidates(response, index));
    const exact = exactResponses.map((response) => candidates(response, index));
    // One Pagefind result per page stands for it (the longest word's): the excerpts of a part's
    // institutions all come from one load of its record.
    const results = new Map();
    const standing = new Map();
    [plain[longest], ...plain, ...exact].forEach((matches) => matches.forEach((item, key) => {
      if (!standing.has(item.result.id)) standing.set(item.result.id, { result: item.result, record: null });
      if (!results.has(key)) results.set(key, { ...item, page: standing.get(item.result.id), order: results.size });
    }));
    const sure = words.map((_, i) => {
      if (split[i].length > 1) return new Set([...exact[i].keys(), ...phraseKeys(termResponses[i], exactResponses[i], index)]);
      return new Set((exactResponses[i].results.length ? plain[i] : exact[i]).keys());
    }).reduce((all, next) => new Set([...all].filter((key) => next.has(key))));
    const whole = exactResponses.every((response) => response.results.length > 0);
    const unsure = whole ? [] : [...plain[longest].values()].filter((item) => !sure.has(item.key));
    const checked = unsure.slice(0, MAX_CHECKED).map((item) => results.get(item.key));
    const texts = await Promise.all(checked.map(async (item) => textOf(item, await record(item.page))));
    const holds = new Set(checked.filter((item, i) => {
      const text = normalize(texts[i]);
      return wanted.every((word) => text.includes(word));
    }).map((item) => item.key));
    const items = [...results.values()].filter((item) => sure.has(item.key) || holds.has(item.key));
    const rankOf = new Map();
    items.forEach((item) => { if (!rankOf.has(item.result.id)) rankOf.set(item.result.id, rankOf.size); });
    items.sort((a, b) => Number(b.institution) - Number(a.institution)
      || rankOf.get(a.result.id) - rankOf.get(b.result.id) || b.hits - a.hits || a.order - b.order);
    return { items, truncated: unsure.length > MAX_CHECKED };
  }

  // The terms Pagefind's search makes of a word: it cuts Chinese text into words with the browser's
  // segmenter and drops punctuation (pagefind.js, PagefindInstance.search).
  function terms(word) {
    const segments = Array.from(WORDS.segment(word), (part) => part.segment);
    return segments.filter((segment) => !/^[\p{P}\s]*$/u.test(segment));
  }

  // A page's record, loaded once per search through the result that stands for it.
  function record(page) {
    if (!page.record) page.record = page.result.data();
    return page.record;
  }

  // The headings of a part's record: its institutions, in order.
  function institutionsOf(record) {
    return record.anchors.filter((anchor) => anchor.element === "h2").sort((a, b) => a.location - b.location);
  }

  // The paragraphs of a part's record that have ids: each institution's summary line, in order.
  function summariesOf(record) {
    return record.anchors.filter((anchor) => anchor.element === "p").sort((a, b) => a.location - b.location);
  }

  // An institution's words in its part (Pagefind separates words with U+200B and escapes < and >, as in
  // its excerpts: decoded, the text as written).
  function sectionText(record, section, decoded = true) {
    const heads = institutionsOf(record);
    const end = section + 1 < heads.length ? heads[section + 1].location : undefined;
    const text = record.raw_content.split("\u200b").slice(heads[section].location, end).join("");
    return decoded ? decodeEntities(text) : text;
  }

  function textOf(item, record) {
    return item.institution ? sectionText(record, item.section) : record.meta.title + " " + record.content;
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
    await Promise.all(next.map(async (item) => { item.view = item.view || (await view(item)); }));
    if (mine !== generation) return; // a newer search has replaced these results
    next.forEach((item) => list.appendChild(entry(item.view)));
  }

  // What a result shows: title, link, summary line and excerpt (with the text it was cut from).
  async function view(item) {
    if (!item.institution) {
      const page = await record(item.page);
      return { title: page.meta.title, url: page.url, summary: page.meta.summary, excerpt: page.excerpt,
        plainExcerpt: page.plain_excerpt, content: page.content };
    }
    const index = await loadParts();
    const part = item.page ? await record(item.page) : await partRecord(item.part.id);
    const head = institutionsOf(part)[item.section];
    const sub = item.page ? part.sub_results.find((result) => result.anchor && result.anchor.id === head.id) : null;
    return {
      title: head.text,
      url: new URL(index.institution.replace("{code}", encodeURIComponent(head.id)), siteRoot).href,
      summary: summariesOf(part)[item.section].text,
      excerpt: sub && sub.excerpt,
      plainExcerpt: sub && sub.plain_excerpt,
      content: sub ? sectionText(part, item.section, false) : "",
    };
  }

  function partRecord(id) {
    if (!records.has(id)) records.set(id, fragment(id));
    return records.get(id);
  }

  function entry(page) {
    const node = element("li", "", "portal-search__result");
    const link = element("a", page.title);
    link.href = page.url;
    const heading = element("p", "", "portal-search__title");
    heading.append(element("span", GROUPS[groupOf(page.url)].name, "portal-search__category"), link);
    node.appendChild(heading);
    const summary = page.summary;
    if (page.excerpt && summary) node.appendChild(element("p", summary, "portal-search__summary"));
    const detail = element("p", "", "portal-search__excerpt");
    if (page.excerpt) {
      const cut = excerptCut(page.content, page.plainExcerpt);
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
    else if (!answer) {
      const index = await loadParts();
      items = allowed.map((key) => ({ key, institution: true, ...place(index, key) }));
    } else {
      const kept = new Set(allowed);
      items = answer.items.filter((item) => kept.has(item.key));
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
