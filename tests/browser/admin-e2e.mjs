#!/usr/bin/env node
// End to end: an officer edits the catalogue in the browser, at /admin/ of `ocop serve`.
//
//   node tests/browser/admin-e2e.mjs SITE_URL SITE_DIR REMOTE_URL REMOTE_TOKEN [SHOTS_DIR]
//
// SITE_URL is `ocop serve` on 127.0.0.1 serving the example site copied to SITE_DIR;
// REMOTE_URL another `ocop serve` of it bound to 0.0.0.0 with --allow-remote-editing, whose
// token is REMOTE_TOKEN. In Debian's Chromium (playwright-core), the script:
//   1. creates a product with a certificate and a photo, picks its producer, saves it, and
//      sees the catalogue page open in another tab show it (live reload);
//   2. sets a certificate of an existing product to 7 stars: the field shows the error and
//      the file is unchanged; then a wrong barcode, which only the server's check finds:
//      the message is under the barcode field and the file is unchanged;
//   3. tries to delete a producer that products name (refused, nothing deleted), then
//      deletes the new product and finds it in .ocop-cache/history/;
//   4. opens the remote server's /admin/ without the token (refused) and with it (editor).
// With SHOTS_DIR, screenshots of the editor are written there (README). Prints
// `N passed, M failed` and exits non-zero on failure.
//
// Environment: CHROME_PATH (default /usr/bin/chromium).

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { chromium } from 'playwright-core';

const [site, dir, remote, token, shots] = process.argv.slice(2);
if (!site || !dir || !remote || !token) {
  console.error('usage: admin-e2e.mjs SITE_URL SITE_DIR REMOTE_URL REMOTE_TOKEN [SHOTS_DIR]');
  process.exit(2);
}
const base = site.replace(/\/$/, '');
const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium';
const NAME = 'Trà hoa vàng Na Hang';
const SLUG = 'tra-hoa-vang-na-hang';
const PHOTO = join(dir, 'content/products/che-bup-tan-cuong/la-che.jpg');
const EXISTING = join(dir, 'content/products/mat-ong-bac-ha-meo-vac/index.md');

const browser = await chromium.launch({
  executablePath: CHROME,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update'],
});
let passed = 0;
let failed = 0;
async function step(name, f) {
  try {
    await f();
    passed += 1;
    console.log('PASS ' + name);
  } catch (e) {
    failed += 1;
    console.log('FAIL ' + name + ': ' + (e && e.stack ? e.stack : e));
  }
}
function check(ok, what) {
  if (!ok) throw new Error(what);
}
async function shot(page, name) {
  if (shots) await page.screenshot({ path: join(shots, name) });
}

const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
const page = await context.newPage();
const errors = [];
page.on('pageerror', (e) => errors.push(String(e)));
// Confirmations (delete this entry? leave with unsaved changes?) are answered yes.
page.on('dialog', (d) => d.accept().catch(() => {}));

async function open(hash) {
  // A fresh page each time: no draft of an earlier step is kept.
  await page.goto('about:blank');
  await page.goto(base + '/admin/' + hash, { waitUntil: 'load' });
  // The first time, Decap asks to log in (the proxy back end needs no password); after
  // that it remembers.
  const ready = () => /Đăng nhập|Nội dung/.test(document.body.innerText);
  await page.waitForFunction(ready, null, { timeout: 30000 });
  const login = page.getByRole('button', { name: 'Đăng nhập' });
  if (await login.isVisible()) await login.click();
  await page.waitForFunction(() => /Nội dung/.test(document.body.innerText), null, { timeout: 30000 });
}
async function pick(label, text) {
  await page.getByLabel(label, { exact: true }).click();
  await page.keyboard.type(text);
  await page.getByRole('option', { name: text }).first().click();
}
async function publish() {
  await page.getByRole('button', { name: 'Công bố', exact: true }).click();
  await page.getByText('Công bố ngay', { exact: true }).click();
}
function history() {
  const root = join(dir, '.ocop-cache/history');
  return existsSync(root) ? readdirSync(root).map((d) => join(root, d)) : [];
}

