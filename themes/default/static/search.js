// ocop search: runs in the browser from the static index under search/ (see src/search.rs).
// No dependencies. An ES module: the page loads it with <script type="module"> (deferred;
// browsers without modules keep the page's no-JavaScript links), and Node tests import
// fold, matchKey, tokens and open from it. The page part runs only on the search page.

const MARK = /\p{M}/u;
const MARKS = /\p{M}/gu;
const WORD = /[\p{Alphabetic}\p{N}\p{M}]+/gu;
const ENDS_IN_WORD = /[\p{Alphabetic}\p{N}\p{M}]$/u;
const TONES = '\u0300\u0301\u0303\u0309\u0323';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DIGIT = new Uint8Array(128);
for (let i = 0; i < 64; i++) DIGIT[B64.charCodeAt(i)] = i;
const PAGE = 10;
// Added to the cost of a product whose certificate has lapsed (expired or revoked): it
// ranks below certified ones that match as well (or one field lower, or as a prefix), above
// those that match only in weaker fields ("xa phong": the soap above texts with "phòng").
const LAPSED = 3;

/** Vietnamese folding, as `vietnamese::fold`: marks removed, đ → d, lower case. */
export function fold(s) {
  let out = '';
  for (const c of s.normalize('NFD').replace(MARKS, '')) out += 'đĐÐð'.includes(c) ? 'd' : c.toLowerCase();
  return out;
}

// Moves the tone of a final "oa", "oe", "uy" (not after q) to the first vowel: hoà → hòa.
function tone(w) {
  const b = [];
  for (const c of w.normalize('NFD')) {
    if (!MARK.test(c)) b.push([c, '']);
    else if (b.length) b[b.length - 1][1] += c;
  }
  const n = b.length;
  if (n > 1 && /^(oa|oe|uy)$/.test(b[n - 2][0] + b[n - 1][0]) && !(n > 2 && b[n - 3][0] === 'q')) {
    const m = b[n - 1][1];
    for (let i = 0; i < m.length; i++) {
      if (TONES.includes(m[i])) {
        b[n - 2][1] += m[i];
        b[n - 1][1] = m.slice(0, i) + m.slice(i + 1);
        break;
      }
    }
  }
  return b.map((x) => x[0] + x[1]).join('').normalize('NFC');
}

/** As `vietnamese::match_key`: NFC, lower case, one tone placement, single spaces. */
export function matchKey(s) {
  return s.trim().normalize('NFC').toLowerCase().split(/\s+/).filter(Boolean).map(tone).join(' ');
}

/** As `shorthand::codes`: a code typed with joiners ("2345/QĐ-UBND") as one word. */
export const joinCodes = (s) => s.replace(/[\p{Alphabetic}\p{N}\p{M}]+(?:[/.-][\p{Alphabetic}\p{N}\p{M}]+)+/gu, (c) => (/\d/.test(c) ? c.replace(/[/.-]/g, '') : c));

/** As `search::tokens`: the words of a text as [folded, accented key] pairs. */
export function tokens(s) {
  return (s.match(WORD) || []).map((w) => [fold(w), matchKey(w)]).filter((t) => t[0]);
}

// The varints of a string (`search::push_varint`) from character `from`.
function varints(s, from = 0) {
  const out = [];
  let n = 0;
  for (let i = from; i < s.length; i++) {
    const d = DIGIT[s.charCodeAt(i)];
    n = n * 32 + (d & 31);
    if (d < 32) {
      out.push(n);
      n = 0;
    }
  }
  return out;
}

// A posting string (see `search::encode_postings`) as [doc, field, doc, field, ...], or with
// k = 1 a set (`search::encode_set`) as [doc, 0, doc, 0, ...]. Starts at character `from`.
function postings(s, k = 5, from = 0) {
  const out = [];
  let next = 0;
  for (const n of varints(s, from)) {
    const doc = next + Math.floor(n / k);
    out.push(doc, n % k);
    next = doc + 1;
  }
  return out;
}

