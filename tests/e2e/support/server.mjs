// A tiny static file server for the browser tests: node's http module, no dependencies.
//
// startServer({ root, basePath }) serves the files under `root` (normally dist/) at
// http://127.0.0.1:PORT<basePath>, on an ephemeral port bound to 127.0.0.1 only, so the
// tests prove the site works from a sub-path (Trunk's public_url is "./").
// Anything outside basePath, any missing file and any path escaping root gets a 404.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Normalises "course/scalemap" or "/course/scalemap" to "/course/scalemap/". */
function normaliseBase(basePath) {
  let base = basePath || '/';
  if (!base.startsWith('/')) base = `/${base}`;
  if (!base.endsWith('/')) base = `${base}/`;
  return base;
}

/**
 * @param {{ root: string, basePath?: string }} options
 * @returns {Promise<{ url: string, origin: string, requests: string[], close: () => Promise<void> }>}
 *   url is the site's address, ending in "/"; requests lists every "STATUS /path" served.
 */
export async function startServer({ root, basePath = '/' }) {
  const rootDir = path.resolve(root);
  const base = normaliseBase(basePath);
  const requests = [];

  const server = createServer(async (req, res) => {
    const send = (status, body, type = 'text/plain; charset=utf-8') => {
      requests.push(`${status} ${req.url}`);
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n');
      const { pathname } = new URL(req.url, 'http://127.0.0.1');
      // "/course/scalemap" (no slash) redirects, as real static hosts do, so relative URLs resolve.
      if (`${pathname}/` === base) {
        requests.push(`301 ${req.url}`);
        res.writeHead(301, { Location: base });
        return res.end();
      }
      if (!pathname.startsWith(base)) return send(404, 'not found\n');
      let rel = decodeURIComponent(pathname.slice(base.length));
      if (rel === '' || rel.endsWith('/')) rel += 'index.html';
      const file = path.resolve(rootDir, rel);
      if (file !== rootDir && !file.startsWith(rootDir + path.sep)) return send(404, 'not found\n');
      const info = await stat(file).catch(() => null);
      if (!info || !info.isFile()) return send(404, 'not found\n');
      const type = MIME[path.extname(file).toLowerCase()] || 'application/octet-stream';
      return send(200, await readFile(file), type);
    } catch (err) {
      return send(500, `server error: ${err && err.message}\n`);
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}${base}`,
    origin,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
