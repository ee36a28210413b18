// A small static file server for the end-to-end tests: serves folders (the
// release build, host pages) under a base path, with no rewrite rules, as a
// plain static host would.
//
// Usage: node server.mjs --root ../../dist --port 4173 [--base /x/]   (--port 0: any free port)
//          [--root another/folder ...]       later folders fill what earlier ones lack
//          [--header 'Name: value' ...]      added to every answer
//          [--define KEY=value ...]          %KEY% in .html files becomes value
//          [--compress]                      gzip text and wasm when the client accepts it
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

/** Every `--name value` pair, in order (names may repeat). */
const pairs = process.argv.slice(2).flatMap((arg, i, all) => (arg.startsWith('--') ? [[arg.slice(2), all[i + 1]]] : []));
const all = (name) => pairs.filter(([n]) => n === name).map(([, value]) => value);
const one = (name, fallback) => all(name).at(-1) ?? fallback;

const roots = (all('root').length ? all('root') : ['../../dist']).map((r) => resolve(r));
const port = Number(one('port', 4173));
const base = one('base', '/');
const headers = Object.fromEntries(
  all('header').map((h) => {
    const at = h.indexOf(':');
    return [h.slice(0, at).trim().toLowerCase(), h.slice(at + 1).trim()];
  }),
);
const compress = process.argv.includes('--compress');
const gzipped = new Map();
const compressible = new Set(['.html', '.js', '.mjs', '.css', '.json', '.wasm', '.svg', '.webmanifest', '.txt']);
const defines = all('define').map((d) => {
  const at = d.indexOf('=');
  return [`%${d.slice(0, at)}%`, d.slice(at + 1)];
});

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
};

/** The file for a request path in one of the roots, or null. */
async function find(path) {
  for (const root of roots) {
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) continue;
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      await stat(file);
      return file;
    } catch {
      // Not in this root.
    }
  }
  return null;
}

const server = createServer(async (request, response) => {
  const url = new URL(request.url, 'http://localhost');
  if (!url.pathname.startsWith(base)) {
    response.writeHead(404, headers).end('not found');
    return;
  }
  let path;
  try {
    path = decodeURIComponent(url.pathname.slice(base.length));
  } catch {
    response.writeHead(400, headers).end('bad request');
    return;
  }
  const file = await find(path);
  if (!file) {
    response.writeHead(404, { ...headers, 'content-type': 'text/plain' }).end('not found');
    return;
  }
  try {
    let body = await readFile(file);
    if (extname(file) === '.html' && defines.length) {
      let text = body.toString('utf8');
      for (const [key, value] of defines) text = text.replaceAll(key, value);
      body = Buffer.from(text);
    }
    const answer = { ...headers, 'content-type': types[extname(file)] ?? 'application/octet-stream' };
    if (compress && compressible.has(extname(file)) && /\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) {
      answer['content-encoding'] = 'gzip';
      answer.vary = 'accept-encoding';
      if (!gzipped.has(file) || defines.length) gzipped.set(file, gzipSync(body));
      body = gzipped.get(file);
    }
    // With its length, as a static host gives it (the app then copies a
    // catalog into memory as it arrives; a compressed answer has none).
    if (!answer['content-encoding']) answer['content-length'] = body.length;
    response.writeHead(200, answer);
    response.end(request.method === 'HEAD' ? undefined : body);
  } catch {
    response.writeHead(500, { ...headers, 'content-type': 'text/plain' }).end('could not read the file');
  }
});
// Port 0 asks the system for a free port; the line printed names the one taken.
server.listen(port, '127.0.0.1', () => console.log(`serving ${roots.join(', ')} at http://127.0.0.1:${server.address().port}${base}`));
