#!/usr/bin/env node
// Real-browser quality gates for a built ocop site.
//
//   node tests/browser/quality-gates.mjs SITE_DIR      (or OCOP_SITE_DIR=SITE_DIR)
//
// It builds nothing: it serves SITE_DIR on 127.0.0.1, opens the main page types in Debian's
// Chromium through playwright-core, follows one link of each kind, checks console errors,
// failed and outgoing requests, keyboard use (skip link) and axe-core (serious and critical
// violations fail), takes screenshots into tests/screenshots/, runs the Nu HTML Checker on
// every .html file and Lighthouse on three pages. It ends with the line `N passed, M failed`
// and exits non-zero when anything failed.
//
// Environment: CHROME_PATH (default /usr/bin/chromium), JAVA (default `java`),
// OCOP_SCREENSHOT_DIR (default tests/screenshots), OCOP_SKIP_LIGHTHOUSE=1 to skip Lighthouse
// while iterating locally.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';

import { serve } from './server.mjs';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');

const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium';
const JAVA = process.env.JAVA || 'java';
const SHOTS = path.resolve(process.env.OCOP_SCREENSHOT_DIR || path.join(REPO, 'tests', 'screenshots'));
const CHROME_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
const WIDTHS = [390, 1280];
// Lighthouse's default run is a phone (mobile emulation, throttled): every category gated,
// performance included (issue #18), and the search page's layout shift as well.
const LIGHTHOUSE_GATED = ['performance', 'accessibility', 'best-practices', 'seo'];
const LIGHTHOUSE_MAX_CLS = 0.1;
const LIGHTHOUSE_MIN = 0.95;

// The pages that are opened in the browser. `story` is found on the stories page.
const PAGES = [
  { name: 'home', path: '/' },
  { name: 'catalogue', path: '/san-pham/' },
  { name: 'catalogue-filtered', path: '/san-pham/sao/5/' },
  { name: 'product', path: '/san-pham/mat-ong-bac-ha-meo-vac/', history: true },
  { name: 'producer', path: '/chu-the/htx-nong-san-hoa-da-meo-vac/' },
  { name: 'directory', path: '/chu-the/' },
  { name: 'directory-filtered', path: '/chu-the/nhom/thuc-pham/' },
  { name: 'sales-points', path: '/diem-ban/' },
  { name: 'fair', path: '/hoi-cho/hoi-cho-ocop-tuyen-quang-2027/' },
  { name: 'story', path: null, findOn: '/cau-chuyen/', selector: '.story-card a.card-link' },
  { name: '404', path: '/khong-co-trang-nay/', status: 404 },
  // Figures drawn as inline SVG with their tables, and a plan with met and missed targets.
  { name: 'statistics', path: '/thong-ke/' },
  { name: 'plans', path: '/ke-hoach/' },
  { name: 'plan', path: '/ke-hoach/2025/' },
  // The change log between two builds (tests/browser.rs builds the example twice).
  { name: 'changes', path: '/thay-doi/' },
  // English pages (the example site has `languages = ["vi", "en"]`): translated records,
  // records still in Vietnamese (marked lang="vi"), and the search page in English.
  { name: 'en-home', path: '/en/' },
  { name: 'en-product', path: '/en/san-pham/mat-ong-bac-ha-meo-vac/', history: true },
  { name: 'en-product-untranslated', path: '/en/san-pham/ca-chua-na-hang/' },
  { name: 'en-search', path: '/en/tim-kiem/?q=mat+ong' },
  { name: 'en-statistics', path: '/en/thong-ke/' },
];

