#!/usr/bin/env node
// The search benchmark's bytes without a browser: what search.js fetches for each query of
// bench/search/measure.mjs, as a first query after the page load (with search.js itself)
// and as the follow-up of the next, gzip level 6 as the benchmark's server sends them.
//
//   node bench/search/bytes.mjs SEARCH_JS SITE_OUTPUT [--files]
//
// --files lists each follow-up's files. EXTRA="q1|q2" adds queries. Agrees with the
// browser run to 0.1 KB; it takes seconds, so a change to the index can be tried quickly.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { pathToFileURL, fileURLToPath } from 'node:url';
const [js, out, flag] = process.argv.slice(2);
const { open } = await import(pathToFileURL(path.resolve(js)).href);
const html = readFileSync(path.join(out, 'tim-kiem', 'index.html'), 'utf8');
const base = html.match(/action="([^"]*)tim-kiem\/"/)[1];
const idx = html.match(/data-index="([^"?]+)/)[1];
const manifestPath = path.join(out, idx.slice(base.length));
const gz = (p) => gzipSync(readFileSync(p), { level: 6 }).length;
const jsBytes = gz(js);
const shard0 = JSON.parse(readFileSync(path.join(path.dirname(manifestPath), 'products-0.json'), 'utf8'));
const Q = ['mat ong', 'dac san', 'duong phen', 'che shan tuyet', 'buoi duong', shard0[0][4], 'm', ...(process.env.EXTRA ? process.env.EXTRA.split('|') : [])];
async function engine() {
  const log = [];
  const e = await open(pathToFileURL(manifestPath).href, async (url) => {
    const p = fileURLToPath(url);
    log.push([path.basename(p), gz(p)]);
    return JSON.parse(readFileSync(p, 'utf8'));
  });
  return Object.assign(e, { log });
}
async function q(e, s) {
  const st = { q: s, tab: 0, f: {}, sx: '' };
  const res = await e.search(st);
  if (!res.missing.length) await e.records(0, res.ids.slice(0, 10));
  return res;
}
const sum = (l) => l.reduce((a, x) => a + x[1], 0);
for (let i = 0; i < Q.length; i++) {
  const e = await engine();
  await q(e, '');
  const r1 = await q(e, Q[i]);
  const first = jsBytes + sum(e.log);
  const mark = e.log.length;
  const next = Q[(i + 1) % Q.length];
  const r2 = await q(e, next);
  const follow = e.log.slice(mark);
  console.log(`${(first / 1024).toFixed(1).padStart(6)} KB first ${String(r1.ids.length).padStart(6)} | follow ${(sum(follow) / 1024).toFixed(1).padStart(6)} KB ${String(r2.ids.length).padStart(6)} | ${Q[i]} -> ${next} (${first} B, ${sum(follow)} B)`);
  if (flag === '--files') console.log('   ', follow.map((f) => `${f[0]}:${f[1]}`).join(' '));
}
