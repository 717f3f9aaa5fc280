// The search page of the built example site in Chromium, end to end. Run by
// tests/search_browser.rs (which builds the site), or alone:
//
//   OCOP_SITE_DIR=public node --test tests/browser/search-e2e.test.mjs
//
// - typing "mat ong", "dac san", "duong phen", "đường phèn", "che shan tuyet" finds the
//   right products;
// - the facet counts agree with the catalogue listing pages (5 stars, a province, a group,
//   a producer kind: the count shown, and the products found with the filter, are those of
//   the listing, all its pages);
// - the URL round-trips: reload, back and forward restore the query, filters and sort, and
//   a shared address gives the same results;
// - keyboard use: Enter, Tab to the results, arrows on the tabs, Space on a filter;
// - the header search box, producers tab, no console errors, axe, no JavaScript;
// - issue #18: a lapsed product found and marked in words (with data-expires), price and
//   why each result was found, barcode and decision number, words run together, the
//   thumbnail's width (192 px WebP for a 96 px box) and the layout shift while typing
//   (every shift summed, under 0.1), at 360 and 1280 px; the English page's marks.
// Needs Chromium (/usr/bin/chromium or CHROME_PATH) and node_modules/playwright-core.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { serve } from './server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
const DIR = process.env.OCOP_SITE_DIR;
if (!DIR) throw new Error('set OCOP_SITE_DIR to a built example site');
const BASE = readFileSync(path.join(DIR, 'tim-kiem', 'index.html'), 'utf8').match(/action="([^"]*)tim-kiem\/"/)[1];

