#!/usr/bin/env node
// Prints the search benchmark's table (Markdown) from the JSON lines bench/search/run wrote.
//
//   node bench/search/table.mjs RESULTS.jsonl
//
// Per size: the worst and the median over the queries of the first query's bytes and
// requests, of the follow-up's, and the median of key → render and data → render times (ms),
// ocop against Pagefind with the ratio Pagefind / ocop; then the index build times; then
// every query's row with the number of results each engine found.

import { readFileSync } from 'node:fs';
import os from 'node:os';

const lines = readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const kb = (b) => (b / 1024).toFixed(1);
const med = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const max = (xs) => Math.max(...xs);
const ratio = (ours, theirs) => (ours > 0 ? `${(theirs / ours).toFixed(1)}×` : '–');

const out = [];
out.push(`Search benchmark, ${new Date().toISOString().slice(0, 16)}Z, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}.`);
out.push('Bytes are gzip as sent by the server; "first" counts from the page load (client, index, records), "follow-up" only what the next query added. Times: medians in ms over the queries.');
out.push('');
out.push('| products (certified) | metric | ocop | Pagefind | Pagefind / ocop |');
out.push('|---|---|---|---|---|');
for (const l of lines) {
  const o = l.measured.results.ocop;
  const p = l.measured.results.pagefind;
  const label = `${l.n} (${l.measured.products})`;
  const row = (metric, f, fmt, unit = '') => out.push(`| ${label} | ${metric} | ${fmt(f(o))}${unit} | ${fmt(f(p))}${unit} | ${ratio(f(o), f(p))} |`);
  row('first query, KB (worst)', (r) => max(r.map((x) => x.first.bytes)), kb);
  row('first query, KB (median)', (r) => med(r.map((x) => x.first.bytes)), kb);
  row('first query, requests (worst)', (r) => max(r.map((x) => x.first.requests)), String);
  row('follow-up, KB (worst)', (r) => max(r.map((x) => x.follow.bytes)), kb);
  row('follow-up, KB (median)', (r) => med(r.map((x) => x.follow.bytes)), kb);
  row('follow-up, requests (worst)', (r) => max(r.map((x) => x.follow.requests)), String);
  row('key → rendered, ms, first', (r) => med(r.map((x) => x.first.keyToRender)), (v) => v.toFixed(0));
  row('key → rendered, ms, follow-up', (r) => med(r.map((x) => x.follow.keyToRender)), (v) => v.toFixed(0));
  row('data → rendered, ms (median)', (r) => med(r.flatMap((x) => [x.first.dataToRender, x.follow.dataToRender])), (v) => v.toFixed(1));
  row('data → rendered, ms (worst)', (r) => max(r.flatMap((x) => [x.first.dataToRender, x.follow.dataToRender])), (v) => v.toFixed(1));
  out.push(`| ${label} | index build, ms (wall) | ${l.ocopIndex.median_ms.toFixed(0)} | ${l.pagefindIndex.ms} | ${ratio(l.ocopIndex.median_ms, l.pagefindIndex.ms)} |`);
  out.push(`| ${label} | index build, CPU ms (all threads) | ${(l.ocopIndex.cpu_s * 1000).toFixed(0)} | – | – |`);
}
out.push('');
out.push('Per query: KB / requests / results found / data → rendered ms, as the first query and as the follow-up of the query above it:');
out.push('');
out.push('| products | query | ocop, first | Pagefind, first | ocop, follow-up | Pagefind, follow-up |');
out.push('|---|---|---|---|---|---|');
const cell = (x) => `${kb(x.bytes)} / ${x.requests} / ${x.hits} / ${x.dataToRender.toFixed(0)}`;
for (const l of lines) {
  const { ocop, pagefind } = l.measured.results;
  const n = ocop.length;
  ocop.forEach((o, i) => {
    const p = pagefind[i];
    // The follow-up that ran this query came after the previous query.
    const of = ocop[(i + n - 1) % n].follow;
    const pf = pagefind[(i + n - 1) % n].follow;
    out.push(`| ${l.n} | ${o.first.q} | ${cell(o.first)} | ${cell(p.first)} | ${cell(of)} | ${cell(pf)} |`);
  });
}
const errors = lines.flatMap((l) => Object.entries(l.measured.results).flatMap(([e, rs]) => rs.flatMap((r) => r.errors.map((m) => `${l.n} ${e}: ${m}`))));
if (errors.length) out.push('', 'Console errors:', ...errors.map((e) => `- ${e}`));
console.log(out.join('\n'));