// The i-th fixed-width base-64 number of s.
function fixed(s, i, w) {
  let v = 0;
  for (let k = i * w; k < i * w + w; k++) v = v * 64 + DIGIT[s.charCodeAt(k)];
  return v;
}

// Letters with their marks (đ as d plus a mark), to compare accents letter by letter.
function letters(s) {
  const out = [];
  for (const c of s.normalize('NFD')) {
    if (MARK.test(c)) {
      if (out.length) out[out.length - 1] += c;
    } else out.push(c === 'đ' ? 'dđ' : c);
  }
  return out;
}

// How a query word's accents fit a spelling: 0 the same, 1 compatible (the query lacks some
// marks), 2 different. Only called when the query word has accents.
function accent(q, v) {
  if (v.startsWith(q)) return 0;
  const a = letters(q);
  const b = letters(v);
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i] || '';
    if (x[0] !== y[0]) return 2;
    for (const m of x.slice(1)) if (!y.includes(m)) return 2;
  }
  return 1;
}

// Whether a and b are one edit apart (insertion, deletion, substitution, transposition).
function near(a, b) {
  const d = a.length - b.length;
  if (d > 1 || d < -1 || a === b) return false;
  let i = 0;
  while (a[i] === b[i]) i++;
  if (!d) return a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
  return d > 0 ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

// FNV-1a over UTF-16 code units (`base::hash::fnv32_utf16`): the bucket of a name or code.
const fnv = (s) => {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
};

const getJson = (url) =>
  fetch(url).then((r) => {
    if (!r.ok) throw new Error(`${r.status} ${url}`);
    return r.json();
  });

/**
 * Opens the index whose manifest is at `manifestUrl` (absolute). `load(url)` fetches JSON.
 * Returns { m, search(state), records(tab, ids) }. A state is { q, tab (0 products,
 * 1 producers), f: { sao, nhom, tinh, loai: arrays of slugs }, sx ('' | sao | ten | moi | gia | gia-giam) }.
 */
export async function open(manifestUrl, load = getJson) {
  const files = new Map();
  let m = null;
  // A file's version (`?v=`): its group's three characters in the manifest's `versions`
  // (`search/versions.rs`), so a changed file gets a new address and the others stay cached.
  const version = (name) => {
    const [, kind, n] = /^(.*?)(?:-(\d+))?\.json$/.exec(name) || [];
    const codes = m && m.versions && m.versions[kind];
    if (!codes) return '';
    const at = Math.floor(Number(n || 0) / m.versionGroup) * 3;
    return `?v=${codes.slice(at, at + 3)}`;
  };
  const get = (name) => {
    const url = new URL(name + version(name), manifestUrl).href;
    if (!files.has(url)) {
      files.set(url, load(url).catch((e) => {
        files.delete(url);
        throw e;
      }));
    }
    return files.get(url);
  };
  m = await get(manifestUrl);
  const P = m.products;
  // Products from C on have lapsed certificates (`records::Records::current`).
  const C = m.current ?? P;
  const bounds = m.chunks;
  // Wide prefixes, whose words are in many chunks (`search::wide_prefixes`): each has its
  // own list, and is not matched with typos or as a prefix of a missing word.
  const WIDE = new Set(m.prefixes);
  const wide = (p) => WIDE.has(p);
  // Index of the last chunk whose first word is <= s.
  const chunkOf = (s) => {
    let lo = 0;
    let hi = bounds.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (bounds[mid] <= s) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  // Rows [term, key, postings, ...] of the words starting with p (or equal to it).
  const rows = async (p, prefix) => {
    const a = chunkOf(p);
    const b = prefix ? chunkOf(`${p}\uffff`) : a;
    const chunks = await Promise.all(bounds.slice(a, b + 1).map((c, i) => get(`terms-${a + i}.json`)));
    const out = [];
    for (const c of chunks) {
      let lo = 0;
      let hi = c.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (c[mid][0] < p) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < c.length && (prefix ? c[i][0].startsWith(p) : c[i][0] === p); i++) out.push(c[i]);
    }
    return out;
  };
  // Facet values per record: [stars - 1, group, kind, province] for products (tab 0),
  // [kind, province] for producers (tab 1).
  const facets = [];
  const facetData = async (t) => {
    if (facets[t]) return facets[t];
    const cols = (await get(t ? 'producer-facets.json' : 'product-facets.json')).columns;
    const radix = t ? m.producerRadix : m.productRadix;
    const n = t ? m.producers : C;
    return (facets[t] = cols.map((c, d) => {
      const w = Math.max(1, Math.ceil(Math.log2(radix[d]) / 6));
      const out = new Uint16Array(n);
      for (let i = 0; i < n; i++) out[i] = fixed(c, i, w);
      return out;
    }));
  };

  // One query word: doc → cost (accent penalty * 100 + 9 - field score), lower is better.
  // A word found neither whole nor as a prefix may be two words run together ("matong"),
  // then one typo away from a word (`near`); `w.fix` says what was searched instead.
  const matchWord = async (w, last) => {
    const [f, k] = w;
    const prefix = last && w.prefix;
    let docs = await lookup(f, k, prefix);
    if (docs.size || [...f].length < 4) return docs;
    docs = await split(f, k, prefix);
    w.fix = docs.fix;
    if (docs.size || wide(f.slice(0, 2))) return docs;
    const found = (await rows(f.slice(0, 2), true)).filter((r) => near(f, r[0]) || (w.prefix && near(f, r[0].slice(0, f.length))));
    if (found.length) w.fix = found[0][0];
    return scan(found, f, k, 0);
  };

  // Two words run together: every cut into a whole word of the index and a word (a prefix
  // when still being typed), the records having both, at the cost of the worse; the cut
  // with the best record (then the most) is named.
  const split = async (f, k, prefix) => {
    const out = new Map();
    const ks = [...k];
    const fs = [...f];
    let best = [1e9, 0];
    for (let i = 2; i <= fs.length - 2; i++) {
      const a = fs.slice(0, i).join('');
      if (!(await rows(a, false)).length) continue;
      const b = fs.slice(i).join('');
      const [x, y] = ks.length === fs.length ? [ks.slice(0, i).join(''), ks.slice(i).join('')] : [a, b];
      const one = await lookup(a, x, false);
      const two = await lookup(b, y, prefix);
      let top = 1e9;
      let n = 0;
      for (const [d, c] of one) {
        const e = two.get(d);
        if (e === undefined) continue;
        const cost = Math.max(c, e);
        n++;
        top = Math.min(top, cost);
        if (!(out.get(d) <= cost)) out.set(d, cost);
      }
      if (n && (top < best[0] || (top === best[0] && n > best[1]))) {
        best = [top, n];
        out.fix = `${x} ${y}`;
      }
    }
    return out;
  };

  // A word's records: the rows of the word itself, or of the words it starts (a prefix).
  const lookup = async (f, k, prefix) => {
    // A short prefix whose words span many chunks has its own list (`search::prefix_row`),
    // read beside the word itself (a whole word ranks above a prefix).
    const loose = prefix && wide(f) ? m.prefixes.indexOf(f) : -1;
    let found = await rows(f, prefix && loose < 0);
    if (loose >= 0) found.push(Object.assign(await get(`prefix-${loose}.json`), { loose: 1 }));
    // A word with a digit may be a barcode or decision number: its bucket (`shorthand::code_files`).
    if (m.codes && /\d/.test(f)) {
      const c = (await get(`codes-${fnv(f) % m.codes}.json`)).find((r) => r[0] === f);
      if (c) found.push(Object.assign(c, { code: 1 }));
    }
    // Other words are whole words, or prefixes when no word is spelt so.
    if (!found.length && !prefix && f.length > 1 && !wide(f)) found = await rows(f, true);
    return scan(found, f, k, 1);
  };

  // The records of term rows `found` for the query word [f, k]; `whole` 0 for a typo.
  const scan = (found, f, k, whole) => {
    const marked = f !== k;
    const docs = new Map();
    const put = (d, cost) => {
      const old = docs.get(d);
      if (old === undefined || cost < old) docs.set(d, cost);
    };
    for (const r of found) {
      const exact = r[0] === f && whole && !r.loose ? 1 : 0;
      for (let v = 1; v + 1 < r.length; v += 2) {
        const pen = marked && !r.code ? (r.loose ? 1 : accent(k, r[v] || r[0])) : 0;
        const p = postings(r[v + 1]);
        for (let i = 0; i < p.length; i += 2) put(p[i], pen * 100 + 9 - ((4 - p[i + 1]) * 2 + exact));
      }
      // A very common word's text tier (`search::text_tier`): its spelling in a text is not
      // kept, so an accented query word counts it as compatible.
      if (r.length % 2 === 0) {
        const t = r[r.length - 1];
        const cost = (marked ? 100 : 0) + 9 - exact;
        const p = postings(t, 1, 1);
        if (t[0] === '+') for (let i = 0; i < p.length; i += 2) put(p[i], cost);
        // Lapsed products' texts are not indexed: such a tier leaves them out.
        else for (let d = 0, i = 0; d < P + m.producers; d++) {
          if (d === p[i]) i += 2;
          else if (d < C || d >= P) put(d, cost);
        }
      }
    }
    return docs;
  };

  // A long name pasted (at least m.nameWords words, the last still a prefix): the index may
  // hold its answer (`search::name_answers`), with costs for the name's accents or none.
  const pasted = async (words) => {
    if (!m.names || words.length < m.nameWords || !words[words.length - 1].prefix) return null;
    const key = (i) => words.map((w) => w[i]).join(' ');
    const fk = key(0);
    const plain = words.every((w) => w[0] === w[1]);
    const e = (await get(`names-${fnv(fk) % m.names}.json`)).find((x) => x[0] === fk && (plain || x[1] === key(1)));
    if (!e) return null;
    const docs = postings(e[2], 1);
    const costs = varints(plain || !e[3] ? e[4] : e[3]);
    return new Map(costs.map((c, i) => [docs[2 * i], c]));
  };

  const search = async (st) => {
    const q = joinCodes(st.q || '');
    const seen = new Set();
    const words = tokens(q)
      .filter((t) => !seen.has(t[1]) && seen.add(t[1]))
      .slice(0, 10)
      .map((t) => Object.assign(t, { text: t[1] }));
    // The last word is still being typed unless the query ends in a space or punctuation.
    if (words.length) words[words.length - 1].prefix = ENDS_IN_WORD.test(q);
    const f = st.f || {};
    const idx = (list, slugs) => new Set((slugs || []).map((s) => list.findIndex((x) => x[0] === s)).filter((i) => i >= 0));
    const kinds = idx(m.kinds, f.loai);
    const provs = idx(m.provinces, f.tinh);
    // Producers' facets only when they are shown or filtered.
    const needC = st.tab || kinds.size || provs.size;
    const [fd0, fd1, named] = await Promise.all([facetData(0), needC && facetData(1), pasted(words)]);
    const maps = named ? [named] : await Promise.all(words.map((w, i) => matchWord(w, i === words.length - 1)));
    const fd = [fd0, fd1];
    const sizes = [[5, m.groups.length, m.kinds.length, m.provinces.length], [m.kinds.length, m.provinces.length]];
    const res = {
      words,
      missing: named ? [] : words.filter((w, i) => !maps[i].size),
      counts: [0, 0],
      facets: sizes.map((s) => s.map((n) => new Array(n).fill(0))),
      ids: [],
    };
    if (res.missing.length) return res;
    // Documents that match every word, with their total cost.
    let docs;
    if (!words.length) {
      docs = new Map();
      // Browsing lists the certified catalogue; lapsed products are found by a query only.
      for (let d = 0; d < P + m.producers; d++) if (d < C || d >= P) docs.set(d, 0);
    } else {
      res.why = named ? () => [0] : why(words, [...maps]);
      maps.sort((a, b) => a.size - b.size);
      docs = new Map();
      for (const [d, c] of maps[0]) {
        let sum = c;
        for (let i = 1; i < maps.length && sum >= 0; i++) {
          const x = maps[i].get(d);
          sum = x === undefined ? -1 : sum + x;
        }
        if (sum >= 0) docs.set(d, sum + (d >= C && d < P ? LAPSED : 0));
      }
    }
    // Filters as sets of value indices, per facet dimension of each tab.
    const filters = [
      [new Set((f.sao || []).map((s) => s - 1)), idx(m.groups, f.nhom), kinds, provs],
      [kinds, provs],
    ];
    const lists = [[], []];
    const some = filters[0].some((x) => x.size);
    for (const [d, cost] of docs) {
      const t = d < P ? 0 : 1;
      const i = t ? d - P : d;
      const dims = fd[t];
      // Lapsed products have no facet values: they follow a query with no filter.
      if (!t && d >= C) {
        if (!some) lists[0].push([d, cost]);
        continue;
      }
      if (!dims) {
        lists[t].push([d, cost]);
        continue;
      }
      const flt = filters[t];
      let miss = -1;
      for (let k = 0; k < dims.length; k++) {
        if (flt[k].size && !flt[k].has(dims[k][i])) {
          if (miss >= 0) {
            miss = -2;
            break;
          }
          miss = k;
        }
      }
      if (miss === -2) continue;
      // Disjunctive counts: a value counts the documents that pass every other filter.
      for (let k = 0; k < dims.length; k++) if (miss < 0 || miss === k) res.facets[t][k][dims[k][i]]++;
      if (miss < 0) lists[t].push([d, cost]);
    }
    res.counts = [lists[0].length, lists[1].length];
    const tab = st.tab ? 1 : 0;
    const list = lists[tab];
    let key = null;
    // By name, newest certificate or price (`by-ten`, `by-moi`, `by-gia`: named after the
    // sort's `sx`): a rank per product; those without one come last.
    if (!tab && /^(ten|moi|gia)/.test(st.sx)) {
      const s = await get(`by-${st.sx.slice(0, 3)}.json`);
      const down = st.sx === 'gia-giam' ? -1 : 1;
      key = (d) => {
        const r = fixed(s.rank, d, s.width);
        return r < s.ranked ? r * down : 1e9;
      };
    }
    if (key) list.sort((a, b) => key(a[0]) - key(b[0]) || a[0] - b[0]);
    // Ids are in order of stars (then producer and name) for products, of name for producers.
    else if (st.sx === (tab ? 'ten' : 'sao')) list.sort((a, b) => a[0] - b[0]);
    else {
      list.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
      // A pasted name: among the equally best, the record named exactly so comes first.
      let n = list.findIndex((x) => x[1] !== list[0][1]);
      if (n < 0) n = list.length;
      if (words.length > 1 && n > 1 && n <= 2 * PAGE) {
        const want = words.map((w) => w[0]).join(' ');
        const recs = await records(tab, list.slice(0, n).map((x) => x[0]));
        const named = (r) => (tokens(r[0]).map((t) => t[0]).join(' ') === want ? 0 : 1);
        const lead = list.slice(0, n).map((x, i) => [named(recs[i]), x]);
        lead.sort((a, b) => a[0] - b[0] || a[1][0] - b[1][0]);
        list.splice(0, n, ...lead.map((x) => x[1]));
      }
    }
    res.ids = list.map((x) => x[0]);
    return res;
  };

  // Why a record was found (a reason per field, best first), from each query word's cost:
  // a code (a word with a digit) in the tags is a barcode (8 to 14 digits) or a decision.
  const why = (words, maps) => (d) => {
    const out = new Set();
    const fields = words.map((w, i) => [Math.min(4, (maps[i].get(d) % 100) >> 1), w[0]]).sort((a, b) => a[0] - b[0]);
    for (const [x, f] of fields) out.add(x === 3 && /\d/.test(f) ? (/^\d{8,14}$/.test(f) ? 'barcode' : 'decision') : x);
    return [...out];
  };

  // Display records of the given ids (all of one tab), in order.
  const records = async (tab, ids) => {
    const local = ids.map((d) => (tab ? d - P : d));
    const shard = (i) => `${tab ? 'producers' : 'products'}-${i}.json`;
    const size = tab ? m.producerShard : m.shard;
    const loaded = await Promise.all(local.map((i) => get(shard(Math.floor(i / size)))));
    return local.map((i, n) => loaded[n][i % size]);
  };

  return { m, search, records };
}

// ---------------------------------------------------------------------------------------
// The search page.

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const DIMS = ['sao', 'nhom', 'loai', 'tinh'];
const quote = (ws) => ws.map((w) => `“${w.text ?? w}”`).join(', ');
// Interface text comes from the page (the theme's translation files, `search_js.*`): a text
// with `{name}` placeholders, or a plural choice "one | other" picked by `n`.
let S = {};
const tr = (key, a = {}) => {
  let s = S[key] ?? key;
  const alt = s.split(' | ');
  if (alt.length > 1) s = a.n === 1 ? alt[0] : alt[alt.length - 1];
  return s.replace(/\{(\w+)\}/g, (m, x) => (x in a ? a[x] : m));
};

function page(root) {
  const $ = (s) => root.querySelector(s);
  try {
    S = JSON.parse(root.querySelector('[data-strings]')?.textContent || '{}');
  } catch {
    S = {};
  }
  const form = $('form');
  const input = $('#q');
  const status = $('[data-status]');
  const live = $('[data-live]');
  let liveTimer;
  const list = $('[data-results]');
  const more = $('[data-more]');
  const box = $('[data-facets]');
  const clear = $('[data-clear]');
  let engine;
  let seq = 0;
  let shown = PAGE;
  let last;

  const state = () => {
    const d = new FormData(form);
    const f = {};
    for (const k of DIMS) f[k] = d.getAll(k);
    return { q: d.get('q') || '', tab: d.get('xem') ? 1 : 0, f, sx: d.get('sx') || '' };
  };
  const url = () => {
    const p = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (v) p.append(k, v);
    const s = p.toString();
    return location.pathname + (s ? `?${s}` : '');
  };
  const fromUrl = () => {
    const p = new URLSearchParams(location.search);
    input.value = p.get('q') || '';
    for (const el of form.elements) {
      if (el.type === 'checkbox' || el.type === 'radio') el.checked = p.getAll(el.name).includes(el.value) || (el.type === 'radio' && !el.value && !p.get(el.name));
      else if (el.tagName === 'SELECT') el.value = p.get(el.name) || '';
    }
  };

  const facetsHtml = (m) =>
    DIMS.map((name, k) => {
      const values = k
        ? k === 1
          ? m.groups.map(([slug, text]) => [slug, S.groups?.[slug] ?? text])
          : k === 2
            ? m.kinds.map(([slug, text]) => [slug, S.kinds?.[slug] ?? text])
            : m.provinces
        : [5, 4, 3, 2, 1].map((n) => [String(n), tr('stars_short', { n })]);
      return `<fieldset class="facet" data-dim="${name}"><legend>${esc(tr(`dim_${name}`))}</legend><ul class="chips">${values
        .map(([slug, text]) => `<li><label><input type="checkbox" name="${name}" value="${esc(slug)}"> ${esc(text)} <span class="count">0</span></label></li>`)
        .join('')}</ul></fieldset>`;
    }).join('');

  // Records name Vietnamese pages; an English page links to its own language's pages.
  const assets = root.dataset.assets || '';
  const pages = root.dataset.pages || assets;
  const pageUrl = (u) => (assets && u.startsWith(assets) ? pages + u.slice(assets.length) : u);
  // Record text is Vietnamese: marked so on pages in another language.
  const lang = S.lang && S.lang !== 'vi' ? ' lang="vi"' : '';
  const group = (m, i) => S.groups?.[m.groups[i][0]] ?? m.groups[i][1];
  const kind = (m, i) => S.kinds?.[m.kinds[i][0]] ?? m.kinds[i][1];
  // A name with the query's words marked (a last word being typed as a prefix).
  const marked = (name, res) => {
    const want = res.words.flatMap((w) => (w.fix || w[0]).split(' ').map((f) => [f, w.prefix]));
    return name
      .split(/([\p{Alphabetic}\p{N}\p{M}]+)/u)
      .map((x, i) => {
        const f = fold(x);
        return i % 2 && want.some(([q, p]) => f === q || (p && f.startsWith(q))) ? `<mark>${esc(x)}</mark>` : esc(x);
      })
      .join('');
  };
  // One result: a photo's thumbnail is the WebP of its small variant (a JPEG fallback), in
  // a box of fixed size; a product shows its price, and a lapsed certificate in words.
  const hit = (tab, r, d, res) => {
    const m = engine.m;
    const img = r[2] ? `<img src="${esc(r[2])}" alt="" width="96" height="72" loading="lazy" decoding="async">` : '<span class="img-placeholder" aria-hidden="true">★</span>';
    const pic = /\.jpg$/.test(r[2]) ? `<picture><source type="image/webp" srcset="${esc(r[2].replace(/jpg$/, 'webp'))}">${img}</picture>` : img;
    const lapsed = !tab && d >= m.current;
    const status = r[9] < 0 ? 'revoked' : 'expired';
    // The end date, YYYYMMDD (negative when revoked), as YYYY-MM-DD.
    const ends = String(Math.abs(r[9])).replace(/(\d{4})(\d\d)/, '$1-$2-');
    const meta = tab
      ? `<p class="card-meta">${esc(kind(m, r[3]))} · ${esc(m.provinces[r[4]][1])}</p><p class="card-producer">${esc(tr('producer_products', { n: r[5] }))}</p>`
      : `<p class="card-rating"><span class="stars" role="img" aria-label="${esc(tr('stars_label', { n: r[3] }))}">${'★'.repeat(r[3])}<span class="star-off">${'☆'.repeat(5 - r[3])}</span></span>${lapsed ? ` <span class="badge badge-${status}">${esc(tr(status))}</span>` : ''}</p><p class="card-meta">${esc(group(m, r[6]))} · ${esc(m.provinces[r[5]][1])}</p><p class="card-producer"${lang}>${esc(r[4])}</p>${
          r[7] ? `<p class="card-price"><span class="visually-hidden">${esc(tr('price'))}: </span>${esc(tr('vnd', { n: String(Math.round(r[7] * 1000)).replace(/\B(?=(\d{3})+$)/g, '.') }))}${r[8] ? `<span class="unit"${lang}> / ${esc(r[8])}</span>` : ''}</p>` : ''
        }`;
    const why = res.why ? res.why(d).map((x) => tr(`why_${x}`)) : [];
    // An English name when the page is English and the record has one (the last field, a
    // string; a lapsed product's end date before it is a number).
    const last = r[r.length - 1];
    const en = S.lang && S.lang !== 'vi' && r.length > (tab ? 6 : 9) && typeof last === 'string' ? last : '';
    return `<li class="search-hit${lapsed ? ' is-lapsed' : ''}"${lapsed ? ` data-expires="${ends}"` : ''}><div class="search-thumb">${pic}</div><div class="search-hit-body"><h3 class="card-title"><a class="card-link" href="${esc(pageUrl(r[1]))}"${en ? '' : lang}>${en ? esc(en) : marked(r[0], res)}</a></h3>${meta}${
      why.length ? `<p class="search-why">${esc(tr('why', { what: why.join(', ') }))}</p>` : ''
    }</div></li>`;
  };

  // The list is aria-busy while its records load.
  const show = async (res, tab, from) => {
    const ids = res.ids.slice(from, shown);
    list.setAttribute('aria-busy', 'true');
    const recs = await engine.records(tab, ids);
    if (res !== last) return;
    const html = recs.map((r, i) => hit(tab, r, ids[i], res)).join('');
    if (from) list.insertAdjacentHTML('beforeend', html);
    else list.innerHTML = html;
    more.hidden = res.ids.length <= shown;
    list.removeAttribute('aria-busy');
  };

  const run = async (how) => {
    if (!engine) return;
    const n = ++seq;
    const st = state();
    try {
      await update(st, await engine.search(st), n, how);
    } catch (e) {
      status.textContent = live.textContent = tr('load_failed_retry');
    }
  };

  const update = async (st, res, n, how) => {
    if (n !== seq) return;
    last = res;
    shown = PAGE;
    if (how) history[how](null, '', url());
    const tab = st.tab;
    root.querySelectorAll('[data-count]').forEach((el, t) => {
      el.textContent = res.missing.length ? 0 : res.counts[t];
    });
    let filtered = false;
    box.querySelectorAll('fieldset').forEach((fs, k) => {
      const dim = tab ? k - 2 : k;
      fs.hidden = dim < 0;
      fs.querySelectorAll('li').forEach((li, v) => {
        const input = li.querySelector('input');
        const value = k ? v : 4 - v;
        const count = dim < 0 ? 0 : res.facets[tab][dim][value];
        li.querySelector('.count').textContent = count;
        filtered ||= input.checked;
        li.hidden = !count && !input.checked && document.activeElement !== input;
      });
    });
    clear.hidden = !filtered;
    for (const o of $('#sx').options) o.disabled = tab && o.value !== '' && o.value !== 'ten';
    const words = res.words;
    let text;
    if (res.missing.length) {
      text = tr('missing', { words: quote(res.missing) });
    } else {
      const total = res.ids.length;
      const what = words.length ? tr('for_query', { q: st.q.trim() }) : '';
      const other = res.counts[1 - tab];
      const noun = tab ? 'producers' : 'products';
      const parts = total
        ? [tr(`found_${noun}`, { n: total }), what, filtered ? tr('with_filters') : '']
        : [tr(`none_${noun}`), what, filtered ? tr('none_with_filters') : ''];
      text = `${parts.filter(Boolean).join(' ')}.`;
      if (!total && other) text += ` ${tr(`other_tab_${tab ? 'products' : 'producers'}`, { n: other })}`;
      const fixes = words.filter((w) => w.fix);
      if (fixes.length) text += ` ${tr('fixed', { words: quote(fixes), fixes: quote(fixes.map((w) => w.fix)) })}`;
    }
    status.textContent = text;
    // Screen readers hear the count once typing pauses, not at every letter.
    clearTimeout(liveTimer);
    liveTimer = setTimeout(() => (live.textContent = text), how === 'replaceState' ? 1000 : 0);
    if (res.missing.length) {
      list.innerHTML = '';
      list.removeAttribute('aria-busy');
      more.hidden = true;
    } else await show(res, tab, 0);
  };

  let timer;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => run('replaceState'), 200);
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(timer);
    run('pushState');
  });
  form.addEventListener('change', (e) => {
    if (e.target !== input) run('pushState');
  });
  more.addEventListener('click', () => {
    const from = shown;
    shown += PAGE;
    show(last, state().tab, from);
  });
  clear.addEventListener('click', () => {
    for (const el of box.querySelectorAll('input:checked')) el.checked = false;
    run('pushState');
    input.focus();
  });
  window.addEventListener('popstate', () => {
    fromUrl();
    run();
  });

  fromUrl();
  root.querySelector('[data-nojs]').hidden = true;
  root.querySelector('[data-ui]').hidden = false;
  if (matchMedia('(min-width: 960px)').matches) $('[data-filters]').open = true;
  status.textContent = tr('loading');
  open(new URL(root.dataset.index, location.href).href)
    .then((e) => {
      engine = e;
      box.innerHTML = facetsHtml(e.m);
      fromUrl();
      return run();
    })
    .catch(() => {
      status.textContent = tr('load_failed');
      root.querySelector('[data-nojs]').hidden = false;
    });
}

if (typeof document !== 'undefined') {
  const root = document.getElementById('tim-kiem');
  if (root) page(root);
}