// One link of each kind: where to start, what to click, where it must lead.
const LINKS = [
  { kind: 'card → product', from: '/san-pham/', selector: '.product-card a.card-link', expect: /^\/san-pham\/[^/]+\/$/ },
  { kind: 'breadcrumb → section', from: '/san-pham/mat-ong-bac-ha-meo-vac/', selector: '.breadcrumb li:nth-child(2) a', expect: /^\/san-pham\/$/ },
  { kind: 'nav → section', from: '/', selector: '.main-nav a[href$="/chu-the/"], .main-nav li:nth-child(2) a', expect: /^\/[^/]+\/$/ },
  { kind: 'directory entry → producer page', from: '/chu-the/', selector: '.supplier-name a', expect: /^\/chu-the\/[^/]+\/$/ },
  { kind: 'directory facet → filtered directory', from: '/chu-the/', selector: '.facets a[href*="/chu-the/sao/"]', expect: /^\/chu-the\/sao\/\d\/$/ },
  { kind: 'facet → listing', from: '/san-pham/', selector: '.facets a:not([aria-current])', expect: /^\/san-pham\/.+\/$/ },
  { kind: 'pagination', from: '/san-pham/', selector: '.pagination a[rel="next"]', expect: /^\/san-pham\/trang\/\d+\/$/, optional: true },
  { kind: 'story card → story', from: '/cau-chuyen/', selector: '.story-card a.card-link', expect: /^\/cau-chuyen\/[^/]+\/$/ },
  { kind: 'fair card → fair', from: '/hoi-cho/', selector: '.fair-card a.card-link', expect: /^\/hoi-cho\/[^/]+\/$/ },
  { kind: '404 → home', from: '/khong-co-trang-nay/', fromStatus: 404, selector: '.not-found-links a', expect: /^\/$/ },
  { kind: 'language switch → English', from: '/san-pham/mat-ong-bac-ha-meo-vac/', selector: '.lang-switch a[hreflang="en"]', expect: /^\/en\/san-pham\/mat-ong-bac-ha-meo-vac\/$/ },
  { kind: 'language switch → Vietnamese', from: '/en/chu-the/', selector: '.lang-switch a[hreflang="vi"]', expect: /^\/chu-the\/$/ },
  { kind: 'home count → statistics', from: '/', selector: '.stats-more a', expect: /^\/thong-ke\/$/ },
  { kind: 'statistics headline → catalogue', from: '/thong-ke/', selector: '.headline a', expect: /^\/san-pham\/$/ },
  { kind: 'plans → plan', from: '/ke-hoach/', selector: '.plan-list a', expect: /^\/ke-hoach\/\d{4}\/$/ },
  { kind: 'changes → product', from: '/thay-doi/', selector: '.change-list a', expect: /^\/san-pham\/[^/]+\/$/ },
  { kind: 'English card → English product', from: '/en/san-pham/', selector: '.product-card a.card-link', expect: /^\/en\/san-pham\/[^/]+\/$/ },
];

// ---------------------------------------------------------------------------------------
// Bookkeeping

let passed = 0;
let failed = 0;
const failures = [];
const counts = { pagesOpened: 0, vnuPages: 0, vnuErrors: 0, axeRules: new Set(), axeRuns: 0, linksFollowed: 0, screenshots: 0 };

const T0 = Date.now();
const stamp = () => (process.env.OCOP_TIMINGS === '1' ? `[${((Date.now() - T0) / 1000).toFixed(1)}s] ` : '');

function check(name, ok, detail = '') {
  if (ok) {
    passed += 1;
    console.log(`ok   ${stamp()}${name}${detail ? ` (${detail})` : ''}`);
  } else {
    failed += 1;
    failures.push(name);
    console.log(`FAIL ${stamp()}${name}${detail ? `\n${indent(detail)}` : ''}`);
  }
  return ok;
}

function indent(text) {
  return String(text)
    .split('\n')
    .map((line) => `       ${line}`)
    .join('\n');
}

async function guarded(name, fn) {
  try {
    return await fn();
  } catch (err) {
    check(name, false, err?.stack || String(err));
    return undefined;
  }
}

