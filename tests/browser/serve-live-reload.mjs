#!/usr/bin/env node
// End to end: a page served by `ocop serve` changes in the browser, without a reload by
// hand, after its product file is saved.
//
//   node tests/browser/serve-live-reload.mjs URL PRODUCT_FILE
//
// URL is a product page served by `ocop serve`; PRODUCT_FILE its Markdown file. The script
// opens the page in Debian's Chromium (playwright-core), marks the window, appends a
// sentence to the file, and waits for the sentence to appear. The mark must be gone: the
// page was reloaded by the live-reload script, not by this script. Prints `1 passed, 0
// failed` (or the failure) and exits non-zero on failure.
//
// Environment: CHROME_PATH (default /usr/bin/chromium).

import { appendFileSync } from 'node:fs';

import { chromium } from 'playwright-core';

const [url, file] = process.argv.slice(2);
if (!url || !file) {
  console.error('usage: serve-live-reload.mjs URL PRODUCT_FILE');
  process.exit(2);
}
const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium';
const SENTENCE = 'Câu mới được thêm lúc ' + Date.now() + '.';

const browser = await chromium.launch({
  executablePath: CHROME,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
let failed = 0;
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const resp = await page.goto(url, { waitUntil: 'load' });
  if (!resp || resp.status() !== 200) throw new Error(`${url}: status ${resp && resp.status()}`);
  if ((await page.textContent('body')).includes(SENTENCE)) throw new Error('the sentence is there already');
  // Give the live-reload script time to start its long poll, then mark this window.
  await page.waitForTimeout(300);
  await page.evaluate(() => { window.__ocopMark = 1; });
  appendFileSync(file, '\n' + SENTENCE + '\n');
  const started = Date.now();
  await page.waitForFunction((s) => document.body && document.body.innerText.includes(s), SENTENCE, {
    timeout: 20000,
  });
  const elapsed = Date.now() - started;
  const mark = await page.evaluate(() => window.__ocopMark);
  if (mark !== undefined) throw new Error('the text changed but the page was not reloaded');
  if (errors.length) throw new Error('page errors: ' + errors.join('; '));
  console.log(`PASS the edit appeared in the open tab after ${elapsed} ms`);
} catch (e) {
  failed = 1;
  console.log('FAIL ' + (e && e.stack ? e.stack : e));
} finally {
  await browser.close();
}
console.log(`${1 - failed} passed, ${failed} failed`);
process.exit(failed);
