// Smoke test and browsing flows of the release build in WebKitGTK's MiniBrowser (WebKit,
// Safari's engine) through WebKitWebDriver, on a virtual X display (Xvfb):
// Debian packages webkit2gtk-driver and xvfb (cargo xtask setup installs them).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { engineTests, findProgram, freePort, startProcess, startSession, startSite, stopProcess, tempDir } from './harness.mjs';

/** Library folders WebKitGTK installs MiniBrowser under, per distribution layout. */
const LIBRARY_ROOTS = ['/usr/lib', '/usr/lib64', '/usr/libexec', '/usr/local/lib', '/usr/local/libexec'];
const WEBKIT_APIS = ['webkit2gtk-4.1', 'webkitgtk-6.0', 'webkit2gtk-4.0'];

/** MiniBrowser's path: MINIBROWSER, else searched for in the library folders (and their multiarch subfolders). */
function findMiniBrowser() {
  if (process.env.MINIBROWSER) return process.env.MINIBROWSER;
  const searched = [];
  for (const root of LIBRARY_ROOTS.filter(existsSync)) {
    const subfolders = readdirSync(root, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name.includes('-linux-'))
      .map((entry) => join(root, entry.name));
    for (const folder of [root, ...subfolders]) {
      for (const api of WEBKIT_APIS) {
        const candidate = join(folder, api, 'MiniBrowser');
        if (existsSync(candidate)) return candidate;
        searched.push(candidate);
      }
    }
  }
  throw new Error(
    `WebKitGTK's MiniBrowser was not found (looked for ${searched.join(', ')}). ` +
      'Install it with `apt-get install -y webkit2gtk-driver` (it comes with libwebkit2gtk-4.1-0), or set MINIBROWSER to its path.',
  );
}

/** Starts Xvfb on a display number it picks itself (-displayfd), so parallel runs never collide. */
async function startXvfb() {
  const xvfb = startProcess(
    findProgram('Xvfb', 'Install it with `apt-get install -y xvfb` (cargo xtask setup does, as root).'),
    ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '1280x1024x24'],
    { stdio: ['ignore', 'pipe', 'pipe', 'pipe'] },
  );
  const display = await new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`Xvfb did not start within 10 s:\n${xvfb.output}`)), 10_000);
    xvfb.stdio[3].once('data', (data) => {
      clearTimeout(timer);
      done(`:${data.toString().trim()}`);
    });
    xvfb.once('exit', (code) => fail(new Error(`Xvfb exited (${code}):\n${xvfb.output}`)));
  });
  return { display, stop: () => stopProcess(xvfb) };
}

async function open() {
  const miniBrowser = findMiniBrowser();
  const driverProgram = findProgram('WebKitWebDriver', 'Install it with `apt-get install -y webkit2gtk-driver` (cargo xtask setup does, as root).');
  const xvfb = await startXvfb();
  let site;
  try {
    site = await startSite();
    const port = await freePort();
    // MiniBrowser has no offline switch: the WebDriver proxy capability sends
    // everything but the loopback interface to a closed port instead.
    const session = await startSession(
      'WebKitGTK MiniBrowser',
      driverProgram,
      [`--port=${port}`, '--host=127.0.0.1'],
      port,
      {
        'webkitgtk:browserOptions': { binary: miniBrowser, args: ['--automation'] },
        proxy: { proxyType: 'manual', httpProxy: '127.0.0.1:9', sslProxy: '127.0.0.1:9', noProxy: ['127.0.0.1', 'localhost'] },
      },
      { DISPLAY: xvfb.display, XDG_CACHE_HOME: tempDir('catalog-webkit-cache-'), XDG_DATA_HOME: tempDir('catalog-webkit-data-') },
    );
    return {
      driver: session.driver,
      url: site.url,
      async stop() {
        await session.stop();
        await site.stop();
        await xvfb.stop();
      },
    };
  } catch (e) {
    await site?.stop();
    await xvfb.stop();
    throw e;
  }
}

engineTests('WebKitGTK MiniBrowser', open);
