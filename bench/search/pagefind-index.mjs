#!/usr/bin/env node
// Indexes a built ocop site with Pagefind, for the search benchmark (bench/search/run).
//
//   node bench/search/pagefind-index.mjs SITE_OUTPUT_DIR
//
// Pagefind gets exactly the products ocop's own index holds (the certified products, read
// from ocop's display records under search/), as their built product pages, with the same
// facets as Pagefind filters (stars, group, province, producer kind), so both searches can
// show the same thing. Only the <main> element is indexed (Pagefind's data-pagefind-body),
// which spares Pagefind the header, navigation and footer. Producers are not given to
// Pagefind (ocop indexes them too), which if anything favours Pagefind.
//
// Writes SITE_OUTPUT_DIR/pagefind/ and the page SITE_OUTPUT_DIR/pagefind-bench/index.html
// (a minimal search page on Pagefind's JavaScript API), and prints one line of JSON with the
// indexing time (the Pagefind service's start, every page added, files written).

import { readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import * as pagefind from 'pagefind';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(process.argv[2] || '');
if (!process.argv[2]) {
  console.error('usage: node bench/search/pagefind-index.mjs SITE_OUTPUT_DIR');
  process.exit(2);
}

const html = readFileSync(path.join(out, 'tim-kiem', 'index.html'), 'utf8');
const manifestUrl = html.match(/data-index="([^"?]+)/)[1];
const base = html.match(/action="([^"]*)tim-kiem\/"/)[1];
const searchDir = path.join(out, path.dirname(manifestUrl.slice(base.length)));
const m = JSON.parse(readFileSync(path.join(out, manifestUrl.slice(base.length)), 'utf8'));
// The producer kind of each product: the third column of the facets, one digit each.
const kinds = JSON.parse(readFileSync(path.join(searchDir, 'product-facets.json'), 'utf8')).columns[2];
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

// Every certified product: its page and its facets, as ocop's index has them.
const products = [];
for (let s = 0; s * m.shard < m.products; s++) {
  const recs = JSON.parse(readFileSync(path.join(searchDir, `products-${s}.json`), 'utf8'));
  recs.forEach((r, k) => {
    const kind = B64.indexOf(kinds[s * m.shard + k]);
    products.push({ url: r[1], stars: r[3], province: m.provinces[r[5]][1], group: m.groups[r[6]][1], kind: m.kinds[kind][1] });
  });
}

const attr = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
rmSync(path.join(out, 'pagefind'), { recursive: true, force: true });
const t0 = performance.now();
const { index, errors } = await pagefind.createIndex({ forceLanguage: 'vi' });
if (errors.length) throw new Error(errors.join('\n'));
for (const p of products) {
  const file = path.join(out, p.url.slice(base.length), 'index.html');
  const filters = [`Hạng sao:${p.stars} sao`, `Nhóm:${p.group}`, `Tỉnh:${p.province}`, `Loại chủ thể:${p.kind}`]
    .map((f) => `<span data-pagefind-filter="${attr(f)}"></span>`)
    .join('');
  const content = readFileSync(file, 'utf8')
    .replace('<main ', '<main data-pagefind-body ')
    .replace('</main>', `${filters}</main>`);
  const r = await index.addHTMLFile({ url: p.url, content });
  if (r.errors.length) throw new Error(`${file}: ${r.errors.join('\n')}`);
}
const w = await index.writeFiles({ outputPath: path.join(out, 'pagefind') });
if (w.errors.length) throw new Error(w.errors.join('\n'));
const ms = performance.now() - t0;
await pagefind.close();

mkdirSync(path.join(out, 'pagefind-bench'), { recursive: true });
writeFileSync(
  path.join(out, 'pagefind-bench', 'index.html'),
  readFileSync(path.join(HERE, 'pagefind-page.html'), 'utf8').replaceAll('{{base}}', base),
);
console.log(JSON.stringify({ ms: Math.round(ms), pages: products.length }));