function run(cmd, args, { env, timeoutMs }) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      stderr += `\n[timed out after ${timeoutMs / 1000} s]`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: `${stderr}\n${err.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function htmlFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...htmlFiles(p));
    else if (entry.name.endsWith('.html')) out.push(p);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Nu HTML Checker

async function runVnu(siteDir) {
  const files = htmlFiles(siteDir);
  const jar = String(require('vnu-jar'));
  const res = await run(JAVA, ['-Xss8m', '-jar', jar, '--skip-non-html', '--errors-only', siteDir], {
    timeoutMs: 10 * 60 * 1000,
  });
  const errors = `${res.stdout}\n${res.stderr}`
    .split('\n')
    .filter((line) => /(^|\s)error:/.test(line) || /timed out/.test(line))
    .map((line) => line.replace(`file:${siteDir}`, '').replace(siteDir, ''));
  counts.vnuPages = files.length;
  counts.vnuErrors = errors.length;
  const output = `${res.stdout}\n${res.stderr}`.trim();
  check(
    `Nu HTML Checker on ${files.length} .html files: zero errors`,
    res.code === 0 && errors.length === 0 && files.length > 0,
    res.code === 0 && errors.length === 0 ? `${files.length} pages valid` : errors.slice(0, 60).join('\n') || output,
  );
}

// ---------------------------------------------------------------------------------------
// Browser checks

/** Watches a page for console errors, page errors, failed and outgoing requests. */
function watch(page, origin, expected404) {
  const problems = [];
  const is404 = (url) => expected404 && url === expected404;
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const where = msg.location()?.url ?? '';
    if (is404(where) && /status of 404/.test(msg.text())) return;
    problems.push(`console error: ${msg.text()}${where ? ` (${where})` : ''}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('request', (req) => {
    const url = req.url();
    if (url.startsWith('data:') || url.startsWith('blob:') || url.startsWith('about:')) return;
    if (new URL(url).origin !== origin) problems.push(`request leaving 127.0.0.1: ${req.method()} ${url}`);
  });
  page.on('requestfailed', (req) => {
    const url = req.url();
    if (!url.startsWith(origin)) return; // already reported as leaving the machine
    // The browser itself cancelled it (the page navigated away or closed while a lazy image
    // was loading); an error answer from the server is reported by the response handler.
    if (req.failure()?.errorText === 'net::ERR_ABORTED') return;
    problems.push(`failed request: ${url} (${req.failure()?.errorText})`);
  });
  page.on('response', (resp) => {
    if (resp.status() >= 400 && !is404(resp.url())) problems.push(`HTTP ${resp.status()}: ${resp.url()}`);
  });
  return problems;
}

async function axe(page, label) {
  const result = await new AxeBuilder({ page }).analyze();
  counts.axeRuns += 1;
  for (const group of ['passes', 'violations', 'incomplete', 'inapplicable']) {
    for (const rule of result[group]) counts.axeRules.add(rule.id);
  }
  const ran = result.passes.length + result.violations.length + result.incomplete.length + result.inapplicable.length;
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const minor = result.violations.filter((v) => !bad.includes(v));
  const describe = (v) =>
    `${v.impact} ${v.id}: ${v.help}\n` +
    v.nodes
      .slice(0, 5)
      .map((n) => `  at ${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1).join(' ').trim()}`)
      .join('\n');
  check(
    `axe ${label}: no serious or critical violation`,
    bad.length === 0,
    bad.length === 0
      ? `${ran} rules, ${result.passes.length} passed${minor.length ? `; minor: ${minor.map((v) => `${v.id} (${v.impact})`).join(', ')}` : ''}`
      : bad.map(describe).join('\n'),
  );
}

