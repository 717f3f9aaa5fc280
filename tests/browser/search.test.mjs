// Tests of the search client, run with `node --test tests/browser/search.test.mjs`
// (tests/search.rs runs it too, after building the example site).
//
// 1. The folding of search.js against the shared vectors of tests/search-vectors.json (the
//    Rust side checks the same file), so the two never drift.
// 2. The real search.js engine against a built index: OCOP_SITE_DIR (a built site), else the
//    example site is built with `cargo run --release -- build` into a temporary folder.
// It prints the bytes (gzip) a first query transfers. The page in Chromium is tested by
// tests/browser/search-e2e.test.mjs (tests/search_browser.rs), the ranking by
// tests/browser/search-ranking.test.mjs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

import { fold, matchKey, tokens, joinCodes, open } from '../../themes/default/static/search.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const SCRIPT = path.join(REPO, 'themes', 'default', 'static', 'search.js');
const vectors = JSON.parse(readFileSync(path.join(REPO, 'tests', 'search-vectors.json'), 'utf8'));

test('fold matches the shared vectors', () => {
  for (const [input, want] of vectors.fold) assert.equal(fold(input), want, `fold(${JSON.stringify(input)})`);
});

test('matchKey matches the shared vectors', () => {
  for (const [input, want] of vectors.key) assert.equal(matchKey(input), want, `matchKey(${JSON.stringify(input)})`);
});

test('tokens match the shared vectors', () => {
  for (const [input, want] of vectors.tokens) assert.deepEqual(tokens(input), want, `tokens(${JSON.stringify(input)})`);
});


// ---------------------------------------------------------------------------------------
// The engine against a built index.

function siteDir() {
  if (process.env.OCOP_SITE_DIR) return path.resolve(process.env.OCOP_SITE_DIR);
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'ocop-search-')), 'public');
  execFileSync('cargo', ['run', '--release', '--quiet', '--', 'build', '--today', '2026-11-22', '--output', out], {
    cwd: REPO,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return out;
}

let site;
function built() {
  if (!site) {
    const dir = siteDir();
    const html = readFileSync(path.join(dir, 'tim-kiem', 'index.html'), 'utf8');
    const index = html.match(/data-index="([^"?]+)/)[1];
    const base = html.match(/action="([^"]*)tim-kiem\/"/)[1];
    const manifest = path.join(dir, index.slice(base.length));
    site = { dir, base, manifest };
  }
  return site;
}

test('codes typed with joiners are one word, as the index has them (shorthand::codes)', () => {
  const cases = [
    ['2345/QĐ-UBND', [['2345qdubnd', '2345qđubnd']]],
    ['2345/qd-ubnd', [['2345qdubnd', '2345qdubnd']]],
    ['8930000100160', [['8930000100160', '8930000100160']]],
    ['mat-ong', [['mat', 'mat'], ['ong', 'ong']]],
  ];
  for (const [q, want] of cases) assert.deepEqual(tokens(joinCodes(q)), want, q);
});

// The script as the site serves it (comment lines left out, `theme::script::shrink`), which
// every search page fetches before its first query.
test('search.js as served stays under 8 KB gzipped', (t) => {
  const served = readFileSync(path.join(built().dir, 'search.js'));
  const gz = gzipSync(served, { level: 9 }).length;
  t.diagnostic(`search.js: ${readFileSync(SCRIPT).length} bytes as written, ${served.length} served, ${gz} gzipped`);
  assert.ok(gz < 8 * 1024, `${gz} bytes gzipped`);
});

/** Opens the index of the built site; `fetched` collects every file read. */
async function engine(fetched = []) {
  const { manifest } = built();
  return open(pathToFileURL(manifest).href, async (url) => {
    const file = fileURLToPath(url);
    fetched.push(file);
    return JSON.parse(readFileSync(file, 'utf8'));
  });
}

const names = async (e, state, n = 1000) => {
  const res = await e.search(state);
  const recs = await e.records(state.tab ? 1 : 0, res.ids.slice(0, n));
  return { res, names: recs.map((r) => r[0]), recs };
};
const q = (text, more = {}) => ({ q: text, tab: 0, f: {}, sx: '', ...more });