await step('a new product with a certificate, a photo and its producer is saved and shown', async () => {
  // The product's address, open in another tab before it exists: "not found" for now.
  const catalogue = await context.newPage();
  const before = await catalogue.goto(base + '/san-pham/' + SLUG + '/', { waitUntil: 'load' });
  check(before.status() === 404, 'the product exists already');
  await open('#/collections/products');
  await shot(page, 'admin-products.png');
  await open('#/collections/products/new');
  await page.getByLabel('Tên sản phẩm', { exact: true }).fill(NAME);
  await pick('Chủ thể', 'Hợp tác xã Nông sản Hoa Đá Mèo Vạc');
  await pick('Nhóm sản phẩm', 'Đồ uống');
  await pick('Tỉnh, thành phố', 'Tuyên Quang');
  await page.getByRole('spinbutton', { name: 'Hạng sao' }).fill('4');
  await page.getByLabel('Số quyết định', { exact: true }).fill('2345/QĐ-UBND');
  await page.getByLabel('Ngày cấp', { exact: true }).fill('2026-05-20');
  await page.getByRole('button', { name: 'Add ảnh', exact: true }).click();
  await page.getByRole('button', { name: 'Chọn một hình' }).first().click();
  await page.setInputFiles('input[type=file]', PHOTO);
  await page.getByRole('button', { name: 'Lấy những cái đã chọn' }).click();
  await shot(page, 'admin-new-product.png');
  await publish();
  const file = join(dir, 'content/products', SLUG, 'index.md');
  await page.waitForFunction(() => /ĐÃ ĐƯỢC LƯU|đã được lưu/i.test(document.body.innerText), null, { timeout: 20000 });
  check(existsSync(file), 'index.md was not written in a new bundle');
  check(existsSync(join(dir, 'content/products', SLUG, 'la-che.jpg')), 'the photo is not in the bundle');
  const text = readFileSync(file, 'utf8');
  check(text.startsWith('+++\n') && text.includes('producer = "htx-nong-san-hoa-da-meo-vac"'), 'front matter: ' + text);
  check(!/= ""/.test(text), 'blank fields were written: ' + text);
  // The other tab reloads by itself and shows the product, with its photo.
  await catalogue.waitForFunction((n) => document.body && document.body.innerText.includes(n), NAME, { timeout: 20000 });
  check((await catalogue.textContent('h1')).includes(NAME), 'the product page has no title');
  await shot(catalogue, 'admin-served-page.png');
  check((await catalogue.locator('img[src*="la-che"]').count()) > 0, 'the product page has no photo');
  await catalogue.close();
});

await step('seven stars are refused on the field and nothing is written', async () => {
  const before = readFileSync(EXISTING);
  await open('#/collections/products/entries/mat-ong-bac-ha-meo-vac');
  await page.getByRole('spinbutton', { name: 'Hạng sao' }).first().fill('7');
  await publish();
  await page.getByText(/5 or less|nhỏ hơn hoặc bằng 5|tối đa/i).first().waitFor({ timeout: 10000 });
  await shot(page, 'admin-stars-error.png');
  check(Buffer.compare(before, readFileSync(EXISTING)) === 0, 'the file changed');
});

await step("a wrong barcode is refused by the site's check, under its field", async () => {
  const before = readFileSync(EXISTING);
  await open('#/collections/products/entries/mat-ong-bac-ha-meo-vac');
  await page.getByLabel('Mã vạch (không bắt buộc)', { exact: true }).fill('8938505974193');
  await publish();
  const note = page.locator('.ocop-field-error').first();
  await note.waitFor({ timeout: 15000 });
  check(/check digit|số kiểm tra/i.test(await note.textContent()), 'message: ' + (await note.textContent()));
  await shot(page, 'admin-server-error.png');
  check(Buffer.compare(before, readFileSync(EXISTING)) === 0, 'the file changed');
});

await step('a producer that products name cannot be deleted; the new product can, and is kept in the history', async () => {
  const producer = join(dir, 'content/producers/htx-nong-san-hoa-da-meo-vac');
  const had = existsSync(producer) || existsSync(producer + '.md');
  check(had, 'the example producer is missing');
  await open('#/collections/producers/entries/htx-nong-san-hoa-da-meo-vac');
  await page.getByRole('button', { name: /Xoá|Xóa/ }).first().click();
  await page.getByText(/Chưa lưu|not saved|Không thể/i).first().waitFor({ timeout: 15000 });
  check(existsSync(producer) || existsSync(producer + '.md'), 'the producer was deleted');
  const kept = history().length;
  await open('#/collections/products/entries/' + SLUG);
  await page.getByRole('button', { name: /Xoá|Xóa/ }).first().click();
  const gone = join(dir, 'content/products', SLUG);
  const start = Date.now();
  while (existsSync(gone) && Date.now() - start < 15000) await page.waitForTimeout(200);
  check(!existsSync(gone), 'the product was not deleted');
  const found = history().slice(kept).some((h) => existsSync(join(h, 'content/products', SLUG, 'index.md'))
    && existsSync(join(h, 'content/products', SLUG, 'la-che.jpg')));
  check(found, 'the deleted product is not in .ocop-cache/history/');
});

await step('a server bound to the network refuses the editor without its token', async () => {
  const other = await browser.newContext();
  const p = await other.newPage();
  const r = await p.goto(remote.replace(/\/$/, '') + '/admin/', { waitUntil: 'load' });
  check(r.status() === 403, 'without the token: status ' + r.status());
  const api = await p.request.post(remote.replace(/\/$/, '') + '/admin/api/v1', {
    data: { action: 'entriesByFolder', params: { folder: 'content/products' } },
  });
  check(api.status() === 403, 'the API without the token: status ' + api.status());
  const ok = await p.goto(remote.replace(/\/$/, '') + '/admin/?token=' + token, { waitUntil: 'load' });
  check(ok.status() === 200 && !p.url().includes('token='), 'with the token: ' + ok.status() + ' ' + p.url());
  await p.getByRole('button', { name: 'Đăng nhập' }).waitFor({ timeout: 15000 });
  await other.close();
});

if (errors.length) console.log('page errors: ' + errors.join('; '));
await browser.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
