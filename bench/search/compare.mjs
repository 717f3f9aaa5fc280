#!/usr/bin/env node
// Checks that two search indexes give the same results: for a change to src/outputs/search/ or
// search.js that must not change any result set.
//
//   node bench/search/compare.mjs OLD_SEARCH_JS OLD_SITE_OUTPUT NEW_SEARCH_JS NEW_SITE_OUTPUT
//
// Both outputs are builds of the same site (record ids are then the same); each index is
// read by its own search.js (keep a copy of the old one). Queries: the benchmark's, a few
// prefixes and accented forms, every producer name (as pasted, folded and with a trailing
// space; EVERY=n takes one in n) and every seventh product name (whole, folded and its
// first 60 % as typed; LIMIT=n takes the first n), on both tabs, one in fifty also with
// filters and a sort. It prints how many searches gave different ids, counts or facet
// counts (and the first few), and exits 1 if any did.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
const [jsA, outA, jsB, outB] = process.argv.slice(2);
async function engine(js, out) {
  const { open, tokens } = await import(pathToFileURL(path.resolve(js)).href + '?' + js);
  const html = readFileSync(path.join(out, 'tim-kiem', 'index.html'), 'utf8');
  const base = html.match(/action="([^"]*)tim-kiem\/"/)[1];
  const idx = html.match(/data-index="([^"?]+)/)[1];
  const mp = path.join(out, idx.slice(base.length));
  const cache = new Map();
  const e = await open(pathToFileURL(mp).href, async (url) => {
    const p = fileURLToPath(url);
    if (!cache.has(p)) cache.set(p, JSON.parse(readFileSync(p, 'utf8')));
    return structuredClone(cache.get(p));
  });
  const file = (n) => JSON.parse(readFileSync(path.join(path.dirname(mp), n), 'utf8'));
  return { e, file, tokens };
}
const A = await engine(jsA, outA);
const B = await engine(jsB, outB);
const m = A.e.m;
const names = [];
for (let i = 0; i < m.producers; i++) names.push(A.file(`producers-${Math.floor(i / m.producerShard)}.json`)[i % m.producerShard][0]);
const pnames = [];
for (let i = 0; i < m.products; i += 7) pnames.push(A.file(`products-${Math.floor(i / m.shard)}.json`)[i % m.shard][0]);
const qs = new Set(['mat ong', 'dac san', 'duong phen', 'che shan tuyet', 'buoi duong', 'm', 'che s', 'dac s', 'che', 'ch', 'c', 'cong ty co phan', 'hop tac xa', 'mật ong', 'đường', 'dương', 'Hợp tác xã', 'che shan', 'chè shan tuyết', 'che shan tuye', 'chè sh', 'tra', 'nuoc mam']);
for (const n of names.filter((_, i) => i % Number(process.env.EVERY || 1) === 0)) {
  qs.add(n);
  qs.add(A.tokens(n).map((t) => t[0]).join(' '));
  qs.add(n + ' ');
}
const lim = Number(process.env.LIMIT || 1e9);
for (const n of pnames.slice(0, lim)) {
  qs.add(n);
  qs.add(A.tokens(n).map((t) => t[0]).join(' '));
  const w = A.tokens(n).map((t) => t[0]).join(' ');
  qs.add(w.slice(0, Math.max(1, Math.floor(w.length * 0.6))));
}
let n = 0, bad = 0;
const t0 = Date.now();
for (const q of qs) {
  for (const tab of [0, 1]) {
    for (const st of [{ q, tab, f: {}, sx: '' }, ...(n % 50 === 0 ? [{ q, tab, f: { sao: ['4'], tinh: [m.provinces[0][0]] }, sx: 'ten' }] : [])]) {
      const a = await A.e.search(st);
      const b = await B.e.search(st);
      n++;
      const da = JSON.stringify([a.ids, a.counts, a.facets, a.missing.map((w) => w[0])]);
      const db = JSON.stringify([b.ids, b.counts, b.facets, b.missing.map((w) => w[0])]);
      if (da !== db) {
        bad++;
        if (bad < 10) console.log('DIFF', JSON.stringify(st), a.ids.length, b.ids.length);
      }
    }
  }
}
console.log(`${n} searches (${qs.size} queries), ${bad} differ, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
if (bad) process.exit(1);