async function keyboard(page, label) {
  await page.evaluate(() => {
    document.activeElement?.blur();
    window.scrollTo(0, 0);
  });
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => {
    const el = document.activeElement;
    const box = el?.getBoundingClientRect();
    return {
      tag: el?.tagName,
      cls: el?.className,
      href: el?.getAttribute('href'),
      text: el?.textContent?.trim(),
      visible: !!box && box.width > 1 && box.height > 1 && box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight,
    };
  });
  const onSkip = first.tag === 'A' && /\bskip-link\b/.test(first.cls ?? '');
  check(
    `keyboard ${label}: first Tab reaches a visible skip link`,
    onSkip && first.visible,
    onSkip && first.visible ? `"${first.text}"` : `focused ${first.tag}.${first.cls} "${first.text}" (visible: ${first.visible})`,
  );
  if (!onSkip) return;
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.tagName === 'MAIN', null, { timeout: 3000 }).catch(() => {});
  const target = await page.evaluate(() => {
    const el = document.activeElement;
    return { tag: el?.tagName, id: el?.id };
  });
  check(
    `keyboard ${label}: skip link moves focus to main`,
    target.tag === 'MAIN' && first.href === `#${target.id}`,
    target.tag === 'MAIN' ? `#${target.id}` : `focus on ${target.tag}#${target.id}, link ${first.href}`,
  );
}

async function screenshots(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
    await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
    counts.screenshots += 1;
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function checkPage(context, origin, spec) {
  const url = new URL(spec.path, origin).href;
  const wanted = spec.status ?? 200;
  const page = await context.newPage();
  const problems = watch(page, origin, wanted === 404 ? url : null);
  try {
    const resp = await page.goto(url, { waitUntil: 'load' });
    counts.pagesOpened += 1;
    check(`page ${spec.name} ${spec.path}: status ${wanted}`, resp?.status() === wanted, `got ${resp?.status()}`);
    const h1 = await page.locator('h1').count();
    check(`page ${spec.name}: has exactly one h1`, h1 === 1, `${h1} h1`);
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
      await guarded(`axe ${spec.name} @${width}px`, () => axe(page, `${spec.name} @${width}px`));
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await guarded(`screenshots ${spec.name}`, () => screenshots(page, spec.name));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await page.setViewportSize({ width: 390, height: 844 });
    const overflowMobile = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    check(`page ${spec.name}: no horizontal scrolling at 390 px and 1280 px`, overflow <= 0 && overflowMobile <= 0, `overflow ${overflowMobile} px / ${overflow} px`);
    if (spec.history) await historyFits(page, spec.name);
    await page.setViewportSize({ width: 1280, height: 900 });
    await guarded(`keyboard ${spec.name}`, () => keyboard(page, spec.name));
    await page.waitForLoadState('networkidle').catch(() => {});
  } catch (err) {
    problems.push(`error: ${err.message}`);
  } finally {
    check(`page ${spec.name}: no console errors, failed or outgoing requests`, problems.length === 0, problems.join('\n'));
    await page.close();
  }
}

// The star history (a product's ratings over the years) on a 360 px phone: the page does not
// scroll sideways, the table does not scroll inside its box either, and each value sits
// under its label (the header row is hidden, each cell names its column).
async function historyFits(page, name) {
  await page.setViewportSize({ width: 360, height: 740 });
  const r = await page.evaluate(() => {
    const table = document.querySelector('table.history');
    if (!table) return null;
    const box = table.closest('.table-scroll') ?? table.parentElement;
    const cell = table.querySelector('tbody td');
    return {
      page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      table: box.scrollWidth - box.clientWidth,
      labelled: getComputedStyle(cell, '::before').content.replace(/"/g, '') === cell.dataset.label,
    };
  });
  await page.setViewportSize({ width: 1280, height: 900 });
  check(`page ${name}: the star history is there`, r !== null, r ? 'table.history found' : 'no table.history');
  if (!r) return;
  check(`page ${name}: the star history fits a 360 px phone without sideways scrolling`, r.page <= 0 && r.table <= 0, `page overflow ${r.page} px, table overflow ${r.table} px`);
  check(`page ${name}: on a phone each value of the star history sits under its label`, r.labelled, r.labelled ? 'td::before shows data-label' : 'td::before does not show data-label');
}

async function followLink(context, origin, link) {
  const page = await context.newPage();
  const problems = watch(page, origin, link.fromStatus === 404 ? new URL(link.from, origin).href : null);
  const name = `link ${link.kind}`;
  try {
    const start = await page.goto(new URL(link.from, origin).href, { waitUntil: 'load' });
    if (start?.status() !== (link.fromStatus ?? 200)) {
      check(name, false, `start page ${link.from} answered ${start?.status()}`);
      return;
    }
    const target = page.locator(link.selector).first();
    if ((await target.count()) === 0) {
      if (link.optional) {
        console.log(`skip ${name}: no such link on ${link.from}`);
        return;
      }
      check(name, false, `no element matches ${link.selector} on ${link.from}`);
      return;
    }
    const href = await target.getAttribute('href');
    const text = ((await target.textContent()) ?? '').replace(/\s+/g, ' ').trim();
    const navigation = page.waitForResponse(
      (r) => r.request().isNavigationRequest() && r.request().frame() === page.mainFrame(),
      { timeout: 15000 },
    );
    await target.click();
    let resp = await navigation;
    // A redirect is followed: wait for the final document.
    while (resp.status() >= 300 && resp.status() < 400) {
      resp = await page.waitForResponse((r) => r.request().isNavigationRequest() && r.request().frame() === page.mainFrame());
    }
    await page.waitForLoadState('load');
    counts.linksFollowed += 1;
    const dest = new URL(page.url());
    const ok = resp.status() === 200 && dest.origin === origin && link.expect.test(dest.pathname);
    check(`${name}: ${link.from} → ${dest.pathname} (200)`, ok, ok ? `"${text}"` : `clicked ${href}, got ${resp.status()} at ${dest.href}`);
    const h1 = await page.locator('h1').count();
    check(`${name}: destination has one h1`, h1 === 1, `${h1} h1`);
    await page.waitForLoadState('networkidle').catch(() => {});
  } catch (err) {
    problems.push(`error: ${err.message}`);
  } finally {
    check(`${name}: no console errors, failed or outgoing requests`, problems.length === 0, problems.join('\n'));
    await page.close();
  }
}

async function browserChecks(origin) {
  const browser = await chromium.launch({ executablePath: CHROME, headless: true, args: CHROME_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
    // Nothing may leave the machine: block it (and report it through the page watchers).
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(origin)) return route.continue();
      return route.abort('blockedbyclient');
    });
    for (const spec of PAGES) {
      if (!spec.path) {
        const page = await context.newPage();
        await page.goto(new URL(spec.findOn, origin).href);
        const href = await page.locator(spec.selector).first().getAttribute('href').catch(() => null);
        await page.close();
        if (!check(`find a ${spec.name} page on ${spec.findOn}`, !!href, href ?? `no ${spec.selector}`)) continue;
        spec.path = new URL(href, origin).pathname;
      }
      await checkPage(context, origin, spec);
    }
    for (const link of LINKS) await followLink(context, origin, link);
    await context.close();
    await guarded('phone layout and filters', () => layoutChecks(browser, origin));
  } finally {
    await browser.close();
  }
}

