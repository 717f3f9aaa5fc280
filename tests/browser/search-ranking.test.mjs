// The ranking suite: fixed queries and the results they must give (tests/search-ranking.json),
// with the real search.js engine against built indexes. Run by tests/search.rs, or alone:
//
//   node --test tests/browser/search-ranking.test.mjs
//
// Sites: OCOP_SITE_DIR (the built example site) and OCOP_RANKING_SITE_DIR (the built
// tests/fixtures/search-ranking, built from a copy by tests/search.rs); a missing one is
// built with `cargo run --release -- build` (which leaves an image cache in the fixture).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { open } from '../../themes/default/static/search.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const cases = JSON.parse(readFileSync(path.join(REPO, 'tests', 'search-ranking.json'), 'utf8'));

function build(root) {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'ocop-ranking-')), 'public');
  execFileSync('cargo', ['run', '--release', '--quiet', '--', 'build', '--today', '2026-11-22', '--root', root, '--output', out], {
    cwd: REPO,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return out;
}

const SITES = {
  example: () => process.env.OCOP_SITE_DIR || build(REPO),
  fixture: () => process.env.OCOP_RANKING_SITE_DIR || build(path.join(REPO, 'tests', 'fixtures', 'search-ranking')),
};

async function engine(dir) {
  const html = readFileSync(path.join(dir, 'tim-kiem', 'index.html'), 'utf8');
  const index = html.match(/data-index="([^"?]+)/)[1];
  const base = html.match(/action="([^"]*)tim-kiem\/"/)[1];
  const manifest = path.join(dir, index.slice(base.length));
  return open(pathToFileURL(manifest).href, async (url) => JSON.parse(readFileSync(fileURLToPath(url), 'utf8')));
}

for (const [site, list] of Object.entries(cases).filter(([k]) => k in SITES)) {
  test(`ranking on the ${site} site`, async (t) => {
    const e = await engine(SITES[site]());
    for (const c of list) {
      await t.test(`${JSON.stringify(c.q)}${c.tab ? ' (producers)' : ''}: ${c.why}`, async () => {
        const tab = c.tab ? 1 : 0;
        const res = await e.search({ q: c.q, tab, f: {}, sx: '' });
        if (c.missing) {
          assert.deepEqual(res.ids, []);
          assert.deepEqual(res.missing.map((w) => w.text), c.missing);
          return;
        }
        assert.deepEqual(res.missing.map((w) => w.text), [], 'no query word may be missing');
        const names = (await e.records(tab, res.ids)).map((r) => r[0]);
        const got = names.join(' | ');
        if (c.top) assert.deepEqual(names.slice(0, c.top.length), c.top, got);
        if (c.topSet) assert.deepEqual([...names.slice(0, c.topSet.length)].sort(), [...c.topSet].sort(), got);
        if (c.only) assert.deepEqual([...names].sort(), [...c.only].sort(), got);
        for (const n of c.includes || []) assert.ok(names.includes(n), `${n} missing: ${got}`);
        for (const n of c.excludes || []) assert.ok(!names.includes(n), `${n} found: ${got}`);
        for (const [a, b] of c.before || []) {
          assert.ok(names.includes(a) && names.includes(b), `${a} / ${b}: ${got}`);
          assert.ok(names.indexOf(a) < names.indexOf(b), `${a} must rank above ${b}: ${got}`);
        }
        if (c.maxShare !== undefined) {
          const all = tab ? e.m.producers : e.m.products;
          assert.ok(names.length > 0 && names.length <= c.maxShare * all, `${names.length} of ${all}: ${got}`);
        }
      });
    }
  });
}