let server;
let browser;
let origin;
before(async () => {
  server = await serve(DIR);
  origin = new URL(server.url).origin;
  browser = await chromium.launch({ executablePath: CHROME, headless: true, args: ARGS });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh page; `problems` collects console errors, page errors and failed requests. */
async function fresh(width = 390) {
  const context = await browser.newContext({ viewport: { width, height: 844 }, locale: 'vi-VN' });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`));
  return { context, page, problems };
}

const url = (p) => `${origin}${BASE}${p}`;
const status = (page) => page.locator('[data-status]').textContent();

/** Waits until the status speaks of query `q` (or of browsing when `q` is empty). */
async function settled(page, q) {
  await page.waitForFunction(
    (q) => {
      const s = document.querySelector('[data-status]').textContent;
      if (!s || s === 'Đang tải…') return false;
      return q ? s.includes(`“${q}”`) : !s.includes('“');
    },
    q.trim(),
  );
  // Records come after the status; wait until the list shows the first page of results
  // (all of them, or as many as it shows before "Xem thêm").
  await page.waitForFunction(() => {
    const s = document.querySelector('[data-status]').textContent;
    const n = /^\d+/.test(s) ? Number(s.match(/^\d+/)[0]) : 0;
    const list = document.querySelector('[data-results]');
    if (list.hasAttribute('aria-busy')) return false;
    const shown = list.querySelectorAll('li').length;
    return n ? shown > 0 && (shown === n || !document.querySelector('[data-more]').hidden) : shown === 0;
  });
}

/** Names of all results (clicking "Xem thêm" until every result is shown). */
async function allHits(page) {
  const more = page.locator('[data-more]');
  while (await more.isVisible()) {
    const n = await page.locator('.search-hit').count();
    await more.click();
    await page.waitForFunction((n) => document.querySelectorAll('.search-hit').length > n, n);
  }
  return page.locator('.search-hit .card-link').allTextContents();
}

/** Names of the products of a catalogue listing, over all its pages. */
async function listing(page, p) {
  const names = [];
  let next = url(p);
  while (next) {
    const r = await page.goto(next);
    assert.equal(r.status(), 200, next);
    names.push(...(await page.locator('.product-card .card-link').allTextContents()).map((s) => s.trim()));
    const a = page.locator('.pagination a[rel="next"]');
    next = (await a.count()) ? new URL(await a.getAttribute('href'), next).href : null;
  }
  return names;
}

async function typeQuery(page, q) {
  await page.locator('#q').fill('');
  await page.locator('#q').click();
  await page.keyboard.type(q, { delay: 20 });
  await settled(page, q);
}

test('typing the shoppers\' queries finds the right products', async () => {
  const { context, page, problems } = await fresh();
  try {
    await page.goto(url('tim-kiem/'));
    await settled(page, '');
    const total = Number((await page.locator('[data-count="0"]').textContent()).trim());
    assert.ok(total > 20, `${total} products`);

    await typeQuery(page, 'mat ong');
    let names = await allHits(page);
    assert.deepEqual(names.slice(0, 3).sort(), ['Mật ong bạc hà Mèo Vạc', 'Mật ong bạc hà Đồng Văn', 'Mật ong hoa rừng Sơn Dương'].sort(), names.join(' | '));
    assert.match(await status(page), /^\d+ sản phẩm cho “mat ong”/);

    await typeQuery(page, 'che shan tuyet');
    names = await allHits(page);
    for (const n of ['Chè Shan tuyết Cao Bồ', 'Chè Shan tuyết Hoàng Su Phì', 'Chè Shan tuyết Khau Mút', 'Hồng trà Shan tuyết Na Hang', 'Bạch trà Shan tuyết Hoàng Su Phì']) {
      assert.ok(names.includes(n), `${n}: ${names.join(' | ')}`);
    }
    assert.match(names[0], /^Chè Shan tuyết/);

    // "đ" folds to "d": with or without accents, the two products that have "đường phèn".
    for (const q of ['duong phen', 'đường phèn', 'DUONG PHEN']) {
      await typeQuery(page, q);
      names = await allHits(page);
      assert.deepEqual(names.sort(), ['Bánh tam giác mạch Đồng Văn', 'Hồng trà Shan tuyết Na Hang'], q);
    }

    // Both words must match: "dac san" is not the whole catalogue.
    await typeQuery(page, 'dac san');
    names = await allHits(page);
    assert.ok(names.length > 0 && names.length <= total / 2, `${names.length} of ${total}`);

    // A word that matches nothing is named, not dropped.
    await page.locator('#q').fill('');
    await page.locator('#q').click();
    await page.keyboard.type('mat ong xyzzyq', { delay: 20 });
    await page.waitForFunction(() => /“xyzzyq”/.test(document.querySelector('[data-status]').textContent));
    assert.match(await status(page), /Không tìm thấy kết quả nào cho “xyzzyq”/);
    assert.equal(await page.locator('.search-hit').count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('facet counts and filtered results agree with the catalogue listing pages', async () => {
  const { context, page, problems } = await fresh(1280);
  const listings = await context.newPage();
  try {
    await page.goto(url('tim-kiem/'));
    await settled(page, '');
    // The catalogue (all pages) is what browse mode shows.
    const catalogue = await listing(listings, 'san-pham/');
    assert.equal(Number(await page.locator('[data-count="0"]').textContent()), catalogue.length);
    assert.deepEqual((await allHits(page)).sort(), [...catalogue].sort());

    const count = (dim, value) => page.locator(`input[name="${dim}"][value="${value}"]`).locator('xpath=..').locator('.count').textContent();
    // One value of each facet: its listing page's address.
    const firstWithCount = async (dim) => {
      for (const input of await page.locator(`input[name="${dim}"]`).all()) {
        const c = Number(await input.locator('xpath=..').locator('.count').textContent());
        if (c > 0) return input.getAttribute('value');
      }
      throw new Error(`no ${dim} value with products`);
    };
    const cases = [
      ['sao', '5', 'san-pham/sao/5/'],
      ['sao', '4', 'san-pham/sao/4/'],
      ['tinh', await firstWithCount('tinh'), null],
      ['nhom', await firstWithCount('nhom'), null],
      ['loai', await firstWithCount('loai'), null],
    ];
    const where = { tinh: 'tinh', nhom: 'nhom', loai: 'chu-the' };
    for (const [dim, value, fixed] of cases) {
      const p = fixed || `san-pham/${where[dim]}/${value}/`;
      const expected = await listing(listings, p);
      assert.ok(expected.length > 0, p);
      assert.equal(Number(await count(dim, value)), expected.length, `count of ${dim}=${value} against ${p}`);
      await page.locator(`input[name="${dim}"][value="${value}"]`).check();
      await page.waitForFunction(([d, v]) => new URLSearchParams(location.search).getAll(d).includes(v), [dim, value]);
      await settled(page, '');
      assert.match(await status(page), new RegExp(`^${expected.length} sản phẩm theo bộ lọc`));
      assert.deepEqual((await allHits(page)).sort(), [...expected].sort(), `${dim}=${value} against ${p}`);
      await page.locator(`input[name="${dim}"][value="${value}"]`).uncheck();
      await page.waitForFunction(([d]) => !new URLSearchParams(location.search).has(d), [dim]);
      await settled(page, '');
    }
    // Two filters: 5 stars in a group is the intersection of the two listings.
    const group = cases[3][1];
    const inGroup = new Set(await listing(listings, `san-pham/nhom/${group}/`));
    const expected = (await listing(listings, 'san-pham/sao/5/')).filter((n) => inGroup.has(n));
    await page.locator('input[name="sao"][value="5"]').check();
    await page.waitForURL(/sao=5/);
    await page.locator(`input[name="nhom"][value="${group}"]`).check();
    await page.waitForURL(new RegExp(`nhom=${group}`));
    await settled(page, '');
    assert.deepEqual((await allHits(page)).sort(), expected.sort());
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the URL round-trips: reload, back, forward and a shared address', async () => {
  const { context, page, problems } = await fresh(1280);
  try {
    await page.goto(url('tim-kiem/'));
    await settled(page, '');
    await typeQuery(page, 'che');
    await page.waitForURL(/\?q=che$/);
    const byRelevance = await allHits(page);
    await page.locator('input[name="sao"][value="4"]').check();
    await page.waitForURL(/q=che&sao=4/);
    await settled(page, 'che');
    const four = await allHits(page);
    assert.ok(four.length > 0 && four.length < byRelevance.length, `${four.length} / ${byRelevance.length}`);
    await page.selectOption('#sx', 'ten');
    await page.waitForURL((u) => u.searchParams.get('sx') === 'ten' && u.searchParams.get('sao') === '4');
    await settled(page, 'che');
    const byName = await allHits(page);
    assert.deepEqual([...byName].sort(), [...four].sort());
    const state = async () => ({
      q: await page.locator('#q').inputValue(),
      sao4: await page.locator('input[name="sao"][value="4"]').isChecked(),
      sx: await page.locator('#sx').inputValue(),
      hits: await allHits(page),
    });
    const full = { q: 'che', sao4: true, sx: 'ten', hits: byName };

    await page.reload();
    await settled(page, 'che');
    assert.deepEqual(await state(), full, 'after reload');

    await page.goBack();
    await page.waitForFunction(() => !/sx=/.test(location.search));
    await settled(page, 'che');
    assert.deepEqual(await state(), { q: 'che', sao4: true, sx: '', hits: four }, 'back: no sort');
    await page.goBack();
    await page.waitForFunction(() => !/sao=/.test(location.search));
    await settled(page, 'che');
    assert.deepEqual(await state(), { q: 'che', sao4: false, sx: '', hits: byRelevance }, 'back: no filter');
    await page.goForward();
    await page.goForward();
    await page.waitForFunction(() => /sx=ten/.test(location.search));
    await settled(page, 'che');
    assert.deepEqual(await state(), full, 'forward twice');

    // The address, opened elsewhere, gives the same page.
    const shared = page.url();
    const other = await context.newPage();
    await other.goto(shared);
    await settled(other, 'che');
    assert.deepEqual(await other.locator('.search-hit .card-link').allTextContents(), byName.slice(0, await other.locator('.search-hit').count()));
    assert.ok((await other.locator('.search-hit').count()) > 0);
    assert.equal(await other.locator('#sx').inputValue(), 'ten');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('keyboard: Enter searches, Tab reaches the results, arrows switch tabs, Space filters', async () => {
  const { context, page, problems } = await fresh(1280);
  try {
    await page.goto(url('tim-kiem/'));
    await settled(page, '');
    await page.focus('#q');
    await page.keyboard.type('mat ong');
    await page.keyboard.press('Enter');
    await settled(page, 'mat ong');
    assert.match(page.url(), /\?q=mat\+ong$/);
    // Tab moves forward from the box through the controls to the first result.
    const first = await page.locator('.search-hit .card-link').first().getAttribute('href');
    let reached = false;
    for (let i = 0; i < 60 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate((href) => document.activeElement?.getAttribute('href') === href, first);
    }
    assert.ok(reached, 'Tab never reached the first result');
    // The focus is visible there (the theme outlines the whole result).
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement.closest('.search-hit')).outlineStyle);
    assert.notEqual(outline, 'none');
    // Arrow keys on the tabs (radio buttons): producers.
    await page.focus('input[name="xem"][value=""]');
    await page.keyboard.press('ArrowRight');
    await page.waitForURL(/xem=chu-the/);
    await page.waitForFunction(() => /chủ thể cho “mat ong”/.test(document.querySelector('[data-status]').textContent));
    await page.keyboard.press('ArrowLeft');
    await page.waitForURL((u) => !/xem=/.test(u.search));
    await settled(page, 'mat ong');
    // Space on a filter.
    await page.focus('input[name="sao"][value="5"]');
    await page.keyboard.press('Space');
    await page.waitForURL(/sao=5/);
    await settled(page, 'mat ong');
    const stars = await page.locator('.search-hit .stars').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    assert.ok(stars.length > 0 && stars.every((s) => s === '5 sao OCOP'), stars.join(', '));
    // Enter on a result opens it.
    await page.locator('.search-hit .card-link').first().focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/san-pham\/[^/]+\/$/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the header box, producers tab, axe and the page without JavaScript', async (t) => {
  const { context, page, problems } = await fresh();
  const hasAxe = existsSync(path.join(REPO, 'node_modules', '@axe-core', 'playwright', 'package.json'));
  try {
    // The header search box of any page leads to the search page with ?q=.
    await page.goto(url('san-pham/'));
    await page.fill('#tim-dau-trang', 'mat ong');
    await page.press('#tim-dau-trang', 'Enter');
    await page.waitForURL(/\/tim-kiem\/\?q=mat\+ong$/);
    await settled(page, 'mat ong');
    assert.match(await page.locator('.search-hit a').first().textContent(), /^Mật ong/);
    assert.equal(await page.locator('[data-nojs]').isHidden(), true);
    // Producers: "mat ong" finds the producers of honey.
    await page.locator('input[name="xem"][value="chu-the"]').check();
    await page.waitForURL(/xem=chu-the/);
    await page.waitForFunction(() => /^\d+ chủ thể cho/.test(document.querySelector('[data-status]').textContent));
    assert.ok((await page.locator('.search-hit').count()) >= 2);
    if (hasAxe) {
      const { default: AxeBuilder } = await import('@axe-core/playwright');
      for (const width of [390, 1280]) {
        await page.setViewportSize({ width, height: 900 });
        const r = await new AxeBuilder({ page }).analyze();
        const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`), [], `axe @${width}px`);
      }
    } else t.diagnostic('axe skipped: node_modules/@axe-core/playwright missing');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `horizontal overflow ${overflow}px`);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
  // Without JavaScript: the message and the catalogue links.
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  try {
    const nojs = await ctx.newPage();
    await nojs.goto(url('tim-kiem/?q=mat+ong'));
    assert.equal(await nojs.locator('[data-nojs]').isVisible(), true);
    assert.ok((await nojs.locator('[data-nojs] a').count()) > 5);
    assert.equal(await nojs.locator('[data-ui]').isHidden(), true);
  } finally {
    await ctx.close();
  }
});