// ---------------------------------------------------------------------------------------
// Phone layout and filters (#18): measured in the browser, without JavaScript where the
// page must work without it.

const PRODUCT = '/san-pham/mat-ong-bac-ha-meo-vac/';
const box = (page, selector) =>
  page.locator(selector).first().evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: Math.round(r.top + scrollY), bottom: Math.round(r.bottom + scrollY), height: Math.round(r.height), visible: r.height > 0 && getComputedStyle(el).visibility !== 'hidden' };
  });

async function layoutChecks(browser, origin) {
  const url = (p) => new URL(p, origin).href;
  // A phone, JavaScript off: what must work without it.
  const phone = await browser.newContext({ viewport: { width: 360, height: 640 }, locale: 'vi-VN', javaScriptEnabled: false, hasTouch: true, isMobile: true });
  try {
    const page = await phone.newPage();
    await page.goto(url(PRODUCT));
    const header = await box(page, '.site-header');
    check('360×640: the header is compact', header.height <= 140, `${header.height} px (was 326)`);
    const h1 = await box(page, 'main h1');
    const rating = await box(page, '.product-rating');
    const price = await box(page, '.product-info .price');
    check(
      '360×640: the product name, stars, status and price are in the first screen',
      h1.top < 640 && rating.bottom <= 640 && price.bottom <= 640,
      `name ${h1.top}–${h1.bottom}, stars and status ${rating.top}–${rating.bottom}, price ${price.top}–${price.bottom} (was name 683, price 1263)`,
    );
    // The menu: closed, then opened with a tap and with the keyboard, without JavaScript.
    check('360×640: the navigation is folded behind the menu button', !(await page.locator('.main-nav').isVisible()));
    await page.locator('.menu-button').click();
    const opened = await page.locator('.main-nav a').first().isVisible();
    const navBox = await box(page, '.main-nav');
    check('360×640: the menu button opens the navigation without JavaScript', opened && navBox.bottom <= 640, `nav ${navBox.top}–${navBox.bottom}`);
    await page.locator('.menu-button').click();
    await page.locator('.menu-button').focus();
    await page.keyboard.press('Enter');
    check('360×640: the menu opens from the keyboard', await page.locator('.main-nav a').first().isVisible());
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.closest('.menu-panel') !== null);
    check('360×640: Tab goes from the menu button into the menu', focused);

    // The catalogue: one "Lọc" control, closed, and the first products in the first screen.
    for (const p of ['/san-pham/', '/san-pham/sao/5/']) {
      await page.goto(url(p));
      const facetsShown = await page.locator('.facets').isVisible();
      const toggle = await box(page, '.filters-toggle');
      const card = await box(page, '.product-card');
      check(`360×640 ${p}: the filters fold behind one Lọc control`, !facetsShown && toggle.visible, `Lọc at ${toggle.top}`);
      check(`360×640 ${p}: the first product starts in the first screen`, card.top < 640, `first card at ${card.top} (was ≈ 1,100)`);
    }
    const chip = await page.locator('.filters-toggle .filter-chip').innerText();
    check('360×640: the Lọc control names the filter in force', /5 sao/.test(chip), chip);
    await page.locator('.filters-toggle').click();
    check('360×640: Lọc opens the filters without JavaScript', await page.locator('.facets a').first().isVisible());
  } finally {
    await phone.close();
  }

  // axe (which needs JavaScript) on the open menu and the open filters.
  const phoneJs = await browser.newContext({ viewport: { width: 360, height: 640 }, locale: 'vi-VN' });
  try {
    const page = await phoneJs.newPage();
    await page.goto(url(PRODUCT));
    await page.locator('.menu-button').click();
    await guarded('axe menu open @360px', () => axe(page, 'menu open @360px'));
    await page.goto(url('/san-pham/sao/5/'));
    await page.locator('.filters-toggle').click();
    await guarded('axe filters open @360px', () => axe(page, 'filters open @360px'));
  } finally {
    await phoneJs.close();
  }

  // A laptop: the navigation and the filters are open, and the sticky filters scroll.
  const laptop = await browser.newContext({ viewport: { width: 1366, height: 657 }, locale: 'vi-VN', javaScriptEnabled: false });
  try {
    const page = await laptop.newPage();
    await page.goto(url('/san-pham/'));
    check('1366×657: the navigation is shown without a menu button', (await page.locator('.main-nav a').first().isVisible()) && !(await page.locator('.menu-button').isVisible()));
    check('1366×657: the filters are shown without a Lọc button', (await page.locator('.facets a').first().isVisible()) && !(await page.locator('.filters-toggle').isVisible()));
    await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight / 3));
    const side = await page.locator('.filters').evaluate((el) => {
      el.scrollTop = el.scrollHeight;
      const last = [...el.querySelectorAll('a')].pop().getBoundingClientRect();
      const r = el.getBoundingClientRect();
      return { height: Math.round(r.height), top: Math.round(r.top), scrolls: el.scrollHeight > el.clientHeight, lastBottom: Math.round(last.bottom), overflow: getComputedStyle(el).overflowY };
    });
    check(
      '1366×657: the sticky filters fit the window and scroll on their own',
      side.height <= 657 && side.lastBottom <= 657 && (side.scrolls ? side.overflow === 'auto' : true),
      `sidebar ${side.height} px at ${side.top}, last filter's bottom at ${side.lastBottom}, own scrolling ${side.scrolls} (was 854 px, bottom out of reach)`,
    );
  } finally {
    await laptop.close();
  }

  // Combining: a facet page's other filters lead to the combination, where the counts and
  // the results agree and more filters and a sort can be added (JavaScript on).
  const js = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN' });
  await js.route('**/*', (route) => (route.request().url().startsWith(origin) ? route.continue() : route.abort('blockedbyclient')));
  try {
    const page = await js.newPage();
    const problems = watch(page, origin, null);
    await page.goto(url('/san-pham/sao/5/'));
    const link = page.locator('.facets a[href*="nhom="]').first();
    const want = Number(await link.locator('.count').textContent());
    const href = await link.getAttribute('href');
    await page.goto(new URL(href, url('/san-pham/sao/5/')).href);
    await page.locator('[data-results] li').first().waitFor({ timeout: 15000 });
    const got = await page.locator('[data-results] li').count();
    const checked = await page.locator('[data-facets] input:checked').evaluateAll((els) => els.map((e) => `${e.name}=${e.value}`));
    check(
      'combining a 5-star page with a group: the search page shows as many products as the filter said, both filters on',
      got === want && checked.length === 2 && checked.includes('sao=5'),
      `${href}: ${got} shown, ${want} counted, filters ${checked.join(' ')}`,
    );
    await page.selectOption('#sx', 'ten');
    await page.waitForURL(/sx=ten/);
    check('the combination sorts and the address keeps the state', /sao=5/.test(page.url()) && /nhom=/.test(page.url()), page.url());
    check('combining: no console errors or failed requests', problems.length === 0, problems.join('\n'));
  } finally {
    await js.close();
  }
}

