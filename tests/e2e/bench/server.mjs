// The benchmark's static server: the release build (dist/) at /, and the
// generated benchmark catalogs beside it at /bench-catalogs/, added to the
// site's catalog manifest so that `?c=<id>` opens them. Files are streamed
// uncompressed with their Content-Length, as a plain static host would.
// Usage: node server.mjs --root ../../../dist --catalogs DIR --port 4213 [--extra id=file.json ...]
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
};
const root = resolve(option('root', '../../../dist'));
const catalogs = resolve(option('catalogs', '../../../target/bench/catalogs'));
const port = Number(option('port', 4213));
// Each `--extra id=file.json` lists a file of the catalogs folder in the manifest.
const extras = argv.flatMap((arg, i) => (argv[i - 1] === '--extra' ? [arg.split('=')] : []));

const BENCH_PATH = '/bench-catalogs/';
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
};

async function manifest() {
  const site = JSON.parse(await readFile(join(root, 'catalogs/manifest.json'), 'utf8'));
  for (const [id, file] of extras) {
    site.catalogs.push({ id, title: `Generated (${id})`, url: `${BENCH_PATH.slice(1)}${file}`, description: 'A synthetic catalog for benchmarks.' });
  }
  return JSON.stringify(site);
}

/** The file a request path names, or null when it leaves its folder. */
function fileOf(pathname) {
  const [folder, rest] = pathname.startsWith(BENCH_PATH) ? [catalogs, pathname.slice(BENCH_PATH.length)] : [root, pathname.slice(1)];
  const path = normalize(join(folder, decodeURIComponent(rest)));
  return path.startsWith(folder) ? path : null;
}

createServer(async (request, response) => {
  const { pathname } = new URL(request.url, 'http://localhost');
  if (pathname === '/catalogs/manifest.json') {
    const body = await manifest();
    response.writeHead(200, { 'content-type': types['.json'], 'content-length': Buffer.byteLength(body) });
    response.end(body);
    return;
  }
  let path = fileOf(pathname);
  if (path === null) {
    response.writeHead(403).end('forbidden');
    return;
  }
  try {
    let info = await stat(path);
    if (info.isDirectory()) {
      path = join(path, 'index.html');
      info = await stat(path);
    }
    response.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream', 'content-length': info.size });
    createReadStream(path).pipe(response);
  } catch {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }
}).listen(port, '127.0.0.1', () => console.log(`bench server: ${root} and ${catalogs} at http://127.0.0.1:${port}/`));