test('text tiers of very common words: listed, or every record but those lacking the word', async () => {
  // A hand-made index of five products (see `search::text_tier`): "mat" is named by record
  // 0 and in the texts of 2 and 3 (`+`: gaps 2, 0); "san" is named by 0 and lacked only by 1
  // (`-`: gap 1), so 2, 3 and 4 have it in their texts; "ong" is named by 2 (no tier).
  const files = {
    'manifest.json': { version: 2, products: 5, producers: 0, groups: [['g', 'G']], kinds: [['k', 'K']], provinces: [['p', 'P']], productRadix: [5, 1, 4, 1], producerRadix: [4, 1], chunks: [''], shard: 4 },
    'terms-0.json': [['mat', 'mật', 'A', '+CA'], ['ong', 'ông', 'K'], ['san', 'sản', 'A', '-B']],
    'product-facets.json': { columns: ['AAAAA', 'AAAAA', 'AAAAA', 'AAAAA'] },
    'products-0.json': ['R0', 'R1', 'R2', 'R3'].map((n) => [n, '/', '', 1, 'P', 0, 0]),
    'products-1.json': [['R4', '/', '', 1, 'P', 0, 0]],
  };
  const e = await open('https://x.test/s/manifest.json', async (url) => structuredClone(files[url.split('/').pop()]));
  const ids = async (text) => (await e.search(q(text))).ids;
  assert.deepEqual(await ids('mat '), [0, 2, 3], 'the name first, then the texts');
  assert.deepEqual(await ids('san '), [0, 2, 3, 4]);
  assert.deepEqual(await ids('mat san '), [0, 2, 3]);
  assert.deepEqual(await ids('ong mat '), [2]);
  // Accents typed: a text-tier match counts as compatible, after the same spelling.
  const res = await e.search(q('mật '));
  assert.deepEqual(res.ids, [0, 2, 3]);
  assert.deepEqual(res.counts, [3, 0]);
});

test('"mat ong" finds the "Mật ong" products, names first', async () => {
  const e = await engine();
  const { res, names: found } = await names(e, q('mat ong'));
  assert.equal(res.missing.length, 0);
  const honey = found.filter((n) => n.startsWith('Mật ong'));
  assert.ok(honey.length >= 3, found.join(', '));
  // Every name match comes before any match elsewhere.
  assert.deepEqual(found.slice(0, honey.length), honey, found.join(', '));
  // With accents, the same products.
  const accented = await names(e, q('Mật ong'));
  assert.deepEqual(accented.names.slice(0, honey.length).sort(), honey.sort());
});

test('"duong" finds "đường"; accents rank the spelling typed first', async () => {
  const e = await engine();
  const plain = await names(e, q('duong'));
  assert.ok(plain.names.includes('Nước cam ép Hàm Yên'), plain.names.join(', ')); // "không thêm đường"
  assert.ok(plain.names.includes('Miến dong Sơn Dương'));
  const duong = await names(e, q('dương'));
  assert.match(duong.names[0], /Dương/, duong.names.join(', '));
  const sugar = await names(e, q('đường'));
  assert.ok(!/Dương/.test(sugar.names[0]), sugar.names.join(', '));
  assert.ok(sugar.names.indexOf('Nước cam ép Hàm Yên') < sugar.names.indexOf('Miến dong Sơn Dương'));
  assert.equal(new Set([...plain.names, ...sugar.names, ...duong.names]).size, plain.names.length);
});

test('"che shan" finds "Chè Shan tuyết" items; the last word is a prefix', async () => {
  const e = await engine();
  for (const text of ['che shan', 'che sh', 'chè shan tuyết', 'CHE SHAN TUYET']) {
    const { names: found } = await names(e, q(text));
    assert.ok(found.length >= 4, `${text}: ${found.join(', ')}`);
    assert.match(found[0], /Chè Shan tuyết/, `${text}: ${found.join(', ')}`);
  }
});

test('a word that matches nothing gives no results and is named', async () => {
  const e = await engine();
  for (const text of ['xyzzyq', 'mat ong xyzzyq', 'xyzzyq che']) {
    const res = await e.search(q(text));
    assert.deepEqual(res.ids, [], text);
    assert.deepEqual(res.missing.map((w) => w.text), ['xyzzyq'], text);
  }
});

test('one typo is forgiven in words of 4 letters and more, and said', async () => {
  const e = await engine();
  const res = await e.search(q('tuyetx'));
  assert.ok(res.ids.length > 0);
  assert.equal(res.words[0].fix, 'tuyet');
  const short = await e.search(q('mat ongg'));
  assert.equal(short.words[1].fix, 'ong');
  assert.ok(short.ids.length > 0);
  assert.equal((await e.search(q('shq'))).missing.length, 1); // 3 letters: no tolerance
});

test('two words run together are split into words of the index, and said', async () => {
  const e = await engine();
  for (const [typed, fix] of [['matong', 'mat ong'], ['thocam', 'tho cam'], ['mậtong', 'mật ong']]) {
    const res = await e.search(q(typed));
    assert.equal(res.words[0].fix, fix, typed);
    const recs = await e.records(0, res.ids.slice(0, 2));
    assert.ok(recs.every((r) => fold(r[0]).includes(fix.startsWith('m') ? 'mat ong' : 'tho cam')), recs.map((r) => r[0]).join(', '));
  }
});

test('lapsed products follow a query with no filter, after certified ones as good', async () => {
  const e = await engine();
  const soap = 'Xà phòng thảo dược Sông Lô';
  const plain = await names(e, q('xa phong'));
  assert.equal(plain.names[0], soap);
  assert.ok(plain.res.ids[0] >= e.m.current);
  // Filters narrow the certified catalogue: the lapsed product has no facet values.
  const filtered = await names(e, q('xa phong', { f: { sao: ['3'] } }));
  assert.ok(!filtered.names.includes(soap), filtered.names.join(', '));
  // Facet counts are those of certified products.
  assert.equal(plain.res.facets[0][0].reduce((a, b) => a + b, 0), plain.res.ids.filter((d) => d < e.m.current).length);
});