// ---------------------------------------------------------------------------------------
// Lighthouse

async function lighthouse(origin, pagePath, name) {
  const cli = require.resolve('lighthouse/cli/index.js');
  const url = new URL(pagePath, origin).href;
  const res = await run(
    process.execPath,
    [
      cli,
      url,
      '--output=json',
      '--output-path=stdout',
      '--quiet',
      '--no-enable-error-reporting',
      '--chrome-flags=--headless --no-sandbox --disable-gpu',
      '--only-categories=performance,accessibility,best-practices,seo',
    ],
    { env: { CHROME_PATH: CHROME }, timeoutMs: 4 * 60 * 1000 },
  );
  let report;
  try {
    report = JSON.parse(res.stdout);
  } catch {
    check(`Lighthouse ${name}: report`, false, `exit ${res.code}\n${res.stderr.slice(-3000)}`);
    return null;
  }
  if (report.runtimeError) {
    check(`Lighthouse ${name}: runs`, false, `${report.runtimeError.code}: ${report.runtimeError.message}`);
    return null;
  }
  const finalUrl = report.finalDisplayedUrl ?? report.finalUrl;
  if (!check(`Lighthouse ${name}: audited ${pagePath} itself`, finalUrl === url, `final URL ${finalUrl}`)) return null;
  for (const warning of report.runWarnings ?? []) console.log(`     Lighthouse ${name} warning: ${warning}`);
  const scores = {};
  for (const [id, cat] of Object.entries(report.categories)) scores[id] = cat.score;
  console.log(
    `     Lighthouse ${name} ${pagePath}: ` +
      Object.entries(scores)
        .map(([id, s]) => `${id} ${s == null ? 'n/a' : s.toFixed(2)}`)
        .join(', '),
  );
  for (const id of LIGHTHOUSE_GATED) {
    const cat = report.categories[id];
    const score = cat?.score ?? 0;
    const weak = (cat?.auditRefs ?? [])
      .map((ref) => report.audits[ref.id])
      .filter((a) => a && a.score !== null && a.score < 1 && !['notApplicable', 'manual', 'informative'].includes(a.scoreDisplayMode))
      .map((a) => `${a.id} (${a.score}): ${a.title}${a.displayValue ? ` — ${a.displayValue}` : ''}`);
    check(`Lighthouse ${name} ${id} ≥ ${LIGHTHOUSE_MIN}`, score >= LIGHTHOUSE_MIN, `${score.toFixed(2)}${weak.length ? `; below 1: ${weak.join('\n')}` : ''}`);
  }
  const cls = report.audits['cumulative-layout-shift']?.numericValue;
  check(`Lighthouse ${name}: layout shift < ${LIGHTHOUSE_MAX_CLS}`, typeof cls === 'number' && cls < LIGHTHOUSE_MAX_CLS, `CLS ${cls}`);
  return scores;
}

