// The index paths that only big catalogues take, on a small site made to take them
// (tests/search.rs builds it and sets OCOP_SITE_DIR):
//
// - a short last word whose words span many term chunks reads the prefix's own list
//   (`search::prefix_row`): "che s" must match "s" as a prefix, as the term lists say;
// - a pasted long name answered at build time (`search::name_answers`) gives the same
//   records in the same order as the term lists do;
// - a hot prefix cut into more chunks than a wide prefix spans ("tu") is still matched as
//   before (typos), because the manifest lists the wide prefixes (`search::WIDE_PACK_MAX`).
//
//   OCOP_SITE_DIR=... node --test tests/browser/search-paths.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { open, tokens } from '../../themes/default/static/search.js';

const dir = process.env.OCOP_SITE_DIR;
const html = readFileSync(path.join(dir, 'tim-kiem', 'index.html'), 'utf8');
const index = html.match(/data-index="([^"?]+)/)[1];
const base = html.match(/action="([^"]*)tim-kiem\/"/)[1];
const manifestPath = path.join(dir, index.slice(base.length));
const read = (url) => JSON.parse(readFileSync(fileURLToPath(url), 'utf8'));
const manifest = read(pathToFileURL(manifestPath).href);
const file = (name) => read(pathToFileURL(path.join(path.dirname(manifestPath), name)).href);

// An engine, with every file it reads logged; `names: false` hides the answers of names.
async function engine({ names = true } = {}) {
  const log = [];
  const e = await open(pathToFileURL(manifestPath).href, async (url) => {
    const name = path.basename(fileURLToPath(url));
    log.push(name);
    return !names && name.startsWith('names-') ? [] : read(url);
  });
  return Object.assign(e, { log });
}

// Every term row of the index.
const rows = manifest.chunks.flatMap((_, n) => file(`terms-${n}.json`));
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
function decode(s, k, from = 0) {
  const out = [];
  let n = 0;
  let next = 0;
  for (const c of s.slice(from)) {
    const d = B64.indexOf(c);
    n = n * 32 + (d & 31);
    if (d < 32) {
      out.push(next + Math.floor(n / k));
      next = out[out.length - 1] + 1;
      n = 0;
    }
  }
  return out;
}
// The records a row lists, in any field and spelling.
function docs(r) {
  const all = manifest.products + manifest.producers;
  const out = new Set();
  for (let v = 1; v + 1 < r.length; v += 2) for (const d of decode(r[v + 1], 5)) out.add(d);
  if (r.length % 2 === 0) {
    const t = r[r.length - 1];
    const set = new Set(decode(t, 1, 1));
    for (let d = 0; d < all; d++) if ((t[0] === '+') === set.has(d)) out.add(d);
  }
  return out;
}
// Records with a word equal to `f`, or starting with it.
const having = (f, prefix) => new Set(rows.filter((r) => (prefix ? r[0].startsWith(f) : r[0] === f)).flatMap((r) => [...docs(r)]));

test('a short last word spanning many chunks matches as a prefix ("che s")', async () => {
  // The site has so many words in "s" that they span the client's limit of chunks.
  const first = manifest.chunks.findLastIndex((b) => b <= 's');
  const last = manifest.chunks.findLastIndex((b) => b <= 's\uffff');
  assert.ok(last - first >= 6, `"s" spans chunks ${first}..${last} only`);
  assert.ok(manifest.prefixes.includes('s'), `prefixes: ${manifest.prefixes}`);
  const e = await engine();
  for (const q of ['che s', 's', 'dac s']) {
    const words = tokens(q).map((t) => t[0]);
    const want = words.reduce((acc, w, i) => {
      const h = having(w, i === words.length - 1);
      return acc ? new Set([...acc].filter((d) => h.has(d))) : h;
    }, null);
    const res = await e.search({ q, tab: 0, f: {}, sx: '' });
    const got = new Set([...res.ids, ...(await e.search({ q, tab: 1, f: {}, sx: '' })).ids]);
    assert.deepEqual([...got].sort((a, b) => a - b), [...want].sort((a, b) => a - b), q);
    assert.ok(got.size > 0, `${q}: nothing found`);
  }
  const names = (await e.records(0, (await e.search({ q: 'che s', tab: 0, f: {}, sx: '' })).ids)).map((r) => r[0]);
  assert.ok(names.includes('Chè sương sớm'), names.join(' | '));
  // A whole word ranks above a prefix: "sương" above words merely starting with "s".
  const ranked = (await e.records(0, (await e.search({ q: 'che suong', tab: 0, f: {}, sx: '' })).ids)).map((r) => r[0]);
  assert.equal(ranked[0], 'Chè sương sớm', ranked.join(' | '));
});

test('pasted names answered at build time match the term lists', async () => {
  const without = await engine({ names: false });
  let answered = 0;
  for (let i = 0; i < manifest.producers; i++) {
    const name = file(`producers-${Math.floor(i / manifest.producerShard)}.json`)[i % manifest.producerShard][0];
    for (const q of [name, tokens(name).map((t) => t[0]).join(' ')]) {
      for (const tab of [0, 1]) {
        const st = { q, tab, f: {}, sx: '' };
        // A fresh engine: the files it reads say whether the answer came from the names.
        const withNames = await engine();
        const a = await withNames.search(st);
        if (!withNames.log.some((f) => f.startsWith('terms-'))) answered++;
        const b = await without.search(st);
        assert.deepEqual(a.ids, b.ids, `${q} (tab ${tab})`);
        assert.deepEqual(a.counts, b.counts, q);
        assert.deepEqual(a.facets, b.facets, q);
      }
    }
  }
  assert.ok(answered > 0, 'no name was answered from the names files');
});

test('a prefix cut into many chunks but not wide keeps typo matching ("tu")', async () => {
  // The words in "tu" fill more chunks than a wide prefix spans, cut at CHUNK_MAX, but
  // packed as wideness is decided they are not wide.
  const first = manifest.chunks.findLastIndex((b) => b <= 'tu');
  const last = manifest.chunks.findLastIndex((b) => b <= 'tu\uffff');
  assert.ok(last - first >= 6, `"tu" spans chunks ${first}..${last} only`);
  assert.ok(!manifest.prefixes.includes('tu'), `prefixes: ${manifest.prefixes}`);
  const e = await engine();
  // "tuaaax" is one letter away from "tuaaa", which only "Chè sương sớm" has.
  const res = await e.search({ q: 'tuaaax', tab: 0, f: {}, sx: '' });
  assert.deepEqual(res.missing, []);
  const names = (await e.records(0, res.ids)).map((r) => r[0]);
  assert.deepEqual(names, ['Chè sương sớm']);
  assert.equal(res.words[0].fix, 'tuaaa');
});
