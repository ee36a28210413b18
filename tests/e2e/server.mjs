// A small static file server for the end-to-end tests: serves a folder
// (the release build) under a base path, gzip-compressed when asked, as
// static hosts do. Usage:
// node server.mjs --root ../../dist --port 4173 [--base /x/] [--compress]
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const root = resolve(args.root ?? '../../dist');
const port = Number(args.port ?? 4173);
const base = args.base ?? '/';
const compress = process.argv.includes('--compress');
const gzipped = new Map();
const compressible = new Set(['.html', '.js', '.mjs', '.css', '.json', '.wasm', '.svg', '.webmanifest', '.txt']);

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
  '.txt': 'text/plain; charset=utf-8',
};

createServer(async (request, response) => {
  const url = new URL(request.url, 'http://localhost');
  if (!url.pathname.startsWith(base)) {
    response.writeHead(404).end('not found');
    return;
  }
  let path = normalize(join(root, decodeURIComponent(url.pathname.slice(base.length))));
  if (!path.startsWith(root)) {
    response.writeHead(403).end('forbidden');
    return;
  }
  try {
    if ((await stat(path)).isDirectory()) path = join(path, 'index.html');
    const body = await readFile(path);
    const headers = { 'content-type': types[extname(path)] ?? 'application/octet-stream' };
    if (compress && compressible.has(extname(path)) && /\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) {
      headers['content-encoding'] = 'gzip';
      headers.vary = 'accept-encoding';
      response.writeHead(200, headers);
      if (!gzipped.has(path)) gzipped.set(path, gzipSync(body));
      response.end(gzipped.get(path));
      return;
    }
    response.writeHead(200, headers);
    response.end(body);
  } catch {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }
}).listen(port, '127.0.0.1', () => console.log(`serving ${root} at http://127.0.0.1:${port}${base}`));