// Issue #18: what buyers type (a barcode, a decision number, an abbreviation, words run
// together, a typo, a lapsed product), what each result says (price, why it was found, a
// lapsed certificate in words), small thumbnails and no layout shift while typing.
for (const width of [360, 1280]) {
  test(`results show price, reason and lapsed mark; small thumbnails; no layout shift (${width}px)`, async () => {
    const { context, page, problems } = await fresh(width);
    try {
      // Every layout shift from the page load on, inputs or not (stricter than CLS, which
      // leaves out shifts just after an input).
      await page.addInitScript(() => {
        window.__shifts = [];
        new PerformanceObserver((l) => {
          for (const e of l.getEntries()) window.__shifts.push(e.value);
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await page.goto(url('tim-kiem/'));
      await settled(page, '');
      const first = page.locator('.search-hit').first();

      // A lapsed product is found, first for its name, and says so in words.
      await typeQuery(page, 'xa phong');
      assert.equal((await first.locator('.card-link').textContent()).trim(), 'Xà phòng thảo dược Sông Lô');
      assert.equal((await first.locator('.badge-expired').textContent()).trim(), 'Hết hiệu lực');
      assert.equal(await first.getAttribute('data-expires'), '2024-09-10');
      assert.match(await first.locator('.card-price').textContent(), /35\.000 ₫\s*\/ bánh 100 g/);
      assert.equal((await first.locator('.search-why').textContent()).trim(), 'Khớp: tên');
      // A certified product never carries the mark.
      assert.equal(await page.locator('.search-hit:not(.is-lapsed) .badge-expired').count(), 0);

      // Codes: a barcode and a decision number find their product first, and say so.
      for (const [q, why] of [['8930000100160', 'Khớp: mã vạch'], ['2345/QĐ-UBND', 'Khớp: số quyết định']]) {
        await typeQuery(page, q);
        assert.equal((await first.locator('.card-link').textContent()).trim(), 'Mật ong bạc hà Mèo Vạc', q);
        assert.equal((await first.locator('.search-why').textContent()).trim(), why, q);
        assert.match(await first.locator('.card-price').textContent(), /450\.000 ₫/, q);
      }

      // Words run together and a typo: the page says what it searched instead.
      await typeQuery(page, 'matong ');
      assert.match(await status(page), /đang hiện kết quả cho “mat ong”/);
      assert.match(await first.locator('.card-link').textContent(), /^Mật ong/);
      assert.equal(await first.locator('.card-link mark').count(), 2, 'the words found are marked');

      // The thumbnail of a photo is its smallest variant that fills 96 CSS px at 2x.
      await typeQuery(page, 'mat ong hoa rung');
      const img = first.locator('.search-thumb img');
      await img.scrollIntoViewIfNeeded();
      await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle());
      const shown = await img.evaluate((el) => ({ src: el.currentSrc, w: el.naturalWidth, box: el.getBoundingClientRect().width }));
      assert.ok(shown.w <= 2 * 96 + 8 && shown.w >= 96, JSON.stringify(shown));
      assert.match(shown.src, /-192\.webp$/);
      assert.equal(Math.round(shown.box), 96);

      const shifts = await page.evaluate(() => window.__shifts);
      const cls = shifts.reduce((a, b) => a + b, 0);
      console.log(`# layout shift at ${width}px: ${cls.toFixed(4)} (${shifts.length} shifts)`);
      assert.ok(cls < 0.1, `layout shift ${cls} (${shifts.map((s) => s.toFixed(3)).join(', ')})`);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
}

test('the English search page marks lapsed products in English', async () => {
  const { context, page, problems } = await fresh();
  try {
    await page.goto(url('en/tim-kiem/?q=xa+phong'));
    await page.waitForFunction(() => document.querySelectorAll('.search-hit').length > 0);
    const first = page.locator('.search-hit').first();
    assert.equal((await first.locator('.badge-expired').textContent()).trim(), 'Expired');
    assert.equal((await first.locator('.search-why').textContent()).trim(), 'Matched: name');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