test('browse mode, facets with live counts, sorts and producers', async () => {
  const e = await engine();
  const all = await e.search(q(''));
  // Browsing lists the certified products (the first `current`), not the lapsed ones.
  assert.ok(e.m.current < e.m.products);
  assert.equal(all.ids.length, e.m.current);
  assert.equal(all.counts[1], e.m.producers);
  const stars = all.facets[0][0];
  assert.equal(stars.reduce((a, b) => a + b, 0), e.m.current);
  const five = await names(e, q('', { f: { sao: ['5'] } }));
  assert.equal(five.res.ids.length, stars[4]);
  assert.ok(five.recs.every((r) => r[3] === 5));
  // Disjunctive: the star counts stay those of the other filters.
  assert.deepEqual(five.res.facets[0][0], stars);
  // Catalogue order: stars first.
  const recs = await e.records(0, all.ids);
  for (let i = 1; i < recs.length; i++) assert.ok(recs[i - 1][3] >= recs[i][3]);
  // Name order: folded, accents as tiebreak.
  const byName = await names(e, q('', { sx: 'ten' }));
  const keys = byName.names.map((n) => [fold(n), matchKey(n)]);
  for (let i = 1; i < keys.length; i++) assert.ok(keys[i - 1][0] < keys[i][0] || (keys[i - 1][0] === keys[i][0] && keys[i - 1][1] <= keys[i][1]), `${byName.names[i - 1]} / ${byName.names[i]}`);
  const newest = await e.search(q('', { sx: 'moi' }));
  assert.deepEqual([...newest.ids].sort((a, b) => a - b), [...all.ids].sort((a, b) => a - b));
  // Price order, both ways: every priced product in order (prices in thousands of đồng),
  // then the products without a price.
  for (const [sx, up] of [['gia', true], ['gia-giam', false]]) {
    const byPrice = await names(e, q('', { sx }));
    assert.deepEqual([...byPrice.res.ids].sort((a, b) => a - b), [...all.ids].sort((a, b) => a - b), sx);
    const prices = byPrice.recs.map((r) => r[7]);
    const priced = prices.filter((p) => p > 0);
    assert.ok(priced.length > 10, `${sx}: ${priced.length} priced`);
    assert.deepEqual(prices.slice(0, priced.length), priced, `${sx}: unpriced last`);
    for (let i = 1; i < priced.length; i++) assert.ok(up ? priced[i - 1] <= priced[i] : priced[i - 1] >= priced[i], `${sx}: ${priced[i - 1]} then ${priced[i]}`);
    // A filter and a query keep the order.
    const honey = (await names(e, q('mat ong', { sx }))).recs.map((r) => r[7]).filter((p) => p > 0);
    for (let i = 1; i < honey.length; i++) assert.ok(up ? honey[i - 1] <= honey[i] : honey[i - 1] >= honey[i], `${sx} "mat ong"`);
  }
  // Producers: "mat ong" finds the producers of honey; a province filter applies.
  const producers = await names(e, q('mat ong', { tab: 1 }));
  assert.ok(producers.names.length >= 2, producers.names.join(', '));
  const prov = e.m.provinces[0][0];
  const inProv = await e.search(q('', { tab: 1, f: { tinh: [prov] } }));
  const producers0 = await e.search(q('', { tab: 1 }));
  assert.equal(inProv.ids.length, producers0.facets[1][1][0]);
  assert.ok(inProv.ids.length > 0);
});

test('a first query transfers little (JS + manifest + facets + chunks + records, gzipped)', async (t) => {
  const fetched = [];
  const e = await engine(fetched);
  const res = await e.search(q('mat ong'));
  await e.records(0, res.ids.slice(0, 20));
  const gz = (f) => gzipSync(readFileSync(f), { level: 9 }).length;
  const js = gz(path.join(built().dir, 'search.js')); // as served
  const files = [...new Set(fetched)];
  const data = files.reduce((a, f) => a + gz(f), 0);
  const dir = path.dirname(built().manifest);
  const total = readdirSync(dir).reduce((a, f) => a + statSync(path.join(dir, f)).size, 0);
  const totalGz = readdirSync(dir).reduce((a, f) => a + gz(path.join(dir, f)), 0);
  t.diagnostic(`index: ${readdirSync(dir).length} files, ${total} bytes (${totalGz} gzipped); ${e.m.products} products, ${e.m.producers} producers, ${e.m.chunks.length} term chunks`);
  t.diagnostic(`first query "mat ong": search.js ${js} + ${files.length} files ${data} = ${js + data} bytes gzipped (${files.map((f) => path.basename(f)).join(', ')})`);
  assert.ok(js + data < 60 * 1024);
});