// ---------------------------------------------------------------------------------------

async function main() {
  const siteArg = process.argv[2] || process.env.OCOP_SITE_DIR;
  if (!siteArg) {
    console.error('usage: node tests/browser/quality-gates.mjs SITE_DIR   (or set OCOP_SITE_DIR)');
    process.exitCode = 2;
    return;
  }
  const siteDir = path.resolve(siteArg);
  if (!existsSync(path.join(siteDir, 'index.html')) || !statSync(siteDir).isDirectory()) {
    console.error(`${siteDir} is not a built site (no index.html); build it with \`ocop build --output DIR\``);
    process.exitCode = 2;
    return;
  }
  for (const [what, p] of [['Chromium', CHROME]]) {
    if (!existsSync(p)) {
      console.error(`${what} not found at ${p}: apt-get install -y chromium`);
      process.exitCode = 2;
      return;
    }
  }

  const started = Date.now();
  const server = await serve(siteDir);
  const origin = new URL(server.url).origin;
  console.log(`Serving ${siteDir} at ${server.url}`);
  try {
    // The checker runs in its own process while the browser works.
    const vnu = guarded('Nu HTML Checker', () => runVnu(siteDir));
    await guarded('browser checks', () => browserChecks(origin));
    await vnu;
    const lighthouseScores = {};
    if (process.env.OCOP_SKIP_LIGHTHOUSE === '1') {
      console.log('skip Lighthouse (OCOP_SKIP_LIGHTHOUSE=1)');
    } else {
      for (const [name, p] of [
        ['home', '/'],
        ['catalogue', '/san-pham/'],
        ['product', '/san-pham/mat-ong-bac-ha-meo-vac/'],
        ['en-product', '/en/san-pham/mat-ong-bac-ha-meo-vac/'],
        ['search', '/tim-kiem/?q=mat+ong'],
      ]) {
        const scores = await guarded(`Lighthouse ${name}`, () => lighthouse(origin, p, name));
        if (scores) lighthouseScores[name] = scores;
      }
    }

    console.log('');
    console.log(`Pages validated by the Nu HTML Checker: ${counts.vnuPages} (${counts.vnuErrors} errors)`);
    console.log(`Pages opened in Chromium: ${counts.pagesOpened}; screenshots: ${counts.screenshots} in ${path.relative(process.cwd(), SHOTS) || SHOTS}`);
    console.log(`axe-core: ${counts.axeRuns} runs, ${counts.axeRules.size} distinct rules run`);
    console.log(`Links followed: ${counts.linksFollowed}`);
    for (const [name, scores] of Object.entries(lighthouseScores)) {
      console.log(
        `Lighthouse ${name}: ` +
          Object.entries(scores)
            .map(([id, s]) => `${id} ${s == null ? 'n/a' : Math.round(s * 100)}`)
            .join(', '),
      );
    }
    console.log(`Time: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (failures.length) console.log(`Failed:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
  } finally {
    await server.close();
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((err) => {
  console.error(err?.stack || err);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exitCode = 1;
});
