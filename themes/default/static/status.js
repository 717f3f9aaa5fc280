// Statuses on the reader's date (issue #18).
//
// A page is built on one day and read, or printed, on a later one. Every certificate and
// fair status in it is written as text decided on the build date (that text is what readers
// without JavaScript see); beside it the page carries the dates it was decided from:
//
//   data-cert-until="2027-05-20" [data-cert-revoked="…"] data-cert="valid"   a certificate
//     (a `.badge[data-label]` inside it without dates of its own follows it, and so does a
//     `data-cert-text` element, whose words are the `data-text-NEW` of its nearest holder)
//   data-fair-starts="2026-12-12" data-fair-ends="2026-12-16" data-fair="upcoming"  a fair
//
// This script decides each again on today's date in Vietnam (UTC+7, as the build does),
// never earlier than the build date (a computer whose clock is behind does not bring an
// expired certificate back), and where the status changed it updates the element:
//   - class names ending in -valid, -expiring, -expired, -revoked (or -upcoming, -ongoing,
//     -past) take the new ending (the badge colour and icon come from the stylesheet);
//   - its text becomes `data-text-NEW` when it has one, else, when it is marked
//     `data-label`, the page's word for the new status;
//   - `data-hide-valid` elements are hidden while valid (a product card shows no badge then);
//   - inside it, elements with `data-show-for="expired revoked"` show only for those;
//   - `data-lapsed` elements get the class `is-lapsed` when expired or revoked;
//   - a fair card that turned past leaves a `data-fair-list="upcoming"` list for the page's
//     `data-fair-list="past"` list, or is hidden where there is none; a list's
//     `data-fair-empty` message shows when nothing is left in it.
// The words and the build date come from the print-date line (`[data-built]`), written in
// the page's language; this file holds no interface text. The same line, printed at the top
// of every printed page, then names the date the statuses were decided on.
'use strict';
// A page's QR code is drawn in the page (`partials/qr.html`); its "download" link saves that
// drawing as an SVG file named after the page (`…/mat-ong-bac-ha/` → `mat-ong-bac-ha-qr.svg`).
// Without JavaScript the link stays hidden: the code still prints with the page.
for (const span of document.querySelectorAll('[data-qr-download]')) {
  const svg = span.closest('figure') && span.closest('figure').querySelector('svg');
  const a = span.querySelector('a');
  if (!svg || !a) continue;
  const name = location.pathname.split('/').filter(Boolean).pop() || 'ocop';
  a.href = URL.createObjectURL(new Blob([svg.outerHTML], { type: 'image/svg+xml' }));
  a.download = `${name}-qr.svg`;
  span.hidden = false;
}
(() => {
  const line = document.querySelector('[data-built]');
  if (!line) return;
  const built = line.dataset.built;
  const VN = 7 * 3600 * 1000;
  const now = new Date(Date.now() + VN).toISOString().slice(0, 10);
  const today = now > built ? now : built;
  const days = (a, b) => Math.round((Date.parse(a) - Date.parse(b)) / 86400000);
  const soon = Number(line.dataset.expiringDays) || 90;
  const word = (key) => line.getAttribute(`data-${key}`);
  const display = (iso) => iso.split('-').reverse().join('/');

  const certKey = (e) => {
    const revoked = e.dataset.certRevoked;
    if (revoked && revoked <= today) return 'revoked';
    const until = e.dataset.certUntil;
    if (until < today) return 'expired';
    return days(until, today) <= soon ? 'expiring' : 'valid';
  };
  const fairKey = (e) => {
    if (today < e.dataset.fairStarts) return 'upcoming';
    return today <= e.dataset.fairEnds ? 'ongoing' : 'past';
  };

  const CERT = /^(.*-)(valid|expiring|expired|revoked)$/;
  const FAIR = /^(.*-)(upcoming|ongoing|past)$/;
  const update = (e, key, pattern, attr) => {
    if (e.getAttribute(attr) === key) return;
    e.setAttribute(attr, key);
    for (const c of [...e.classList]) {
      const m = c.match(pattern);
      if (m) e.classList.replace(c, m[1] + key);
    }
    const holder = e.hasAttribute('data-cert-text') ? e.closest(`[data-text-${key}]`) : e;
    const text = (holder && holder.getAttribute(`data-text-${key}`)) ?? (e.hasAttribute('data-label') ? word(key) : null);
    if (text !== null) e.textContent = text;
    if (e.hasAttribute('data-hide-valid')) e.hidden = key === 'valid';
    if (e.hasAttribute('data-lapsed')) e.classList.toggle('is-lapsed', key === 'expired' || key === 'revoked');
    for (const s of e.querySelectorAll('[data-show-for]')) {
      s.hidden = !s.dataset.showFor.split(' ').includes(key);
    }
  };

  for (const e of document.querySelectorAll('[data-cert-until]')) {
    const key = certKey(e);
    update(e, key, CERT, 'data-cert');
    // A product card's badge, a supplier line's badge and words have no dates of their own:
    // they follow the element that has them.
    for (const b of e.querySelectorAll('.badge[data-label]:not([data-cert-until]), [data-cert-text]')) update(b, key, CERT, 'data-cert');
  }
  for (const e of document.querySelectorAll('[data-fair-starts]')) update(e, fairKey(e), FAIR, 'data-fair');

  // A fair that ended since the build leaves the list of upcoming fairs: to the page's list
  // of past fairs (most recent first), or out of sight where there is none (the home page).
  const past = document.querySelector('[data-fair-list="past"]');
  for (const list of document.querySelectorAll('[data-fair-list="upcoming"]')) {
    for (const card of [...list.querySelectorAll(':scope > [data-fair="past"]')]) {
      if (past) past.prepend(card);
      else card.hidden = true;
    }
  }
  for (const list of document.querySelectorAll('[data-fair-list]')) {
    const empty = list.parentElement.querySelector(':scope > [data-fair-empty]');
    if (empty) empty.hidden = [...list.children].some((c) => !c.hidden);
  }

  if (today !== built) {
    const later = line.dataset.asOfLater;
    if (later) line.textContent = later.replace('{date}', display(today)).replace('{built}', display(built));
  }
})();
