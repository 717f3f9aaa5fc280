#!/usr/bin/env node
// Measures ocop's search page and a Pagefind page on the same built site, in headless
// Chromium, for the search benchmark (bench/search/run).
//
//   node bench/search/measure.mjs SITE_OUTPUT_DIR     (after bench/search/pagefind-index.mjs)
//
// The site is served on 127.0.0.1 by tests/browser/server.mjs with gzip (as production
// servers do; Pagefind's own files are pre-compressed and sent as they are), and every
// response's bytes are logged. For each query of QUERIES, and for each engine, a fresh
// browser profile opens the engine's page, waits until it is idle, types the query and
// presses Enter (ocop's page searches as you type, after a 200 ms pause; Enter searches at
// once, as Pagefind's page does on submit), waits until the results are rendered and the
// network is idle, then does the same with the next query of the list (the follow-up).
//
// Per query it records, for the first and the follow-up query:
// - bytes and requests: everything search needs, from the page load on for the first query
//   (the client script, index files, result records), not the HTML page, CSS or images;
// - key → render: from the Enter key to the last change of the results list (in the page,
//   with performance.now());
// - data → render: from the end of the last response that arrived after the key to that
//   change (the client's own work once the data are there).
// It prints one line of JSON.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { serve } from '../../tests/browser/server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

const out = path.resolve(process.argv[2] || '');
if (!process.argv[2]) {
  console.error('usage: node bench/search/measure.mjs SITE_OUTPUT_DIR');
  process.exit(2);
}
const html = readFileSync(path.join(out, 'tim-kiem', 'index.html'), 'utf8');
const base = html.match(/action="([^"]*)tim-kiem\/"/)[1];
const manifestUrl = html.match(/data-index="([^"?]+)/)[1];
const manifest = JSON.parse(readFileSync(path.join(out, manifestUrl.slice(base.length)), 'utf8'));
const shard0 = JSON.parse(readFileSync(path.join(out, path.dirname(manifestUrl.slice(base.length)), 'products-0.json'), 'utf8'));

// The queries: the issue's four, one more with "đ" (synthetic catalogues have no "đường
// phèn" but do have "Bưởi đường lá cam"), a producer's name (of the first product), one letter.
const QUERIES = ['mat ong', 'dac san', 'duong phen', 'che shan tuyet', 'buoi duong', shard0[0][4], 'm'];

const ENGINES = {
  ocop: { page: `${base}tim-kiem/`, list: '[data-results]', status: '[data-status]', files: (p) => p.startsWith(`${base}search/`) || p.startsWith(`${base}search.js`) },
  pagefind: { page: `${base}pagefind-bench/`, list: '#results', status: '#status', files: (p) => p.startsWith(`${base}pagefind/`) },
};

// Set in every page before its scripts: the time of the Enter key and of the last change
// of the results list.
const INSTRUMENT = (list) => {
  window.__bench = { key: 0, render: 0 };
  addEventListener('keydown', (e) => e.key === 'Enter' && (window.__bench.key = performance.now()), true);
  new MutationObserver((records) => {
    if (records.some((r) => (r.target.nodeType === 1 ? r.target : r.target.parentElement)?.closest(list))) window.__bench.render = performance.now();
  }).observe(document, { subtree: true, childList: true, characterData: true });
};

const server = await serve(out, { gzip: true, immutable: (p) => /\/(search|pagefind)\//.test(p) });
const origin = new URL(server.url).origin;

async function one(engine, first, follow) {
  const e = ENGINES[engine];
  const profile = mkdtempSync(path.join(tmpdir(), 'ocop-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROME, headless: true, args: ARGS, viewport: { width: 390, height: 844 } });
  const errors = [];
  try {
    const page = context.pages()[0] || (await context.newPage());
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (m) => m.type() === 'error' && !/Failed to load resource/.test(m.text()) && errors.push(m.text()));
    page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${new URL(r.url()).pathname}`));
    await page.addInitScript(INSTRUMENT, e.list);
    const mark0 = server.log.length;
    await page.goto(origin + e.page);
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(300);
    const run = async (q) => {
      const mark = server.log.length;
      await page.fill('#q', q);
      await page.evaluate(() => performance.clearResourceTimings());
      const before = await page.evaluate(() => window.__bench.render);
      await page.press('#q', 'Enter');
      await page.waitForFunction((b) => window.__bench.render > window.__bench.key && window.__bench.render !== b, before, { timeout: 60_000 });
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(300);
      const t = await page.evaluate(() => {
        const ends = performance
          .getEntriesByType('resource')
          .filter((r) => r.startTime >= window.__bench.key && r.responseEnd <= window.__bench.render)
          .map((r) => r.responseEnd);
        const data = ends.length ? Math.max(...ends) : window.__bench.key;
        return { keyToRender: window.__bench.render - window.__bench.key, dataToRender: window.__bench.render - Math.max(data, window.__bench.key) };
      });
      const status = await page.locator(e.status).textContent();
      const hits = /^(\d+)/.test(status) ? Number(status.match(/^(\d+)/)[1]) : 0;
      return { mark, hits, ...t };
    };
    const a = await run(first);
    const b = await run(follow);
    const count = (from, to) => {
      const rows = server.log.slice(from, to).filter((r) => e.files(r.path));
      return { bytes: rows.reduce((s, r) => s + r.bytes, 0), requests: rows.length };
    };
    return {
      first: { q: first, hits: a.hits, ...count(mark0, b.mark), keyToRender: a.keyToRender, dataToRender: a.dataToRender },
      follow: { q: follow, hits: b.hits, ...count(b.mark, server.log.length), keyToRender: b.keyToRender, dataToRender: b.dataToRender },
      errors,
    };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const results = { ocop: [], pagefind: [] };
try {
  for (let i = 0; i < QUERIES.length; i++) {
    for (const engine of Object.keys(ENGINES)) {
      results[engine].push(await one(engine, QUERIES[i], QUERIES[(i + 1) % QUERIES.length]));
    }
  }
} finally {
  await server.close();
}
console.log(JSON.stringify({ products: manifest.products, queries: QUERIES, results }));
