// A tiny static file server for the built site, on 127.0.0.1 and a free port.
//
// It serves what any plain web server would: the file itself, `index.html` for a folder
// (redirecting `/folder` to `/folder/` first, as web servers do), and `404.html` with
// status 404 for anything else. Paths that try to leave the site folder are refused.
// With `{ gzip: true }` it compresses text (and WebAssembly) for clients that accept gzip, as
// production servers do, and logs the bytes sent, so benchmarks can count what a page costs;
// `{ immutable: (path) => bool }` marks content-hashed files cacheable forever.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
  '.wasm': 'application/wasm',
};
// Types worth compressing.
const COMPRESSIBLE = /^(text\/|application\/(json|xml|atom\+xml|manifest\+json|wasm)|image\/svg)/;

export function contentType(file) {
  const ext = path.extname(file).toLowerCase();
  // Atom feeds are XML files with a more precise type.
  if (path.basename(file) === 'atom.xml') return 'application/atom+xml; charset=utf-8';
  return TYPES[ext] ?? 'application/octet-stream';
}

async function isFile(p) {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

async function isDir(p) {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Starts serving `root`. Resolves to `{ url, port, close, log }` where `url` ends in `/`
 * and `log` lists every request as `{ method, path, status, bytes }` (`bytes`: the body as
 * sent, compressed or not). Options: `gzip`, `immutable` (see the top of this file).
 */
export async function serve(root, { gzip = false, immutable = () => false } = {}) {
  const base = path.resolve(root);
  const log = [];
  const compressed = new Map();

  const send = (req, res, status, headers, body) => {
    const type = headers['content-type'] || '';
    if (gzip && body && body.length > 0 && COMPRESSIBLE.test(type) && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
      const key = `${req.url}\0${body.length}`;
      if (!compressed.has(key)) compressed.set(key, gzipSync(body, { level: 6 }));
      body = compressed.get(key);
      headers = { ...headers, 'content-encoding': 'gzip', vary: 'accept-encoding' };
    }
    const bytes = req.method === 'HEAD' || !body ? 0 : Buffer.byteLength(body);
    log.push({ method: req.method, path: req.url, status, bytes });
    const cache = status === 200 && immutable(req.url) ? 'public, max-age=31536000, immutable' : 'no-cache';
    res.writeHead(status, { 'cache-control': cache, ...headers });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const notFound = async (req, res) => {
    const page = path.join(base, '404.html');
    if (await isFile(page)) {
      send(req, res, 404, { 'content-type': TYPES['.html'] }, await readFile(page));
    } else {
      send(req, res, 404, { 'content-type': TYPES['.txt'] }, 'Not found\n');
    }
  };

  const handle = async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(req, res, 405, { allow: 'GET, HEAD', 'content-type': TYPES['.txt'] }, 'Method not allowed\n');
    }
    const rawPath = (req.url ?? '/').split(/[?#]/, 1)[0];
    let decoded;
    try {
      decoded = decodeURIComponent(rawPath);
    } catch {
      return send(req, res, 400, { 'content-type': TYPES['.txt'] }, 'Bad request\n');
    }
    // Refuse any `..` segment (also when written `%2e%2e` or with backslashes) and NUL bytes.
    const segments = decoded.split(/[\\/]+/);
    if (!decoded.startsWith('/') || decoded.includes('\0') || segments.includes('..')) {
      return send(req, res, 403, { 'content-type': TYPES['.txt'] }, 'Forbidden\n');
    }
    const target = path.resolve(base, '.' + decoded);
    if (target !== base && !target.startsWith(base + path.sep)) {
      return send(req, res, 403, { 'content-type': TYPES['.txt'] }, 'Forbidden\n');
    }
    if (await isDir(target)) {
      if (!rawPath.endsWith('/')) {
        const query = (req.url ?? '').slice(rawPath.length);
        return send(req, res, 301, { location: rawPath + '/' + query }, '');
      }
      const index = path.join(target, 'index.html');
      if (await isFile(index)) {
        return send(req, res, 200, { 'content-type': TYPES['.html'] }, await readFile(index));
      }
      return notFound(req, res);
    }
    if (await isFile(target)) {
      return send(req, res, 200, { 'content-type': contentType(target) }, await readFile(target));
    }
    return notFound(req, res);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) send(req, res, 500, { 'content-type': TYPES['.txt'] }, `Server error: ${err.message}\n`);
      else res.destroy(err);
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    log,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
