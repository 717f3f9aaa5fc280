// status.js in Chromium: statuses decided again on the reader's date (issue #18). Run by
// tests/live_status.rs (which builds the example site on 22/11/2026), or alone:
//
//   OCOP_SITE_DIR=public node --test tests/browser/status.test.mjs   (a build of 22/11/2026)
//
// With the browser's clock set later than the build:
// - a certificate valid at the build turns "Sắp hết hạn", then "Hết hạn" the day after its
//   last valid day in Vietnam (UTC+7): badge text, class, notice, stamp, card badge;
// - an upcoming fair turns "Đang diễn ra", then "Đã diễn ra";
// - the print-date line names the reader's date and the build's; it shows only in print;
// - English pages use English words; a clock behind the build changes nothing;
// - a line of the supplier directory follows its certificate (badge and words);
// - the QR code drawn in a product or producer page downloads as an SVG file.
// Needs Chromium (/usr/bin/chromium or CHROME_PATH) and node_modules/playwright-core.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

import { chromium } from 'playwright-core';

import { serve } from './server.mjs';

const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
const DIR = process.env.OCOP_SITE_DIR;
if (!DIR) throw new Error('set OCOP_SITE_DIR to a built example site');
const BUILT = '2026-11-22';

let server;
let browser;
before(async () => {
  server = await serve(DIR);
  browser = await chromium.launch({ executablePath: CHROME, headless: true, args: ARGS });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const read = (rel) => readFileSync(path.join(DIR, rel), 'utf8');
const addDays = (iso, n) => new Date(Date.parse(iso) + n * 86400000).toISOString().slice(0, 10);
const vn = (iso) => iso.split('-').reverse().join('/');

/** The product valid at the build whose certificate ends first: [slug, last valid day]. */
function firstToExpire() {
  let best = null;
  for (const slug of readdirSync(path.join(DIR, 'san-pham'))) {
    const file = path.join('san-pham', slug, 'index.html');
    if (!existsSync(path.join(DIR, file))) continue;
    const m = read(file).match(/<article class="product[^"]*"[^>]* data-cert="valid" data-cert-until="([\d-]+)"(?! data-cert-revoked)/);
    if (m && (!best || m[1] < best[1])) best = [slug, m[1]];
  }
  assert.ok(best, 'no valid product in the build');
  return best;
}

/** The listing page of the catalogue that shows the card of `slug`. */
function listingOf(slug) {
  const pages = ['san-pham/index.html'];
  const more = path.join(DIR, 'san-pham', 'trang');
  if (existsSync(more)) for (const n of readdirSync(more)) pages.push(`san-pham/trang/${n}/index.html`);
  const page = pages.find((p) => read(p).includes(`href="/san-pham/${slug}/"`));
  assert.ok(page, `no catalogue page lists ${slug}`);
  return '/' + page.replace(/index\.html$/, '');
}

/** A page opened with the browser's clock at `instant`; `problems` collects errors. */
async function open(url, instant, media = 'screen') {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  await page.clock.setFixedTime(new Date(instant));
  await page.emulateMedia({ media });
  await page.goto(server.url.replace(/\/$/, '') + url);
  await page.waitForLoadState('load');
  return { context, page, problems };
}

test('a clock at or behind the build changes nothing', async () => {
  const [slug] = firstToExpire();
  for (const instant of [`${BUILT}T12:00:00+07:00`, '2026-01-01T12:00:00+07:00']) {
    const { context, page, problems } = await open(`/san-pham/${slug}/`, instant);
    assert.equal(await page.locator('.product-rating .badge').textContent(), 'Còn hiệu lực');
    assert.equal(await page.locator('main > .print-date').textContent(), `Thông tin tại ngày ${vn(BUILT)}.`);
    assert.equal(await page.locator('.alert:visible').count(), 0);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('a valid certificate turns expiring, then expired the day after its end in Vietnam', async () => {
  const [slug, until] = firstToExpire();
  // 10 days before its end: expiring.
  let { context, page, problems } = await open(`/san-pham/${slug}/`, `${addDays(until, -10)}T12:00:00+07:00`);
  const badge = page.locator('.product-rating .badge');
  assert.equal(await badge.textContent(), 'Sắp hết hạn');
  assert.match(await badge.getAttribute('class'), /\bbadge-expiring\b/);
  assert.ok(await page.locator('.alert-expiring').isVisible());
  assert.equal(await page.locator('.cert-stamp').isVisible(), false);
  await context.close();

  // 23:30 in Vietnam on its last day (16:30 UTC): still expiring.
  ({ context, page } = await open(`/san-pham/${slug}/`, `${until}T16:30:00Z`));
  assert.equal(await page.locator('.product-rating .badge').textContent(), 'Sắp hết hạn');
  await context.close();

  // 00:30 the next day in Vietnam (17:30 UTC, still the same day in UTC): expired.
  ({ context, page, problems } = await open(`/san-pham/${slug}/`, `${until}T17:30:00Z`));
  const after = addDays(until, 1);
  assert.equal(await page.locator('.product-rating .badge').textContent(), 'Hết hạn');
  assert.match(await page.locator('.product-rating .badge').getAttribute('class'), /\bbadge-expired\b/);
  assert.equal(await page.locator('.certificate dl .badge').textContent(), 'Hết hạn');
  assert.match(await page.locator('section.certificate').getAttribute('class'), /\bcert-expired\b/);
  assert.match(await page.locator('article.product').getAttribute('class'), /\bis-lapsed\b/);
  assert.ok(await page.locator('.alert[data-show-for="expired"]').isVisible());
  assert.equal(await page.locator('.alert-expiring').isVisible(), false);
  assert.ok(await page.locator('.cert-stamp').isVisible());
  assert.equal(await page.locator('.cert-stamp').textContent(), 'Hết hạn');
  // The icon comes from the class: the stylesheet's ✕ of .badge-expired.
  const icon = await page.locator('.product-rating .badge').evaluate((e) => getComputedStyle(e, '::before').content);
  assert.equal(icon, '"✕"');
  assert.equal(
    await page.locator('main > .print-date').textContent(),
    `Thông tin tại ngày ${vn(after)} (tình trạng chứng nhận tính đến ngày này; dữ liệu cập nhật ngày ${vn(BUILT)}).`,
  );
  assert.deepEqual(problems, []);
  await context.close();

  // Its card in the catalogue, which still lists it until the next build, is marked.
  ({ context, page, problems } = await open(listingOf(slug), `${after}T09:00:00+07:00`));
  const card = page.locator(`article.product-card:has(a[href="/san-pham/${slug}/"])`);
  assert.match(await card.getAttribute('class'), /\bis-expired\b/);
  const cardBadge = card.locator('.badge');
  assert.ok(await cardBadge.isVisible(), 'the card shows no badge');
  assert.equal(await cardBadge.textContent(), 'Hết hạn');
  // Cards still valid keep their badge hidden.
  const hiddenValid = await page.locator('article.product-card.is-valid .badge').evaluateAll((es) => es.every((e) => e.hidden));
  assert.ok(hiddenValid);
  assert.deepEqual(problems, []);
  await context.close();
});

test('an upcoming fair turns ongoing, then past', async () => {
  const html = read('hoi-cho/index.html');
  const m = html.match(/data-fair="upcoming" data-fair-starts="([\d-]+)" data-fair-ends="([\d-]+)"/);
  assert.ok(m, 'no upcoming fair in the build');
  const [, starts, ends] = m;
  const card = (page) => page.locator(`article.fair-card[data-fair-starts="${starts}"]`).first();

  let { context, page, problems } = await open('/hoi-cho/', `${starts}T09:00:00+07:00`);
  assert.equal(await card(page).locator('.badge').textContent(), 'Đang diễn ra');
  assert.match(await card(page).getAttribute('class'), /\bfair-ongoing\b/);
  await context.close();

  ({ context, page, problems } = await open('/hoi-cho/', `${addDays(ends, 1)}T09:00:00+07:00`));
  assert.equal(await card(page).locator('.badge').textContent(), 'Đã diễn ra');
  assert.match(await card(page).getAttribute('class'), /\bfair-past\b/);
  assert.match(await card(page).locator('.badge').getAttribute('class'), /\bbadge-fair-past\b/);
  assert.deepEqual(problems, []);
  await context.close();

  // The home page's upcoming fairs, too.
  ({ context, page } = await open('/', `${addDays(ends, 1)}T09:00:00+07:00`));
  const home = page.locator(`article.fair-card[data-fair-starts="${starts}"] .badge`);
  if (await home.count()) assert.equal(await home.first().textContent(), 'Đã diễn ra');
  await context.close();
});

test('the print-date line shows only in print', async () => {
  const [slug] = firstToExpire();
  let { context, page } = await open(`/san-pham/${slug}/`, `${BUILT}T12:00:00+07:00`);
  assert.equal(await page.locator('main > .print-date').isVisible(), false);
  await context.close();
  ({ context, page } = await open(`/san-pham/${slug}/`, `${BUILT}T12:00:00+07:00`, 'print'));
  assert.ok(await page.locator('main > .print-date').isVisible());
  await context.close();
});

test('English pages use English words', async () => {
  if (!existsSync(path.join(DIR, 'en'))) return;
  const [slug, until] = firstToExpire();
  const { context, page, problems } = await open(`/en/san-pham/${slug}/`, `${addDays(until, 1)}T09:00:00+07:00`);
  assert.equal(await page.locator('.product-rating .badge').textContent(), 'Expired');
  assert.match(await page.locator('main > .print-date').textContent(), /^Information as of \d\d\/\d\d\/\d{4} \(certificate status as of that day; data updated on 22\/11\/2026\)\.$/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a fair that ended since the build moves to the past fairs, or out of the home page', async () => {
  const html = read('hoi-cho/index.html');
  const upcoming = [...html.matchAll(/data-fair="upcoming" data-fair-starts="([\d-]+)" data-fair-ends="([\d-]+)"/g)].map((m) => [m[1], m[2]]);
  assert.ok(upcoming.length >= 1, 'no upcoming fair in the build');
  const [starts, ends] = upcoming[0];
  const day = `${addDays(ends, 1)}T09:00:00+07:00`;

  let { context, page, problems } = await open('/hoi-cho/', day);
  const inPast = page.locator(`[data-fair-list="past"] > article[data-fair-starts="${starts}"]`);
  assert.equal(await inPast.count(), 1, 'the ended fair is not among the past ones');
  assert.equal(await page.locator('[data-fair-list="past"] > article').first().getAttribute('data-fair-starts'), starts, 'not first of the past fairs');
  assert.equal(await page.locator(`[data-fair-list="upcoming"] > article[data-fair-starts="${starts}"]`).count(), 0);
  // Once every upcoming fair has ended, the "no upcoming fairs" message shows.
  const last = upcoming.map(([, e]) => e).sort().at(-1);
  assert.deepEqual(problems, []);
  await context.close();
  ({ context, page } = await open('/hoi-cho/', `${addDays(last, 1)}T09:00:00+07:00`));
  assert.equal(await page.locator('[data-fair-list="upcoming"] > article').count(), 0);
  assert.ok(await page.locator('section[aria-labelledby="sap-dien-ra"] .empty').isVisible());
  await context.close();

  // The home page has no list of past fairs: the ended fair is no longer shown.
  ({ context, page, problems } = await open('/', day));
  const home = page.locator(`[data-fair-list="upcoming"] > article[data-fair-starts="${starts}"]`);
  if (await home.count()) assert.equal(await home.isVisible(), false);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the QR code drawn in a product or producer page downloads as an SVG file', async () => {
  const [slug] = firstToExpire();
  const producer = read(`san-pham/${slug}/index.html`).match(/href="\/chu-the\/([^/"]+)\/"/)[1];
  for (const [url, name] of [[`/san-pham/${slug}/`, `${slug}-qr.svg`], [`/chu-the/${producer}/`, `${producer}-qr.svg`]]) {
    const { context, page, problems } = await open(url, `${BUILT}T12:00:00+07:00`);
    const link = page.locator('figure.qr [data-qr-download] a');
    assert.ok(await link.isVisible(), `${url}: no download link`);
    assert.equal(await link.getAttribute('download'), name);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const file = await download.path();
    const svg = readFileSync(file, 'utf8');
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 \d+ \d+"/);
    assert.equal(svg, await page.locator('figure.qr svg').evaluate((e) => e.outerHTML));
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('a supplier line of the directory follows its certificate: badge and words', async () => {
  const [slug, until] = firstToExpire();
  const pages = ['chu-the/index.html'];
  const more = path.join(DIR, 'chu-the', 'trang');
  if (existsSync(more)) for (const n of readdirSync(more)) pages.push(`chu-the/trang/${n}/index.html`);
  const page = pages.find((p) => read(p).includes(`class="sp-name" href="/san-pham/${slug}/"`));
  assert.ok(page, `no directory page lists ${slug}`);
  const url = '/' + page.replace(/index\.html$/, '');
  const { context, page: tab, problems } = await open(url, `${addDays(until, 1)}T12:00:00+07:00`);
  const line = tab.locator(`.supplier-products li:has(a.sp-name[href="/san-pham/${slug}/"])`);
  assert.equal(await line.getAttribute('data-cert'), 'expired');
  assert.equal(await line.locator('.badge').textContent(), 'Hết hạn');
  assert.equal(await line.locator('[data-cert-text]').textContent(), 'Hết hiệu lực ngày');
  assert.deepEqual(problems, []);
  await context.close();
});
