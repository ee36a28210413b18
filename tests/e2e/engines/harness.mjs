// Shared by the Firefox and WebKit tests: serves the release build, starts
// WebDriver servers and browsers as child processes (always cleaned up), and
// runs the same smoke checks and browsing flows (a subset of
// specs/browse.spec.js) in every engine, then the sub-path build under the
// strict Content-Security-Policy.
//
// Playwright cannot drive Debian's Firefox and WebKitGTK, so these tests talk
// WebDriver (selenium-webdriver) to geckodriver and WebKitWebDriver directly.
// WebKitGTK's driver has no WebDriver BiDi, so JS errors are caught the same
// way in both engines: the test's own proxy in front of server.mjs adds a
// small error recorder (a script file it serves itself, so that the strict
// policy allows it) to the page's HTML before any of the app's scripts.
import { after, before, describe, test as nodeTest } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { By, Capabilities, Key, WebDriver } from 'selenium-webdriver';
import { Executor, HttpClient } from 'selenium-webdriver/http/index.js';
import { STRICT_CSP, SUB_PATH } from '../sites.js';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * The release build under test: DIST_DIR if set (a path, relative to the
 * working directory, e.g. a snapshot of dist/ while a build rewrites it), else
 * E2E_DIST (the older name, kept for checks of a broken copy), else the
 * repository's dist/ (tests/e2e/../../dist), which CI uses.
 */
export const dist = resolve(process.env.DIST_DIR || process.env.E2E_DIST || join(here, '../../../dist'));

/** How long the app may take to show its cards after the page is opened. */
const START_TIMEOUT_MS = 30_000;

// ---------------------------------------------------------------- processes

const children = new Set();

/**
 * A watchdog in its own process group: it is told the process groups this
 * test starts and stops, and when this test process ends in any way (even
 * SIGKILL, or a crash when its output pipe closes) its stdin closes and it
 * kills the groups still listed. Without it a killed test run leaves Xvfb,
 * drivers and browsers behind.
 */
const REAPER = `
  const groups = new Set();
  let rest = '';
  process.stdin.on('data', (chunk) => {
    const lines = (rest + chunk).split('\\n');
    rest = lines.pop();
    for (const line of lines) line.startsWith('-') ? groups.delete(line.slice(1)) : groups.add(line);
  });
  process.stdin.on('close', () => {
    const kill = (signal) => groups.forEach((g) => { try { process.kill(-Number(g), signal); } catch {} });
    kill('SIGTERM');
    setTimeout(() => { kill('SIGKILL'); process.exit(0); }, 3000);
  });
`;
let reaper;

function tellReaper(line) {
  if (!reaper) {
    reaper = spawn(process.execPath, ['-e', REAPER], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    reaper.stdin.on('error', () => {});
    reaper.unref();
    reaper.stdin.unref?.();
  }
  reaper.stdin.write(`${line}\n`);
}

/**
 * Starts a program in its own process group, so that stopping it also stops
 * the browser it launched. Its output is kept (last 8 KB) for error messages.
 */
export function startProcess(program, args, { env, stdio } = {}) {
  const child = spawn(program, args, {
    detached: true,
    env: { ...process.env, ...env },
    stdio: stdio ?? ['ignore', 'pipe', 'pipe'],
  });
  child.output = '';
  const keep = (chunk) => {
    child.output = (child.output + chunk).slice(-8192);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.exited = new Promise((done) => child.once('exit', done));
  child.once('error', (e) => {
    child.failed = true;
    keep(`\ncould not start ${program}: ${e.message}`);
  });
  if (child.pid) {
    children.add(child);
    tellReaper(child.pid);
  }
  return child;
}

/** Whether a started process has ended (or never started). */
export function ended(child) {
  return child.failed || child.exitCode !== null || child.signalCode !== null;
}

/** Stops a process group: SIGTERM, then SIGKILL after 5 s. */
export async function stopProcess(child) {
  if (!child || !children.has(child)) return;
  signalGroup(child, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 5_000);
  if (!ended(child)) await child.exited;
  clearTimeout(timer);
  // The leader is gone; make sure nothing it started is left behind.
  signalGroup(child, 'SIGKILL');
  children.delete(child);
  tellReaper(`-${child.pid}`);
}

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

// On an ordinary exit or Ctrl-C, stop the children at once (the reaper is
// the fallback for harder ends).
process.once('exit', () => children.forEach((child) => signalGroup(child, 'SIGKILL')));
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => process.exit(1));
}

/** A TCP port free on the loopback interface right now. */
export function freePort() {
  return new Promise((done, fail) => {
    const probe = createNetServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
}

/** Waits until `url` answers HTTP at all, or fails naming the process that should serve it. */
export async function waitForHttp(url, child, what) {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (ended(child)) {
      throw new Error(`${what} ended (${child.exitCode ?? child.signalCode ?? 'not started'}) before answering:\n${child.output}`);
    }
    const answered = await new Promise((done) => {
      const req = httpRequest(url, (res) => {
        res.resume();
        done(true);
      });
      req.once('error', () => done(false));
      req.setTimeout(1_000, () => req.destroy());
      req.end();
    });
    if (answered) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not answer at ${url} within 20 s:\n${child.output}`);
}

/** Where `name` is on PATH (or in `extraDirs`), else a clear error saying how to get it. */
export function findProgram(name, howToInstall, extraDirs = []) {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...extraDirs].filter(Boolean);
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here.
    }
  }
  throw new Error(`${name} was not found on PATH. ${howToInstall}`);
}

const tempDirs = new Set();

/** A temporary folder (browser profile, caches), removed once the test's processes are stopped. */
export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

function removeTempDirs() {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}
process.once('exit', removeTempDirs);

// ---------------------------------------------------------------- the site

/**
 * Put first in <head>, so it runs before the app's module script: records
 * uncaught errors (including failed script, style and preload loads, which
 * only reach a capturing listener), unhandled promise rejections,
 * console.error calls (Leptos reports panics there), Content-Security-Policy
 * violations and failed WebAssembly compiles. The last is needed for WebKit:
 * it does not report a module script's failed top-level await (where the app
 * starts) as an error event, so a wasm that fails to start would otherwise go
 * unnoticed there. It is served as a file of the site (RECORDER_PATH), so
 * that a policy without 'unsafe-inline' allows it.
 */
const ERROR_RECORDER = `(() => {
  const errors = (window.__smokeErrors = []);
  const text = (value) => (value && value.stack ? String(value) + '\\n' + value.stack : String(value));
  addEventListener('error', (e) => {
    const target = e.target;
    if (target && target !== window && target.tagName) {
      errors.push('failed to load <' + target.tagName.toLowerCase() + '> ' + (target.src || target.href || '(inline)'));
    } else {
      errors.push('uncaught: ' + (e.error ? text(e.error) : e.message));
    }
  }, true);
  addEventListener('unhandledrejection', (e) => errors.push('unhandled rejection: ' + text(e.reason)));
  document.addEventListener('securitypolicyviolation', (e) => {
    errors.push('policy violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline code') + ' (' + e.sourceFile + ':' + e.lineNumber + ')');
  });
  const consoleError = console.error;
  console.error = (...args) => {
    errors.push('console.error: ' + args.map(text).join(' '));
    return consoleError.apply(console, args);
  };
  for (const name of ['compile', 'compileStreaming', 'instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    if (typeof original !== 'function') continue;
    WebAssembly[name] = function (...args) {
      return original.apply(this, args).catch((e) => {
        errors.push('WebAssembly.' + name + ' failed: ' + text(e));
        throw e;
      });
    };
  }
})();`;
const RECORDER_PATH = '/__smoke-recorder.js';

/** The build for a sub-path (xtask/src/tests.rs builds it): SUB_PATH_DIST_DIR if set. */
export const subPathDist = resolve(process.env.SUB_PATH_DIST_DIR || join(here, '../../../target/dist-subpath'));

/**
 * Serves `root` (the release build) under `base` with server.mjs on a free
 * port, with extra response `headers`, behind a proxy that adds the error
 * recorder to HTML responses. Returns the app's address and a stop function.
 */
export async function startSite({ root = dist, base = '/', headers = {} } = {}) {
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`${root}/index.html is missing: build the app first with \`cargo xtask build\` (cargo xtask test also builds the sub-path build).`);
  }
  const serverPort = await freePort();
  const headerArgs = Object.entries(headers).flatMap(([name, value]) => ['--header', `${name}: ${value}`]);
  const server = startProcess(process.execPath, [join(here, '../server.mjs'), '--root', root, '--port', String(serverPort), '--base', base, ...headerArgs]);
  await waitForHttp(`http://127.0.0.1:${serverPort}${base}`, server, 'server.mjs');

  const proxy = createServer((req, res) => {
    if (req.url === RECORDER_PATH) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', ...headers }).end(ERROR_RECORDER);
      return;
    }
    const upstream = httpRequest(
      { host: '127.0.0.1', port: serverPort, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        const html = (answer.headers['content-type'] ?? '').startsWith('text/html');
        if (!html) {
          res.writeHead(answer.statusCode, answer.headers);
          answer.pipe(res);
          return;
        }
        const chunks = [];
        answer.on('data', (c) => chunks.push(c));
        answer.on('end', () => {
          const page = Buffer.concat(chunks).toString('utf8');
          const withRecorder = page.replace(/<head[^>]*>/i, (head) => `${head}<script src="${RECORDER_PATH}"></script>`);
          const body = withRecorder === page ? `<!-- no <head> to add the error recorder to -->${page}` : withRecorder;
          const headers = { ...answer.headers, 'content-length': Buffer.byteLength(body) };
          res.writeHead(answer.statusCode, headers).end(body);
        });
      },
    );
    upstream.once('error', (e) => res.writeHead(502).end(`proxy: ${e.message}`));
    req.pipe(upstream);
  });
  const proxyPort = await freePort();
  await new Promise((done) => proxy.listen(proxyPort, '127.0.0.1', done));

  return {
    url: `http://127.0.0.1:${proxyPort}${base}`,
    async stop() {
      proxy.closeAllConnections?.();
      await new Promise((done) => proxy.close(done));
      await stopProcess(server);
    },
  };
}

// ---------------------------------------------------------------- WebDriver

/** How long a WebDriver server may take to open a browser session. */
const SESSION_TIMEOUT_MS = 30_000;

/**
 * Starts a WebDriver server (`program args...`, which must listen on `port`)
 * and opens a session with `capabilities`. Returns the driver and a stop
 * function that quits the browser and stops the server.
 *
 * A session that is not open within SESSION_TIMEOUT_MS is tried once more
 * with a new server: now and then (about one full run in three on a 2-core
 * machine, when the WebKit file runs right after the Firefox one) MiniBrowser
 * exits silently a second or two after WebKitWebDriver launches it, and the
 * driver then leaves the new-session request unanswered for good.
 */
export async function startSession(name, program, args, port, capabilities, env) {
  const notes = [];
  for (let attempt = 1; ; attempt++) {
    const server = startProcess(program, args, { env });
    const stopServer = () => stopProcess(server);
    try {
      await waitForHttp(`http://127.0.0.1:${port}/status`, server, program);
      const executor = new Executor(new HttpClient(`http://127.0.0.1:${port}`));
      const driver = WebDriver.createSession(executor, new Capabilities(capabilities));
      let timer;
      await Promise.race([
        driver.getSession(),
        new Promise((_, fail) => {
          timer = setTimeout(() => fail(new SessionTimeout(`no session within ${SESSION_TIMEOUT_MS / 1000} s`)), SESSION_TIMEOUT_MS);
        }),
      ]).finally(() => clearTimeout(timer));
      return {
        driver,
        async stop() {
          await Promise.race([driver.quit().catch(() => {}), new Promise((r) => setTimeout(r, 10_000))]);
          await stopServer();
        },
      };
    } catch (e) {
      const output = server.output;
      await stopServer();
      notes.push(`attempt ${attempt}: ${e.message}\n${output}`);
      if (e instanceof SessionTimeout && attempt < 2) {
        const said = output.trim() ? `; it said:\n${output.trim().replace(/^/gm, '#   ')}` : ' (it printed nothing)';
        process.stderr.write(`# ${name}: ${program} opened no session within ${SESSION_TIMEOUT_MS / 1000} s; starting it again${said}\n`);
        continue;
      }
      throw new Error(`could not open a ${name} session through ${program}:\n${notes.join('\n')}`);
    }
  }
}

class SessionTimeout extends Error {}

// ---------------------------------------------------------------- evidence

/** Where a failing check leaves what the browser showed (tests/e2e/../../target/e2e-artifacts). */
const ARTIFACTS = resolve(here, '../../../target/e2e-artifacts');

/** The engine and browser session the checks run in, for the evidence of a failure. */
const current = { engine: '', session: null };

/**
 * Saves a screenshot and the page's HTML of the failing check `name`, and
 * returns where they are (or why they could not be taken).
 */
async function keepEvidence(name) {
  const driver = current.session?.driver;
  if (!driver) return 'no browser session to take evidence from';
  const folder = join(ARTIFACTS, current.engine.replace(/[^A-Za-z0-9]+/g, '-'));
  const base = join(folder, name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80));
  const kept = [];
  try {
    mkdirSync(folder, { recursive: true });
    writeFileSync(`${base}.png`, Buffer.from(await driver.takeScreenshot(), 'base64'));
    kept.push(`${base}.png`);
    writeFileSync(`${base}.html`, `<!-- ${await driver.getCurrentUrl()} -->\n${await driver.getPageSource()}`);
    kept.push(`${base}.html`);
  } catch (e) {
    kept.push(`(could not take more: ${e.message})`);
  }
  return kept.join(', ');
}

/**
 * A check of node:test whose failure also leaves a screenshot and the
 * page's HTML; the failure's message says where (`cargo xtask test` prints it).
 */
function test(name, run) {
  return nodeTest(name, async (t) => {
    try {
      await run(t);
    } catch (e) {
      const kept = await keepEvidence(name);
      if (e && typeof e === 'object' && typeof e.message === 'string') {
        e.message += `\nwhat the browser showed: ${kept}`;
        throw e;
      }
      throw new Error(`${String(e)}\nwhat the browser showed: ${kept}`);
    }
  });
}

// ---------------------------------------------------------------- the checks

/** The bundled catalog the build serves, which the page must show in full. */
function catalog() {
  const path = join(dist, 'catalogs/spine.json');
  if (!existsSync(path)) throw new Error(`${path} is missing: build the app first with \`cargo xtask build\`.`);
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** The errors the recorder saw, or a note that it is missing (then the page is not the one served). */
async function recordedErrors(driver) {
  return driver.executeScript('return window.__smokeErrors ?? ["error recorder missing: the page did not load as served"]');
}

/** Titles of the cards in the DOM (the grid renders the rows near the viewport). */
async function renderedTitles(driver) {
  return driver.executeScript("return [...document.querySelectorAll('article.card h3')].map((h) => h.textContent.trim())");
}

/**
 * Checks that the list announces every procedure and that scrolling reaches
 * the last one, then scrolls back to the top.
 */
async function reachAllCards(driver, procedures) {
  const sizes = await driver.executeScript("return [...document.querySelectorAll('.cards > li')].map((li) => li.getAttribute('aria-setsize'))");
  assert.ok(sizes.length > 0 && sizes.every((s) => Number(s) === procedures.length), `every list item says the list has ${procedures.length} items`);
  const last = procedures[procedures.length - 1].title;
  await driver.executeScript('window.scrollTo(0, document.documentElement.scrollHeight)');
  await driver.wait(async () => (await renderedTitles(driver)).includes(last), 10_000, `the last card ("${last}") appears after scrolling to the end`);
  await driver.executeScript('window.scrollTo(0, 0)');
  await driver.wait(async () => (await renderedTitles(driver)).includes(procedures[0].title), 10_000, 'the first card is back after scrolling to the top');
}

/**
 * Every check, in one engine: `open()` starts the site and a browser session
 * and returns `{ driver, url, stop }`. One session serves the smoke checks and
 * then the browsing flows (each starts from a fresh load of the page).
 */
export function engineTests(engine, open) {
  describe(engine, { timeout: 480_000 }, () => {
    const spine = catalog();
    const session = {};

    before(
      async () => {
        Object.assign(session, await open());
        Object.assign(current, { engine, session });
      },
      { timeout: 2 * SESSION_TIMEOUT_MS + 60_000 },
    );

    after(async () => {
      await session.stop?.();
      removeTempDirs();
    });

    smokeTests(spine, session);
    browsingTests(spine, session);
    strictSubPathTests(spine, session);
  });
}

/**
 * The sub-path build, served from its sub-path under the strict
 * Content-Security-Policy: it starts, opens a deep link, survives a reload,
 * and nothing is refused.
 */
function strictSubPathTests(spine, session) {
  describe(`the build for ${SUB_PATH} under a strict Content-Security-Policy`, () => {
    const seed = spine.procedures[0];
    let site;
    let earlierErrors = [];

    before(async () => {
      site = await startSite({ root: subPathDist, base: SUB_PATH, headers: { 'Content-Security-Policy': STRICT_CSP } });
    });
    after(async () => {
      await site?.stop();
    });

    test('starts from the sub-path and opens a deep link', async () => {
      const { driver } = session;
      await driver.get(`${site.url}?p=${encodeURIComponent(seed.id)}`);
      const view = await waitForView(
        driver,
        `the dialog of "${seed.title}" over the whole list`,
        (v) => v.dialogs.length === 1 && v.dialogs[0].name === seed.title && v.statuses[0] === `${spine.procedures.length} procedures`,
        START_TIMEOUT_MS,
      );
      assert.equal(await driver.executeScript('return location.pathname'), SUB_PATH);
      assert.equal(view.search, `?p=${encodeURIComponent(seed.id)}`);
    });

    test('a reload keeps the view', async () => {
      const { driver } = session;
      earlierErrors = await recordedErrors(driver);
      await driver.navigate().refresh();
      await waitForView(driver, `the dialog of "${seed.title}" after the reload`, (v) => v.dialogs.length === 1 && v.dialogs[0].name === seed.title, START_TIMEOUT_MS);
    });

    test('no JS error and no policy violation', async () => {
      assert.deepEqual([...earlierErrors, ...(await recordedErrors(session.driver))], []);
    });
  });
}

/** The release build starts, shows the whole catalog and logs no error. */
function smokeTests(spine, session) {
  describe('release build smoke test', () => {
    const expected = spine.procedures.length;

    before(async () => {
      await session.driver.get(session.url);
    });

    test(`starts and shows one card per procedure (${expected})`, async () => {
      const { driver } = session;
      let count = 0;
      try {
        await driver.wait(async () => {
          count = (await driver.findElements(By.css('article.card'))).length;
          return count > 0;
        }, START_TIMEOUT_MS);
      } catch {
        const errors = await recordedErrors(driver).catch((e) => [`could not read errors: ${e.message}`]);
        const body = await driver.findElement(By.css('body')).getText().catch(() => '');
        assert.fail(
          `no card within ${START_TIMEOUT_MS / 1000} s: the app did not start.\n` +
            `errors: ${JSON.stringify(errors, null, 2)}\npage text: ${body.slice(0, 500)}`,
        );
      }
      await reachAllCards(driver, spine.procedures);
    });

    test('the status line reads "N procedures"', async () => {
      const statuses = await session.driver.findElements(By.css('[role="status"]'));
      const texts = await Promise.all(statuses.map((s) => s.getText()));
      assert.deepEqual(
        texts.filter((t) => t.includes('procedures')),
        [`${expected} procedures`],
      );
    });

    test("the catalog's heading reads as the page's stand-in did", async () => {
      const page = readFileSync(join(dist, 'index.html'), 'utf8');
      const line = /<p class="catalog-title" id="boot-title"[^>]*>(.*?)<\/p>/.exec(page);
      assert.ok(line, "index.html carries the default catalog's heading (catalog boot-page)");
      const entities = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };
      const written = line[1].replace(/<[^>]+>/g, '').replace(/&(amp|lt|gt|quot|#39);/g, (_, e) => entities[e]);
      const shown = await session.driver.findElement(By.css('.catalog-title')).getText();
      assert.equal(shown, written.replace(/\s+/g, ' ').trim());
      assert.equal((await session.driver.findElements(By.id('boot'))).length, 0, 'the stand-in gave way to the app');
    });

    test('a card shows its title and code chips', async () => {
      const first = spine.procedures[0];
      const cards = await session.driver.findElements(By.css('article.card'));
      const titled = [];
      for (const card of cards) {
        const heading = await card.findElement(By.css('h3'));
        if ((await heading.getText()) === first.title) titled.push({ card, heading });
      }
      assert.equal(titled.length, 1, `exactly one card titled "${first.title}"`);
      const { card, heading } = titled[0];
      assert.ok(await heading.isDisplayed(), 'the title heading is displayed');
      const chips = await card.findElements(By.css('.code-chip'));
      const shown = [];
      for (const chip of chips) {
        assert.ok(await chip.isDisplayed(), 'every code chip is displayed');
        shown.push(await chip.getText());
      }
      assert.equal(chips.length, first.codes.length, `one chip per code: ${JSON.stringify(shown)}`);
      for (const code of first.codes) {
        assert.ok(
          shown.some((text) => text.includes(code.code) && text.includes(code.system)),
          `a chip shows ${code.system} ${code.code}; chips: ${JSON.stringify(shown)}`,
        );
      }
    });

    test('no JS error while loading', async () => {
      assert.deepEqual(await recordedErrors(session.driver), []);
    });
  });
}

// ---------------------------------------------------------------- browsing

/** How often the browsing checks look at the page while they wait: about a frame. */
const POLL_MS = 16;
/** How long the page may take to react to one action. */
const STEP_TIMEOUT_MS = 10_000;
/** Loading the 68,367-procedure ICD-10-PCS catalog (50 MB of JSON). */
const LARGE_CATALOG_TIMEOUT_MS = 120_000;

/**
 * What the reader sees, in one round trip: the query string, the status
 * lines about procedures, the search box, the first card in the DOM (the
 * first of the list while the page is scrolled to the top: the grid renders
 * only the rows near the viewport) and the open dialogs, each named by the
 * element its aria-labelledby points at.
 *
 * The first card is taken in DOM order; `places` lists every card's
 * aria-posinset in DOM order, which must read 1, 2, 3, … at the top of the
 * list: after a search the grid keeps the <li> of a procedure that stays in
 * the results and moves it to its new place.
 */
const VIEW = `
  const text = (el) => (el ? el.textContent.replace(/\\s+/g, ' ').trim() : null);
  const box = document.querySelector('input[type="search"][aria-label="Search procedures"]');
  const item = document.querySelector('.cards > li');
  const link = item && item.querySelector('article.card h3 a');
  return {
    search: location.search,
    statuses: [...document.querySelectorAll('[role="status"]')].map(text).filter((t) => / procedures$/.test(t)),
    searchBox: box && box.value,
    cards: document.querySelectorAll('article.card').length,
    places: [...document.querySelectorAll('.cards > li')].map((li) => Number(li.getAttribute('aria-posinset'))),
    scrollY: window.scrollY,
    first: item && {
      setsize: item.getAttribute('aria-setsize'),
      posinset: item.getAttribute('aria-posinset'),
      title: text(link),
      href: link && link.getAttribute('href'),
      marks: link ? [...link.querySelectorAll('mark')].map(text) : [],
    },
    dialogs: [...document.querySelectorAll('[role="dialog"]')].map((dialog) => {
      const heading = document.getElementById(dialog.getAttribute('aria-labelledby') || '');
      return { name: text(heading), heading: heading && heading.tagName.toLowerCase(), inside: !!heading && dialog.contains(heading) };
    }),
  };
`;

/**
 * A facet value's checkbox, found as a reader would: the fieldset whose
 * legend is `arguments[0]`, the label reading "`arguments[1]` (count)". Also
 * returns the group's "Show N more" button, for when the value is hidden.
 */
const FACET_VALUE = `
  const [legend, value] = arguments;
  const text = (el) => el.textContent.replace(/\\s+/g, ' ').trim();
  const group = [...document.querySelectorAll('fieldset')].find((f) => f.querySelector('legend') && text(f.querySelector('legend')) === legend);
  if (!group) return null;
  const more = [...group.querySelectorAll('button')].find((b) => /^Show \\d+ more$/.test(text(b))) || null;
  const escaped = value.replace(/[.*+?^\${}()|[\\]\\\\]/g, '\\\\$&');
  const pattern = new RegExp('^' + escaped + ' \\\\((\\\\d+)\\\\)$');
  const label = [...group.querySelectorAll('label')].find((l) => pattern.test(text(l)));
  const box = label && label.querySelector('input[type="checkbox"]');
  if (!box) return { more };
  return { more, box, label: text(label), count: Number(text(label).match(pattern)[1]), checked: box.checked };
`;

/** The query string's parameters. */
const params = (view) => new URLSearchParams(view.search);

/**
 * Polls VIEW until `accept(view)` holds and returns that view, or fails
 * saying what was awaited and what the page showed last.
 */
async function waitForView(driver, what, accept, timeout = STEP_TIMEOUT_MS) {
  let last;
  try {
    return await driver.wait(
      async () => {
        last = await driver.executeScript(VIEW);
        return accept(last) ? last : null;
      },
      timeout,
      undefined,
      POLL_MS,
    );
  } catch (e) {
    if (e.name !== 'TimeoutError') throw e;
    const errors = await recordedErrors(driver).catch((r) => [`could not read errors: ${r.message}`]);
    return assert.fail(
      `waited ${timeout / 1000} s for ${what}; the page showed:\n${JSON.stringify(last, null, 2)}\nerrors: ${JSON.stringify(errors)}`,
    );
  }
}

/** The checkbox of `value` in the `legend` facet, expanding the group if the value is hidden. */
async function facetValue(driver, legend, value) {
  let found = await driver.executeScript(FACET_VALUE, legend, value);
  assert.ok(found, `a filter group with the legend "${legend}"`);
  if (!found.box && found.more) {
    await found.more.click();
    found = await driver.wait(
      async () => {
        const again = await driver.executeScript(FACET_VALUE, legend, value);
        return again?.box ? again : null;
      },
      STEP_TIMEOUT_MS,
      `"${value}" shows in "${legend}" after "Show more"`,
      POLL_MS,
    );
  }
  assert.ok(found.box, `a checkbox labelled "${value} (count)" in "${legend}"`);
  return found;
}

/** The title link of the first card in the DOM (see VIEW). */
async function firstTitleLink(driver) {
  const link = await driver.executeScript(`return document.querySelector('.cards > li article.card h3 a')`);
  assert.ok(link, 'the first card has a title link');
  return link;
}

/**
 * Search, filter, open, close, go back and reload, as a reader would, in the
 * order of browse.spec.js (Chromium): each step builds on the previous one.
 */
function browsingTests(spine, session) {
  describe('browsing', () => {
    const total = spine.procedures.length;
    const words = 'corpectomy';
    const [facet, value, valueId] = ['Indication', 'Spinal metastasis', 'spinal-metastasis'];
    /** Errors recorded by pages left by a reload (the recorder starts afresh with each page). */
    const earlierErrors = [];
    /** The list after searching and filtering: its query string and status line. */
    let list;
    let failed;

    before(async () => {
      const { driver } = session;
      await driver.get(session.url);
      await waitForView(driver, 'the first card', (v) => v.cards > 0 && v.first, START_TIMEOUT_MS);
    });

    /** A step of the flow: skipped once an earlier step has failed, as it would start from the wrong page. */
    const step = (name, run) =>
      test(name, async (t) => {
        if (failed) return t.skip(`needs "${failed}", which failed`);
        try {
          await run(session.driver);
        } catch (e) {
          failed = name;
          throw e;
        }
      });

    step(`typing "${words}" narrows the list and highlights the match`, async (driver) => {
      const box = await driver.findElement(By.css('input[type="search"][aria-label="Search procedures"]'));
      await box.sendKeys(words);
      const view = await waitForView(
        driver,
        `the status "N of ${total} procedures" for "${words}"`,
        (v) => v.searchBox === words && params(v).get('q') === words && /^\d+ of \d+ procedures$/.test(v.statuses[0] ?? ''),
      );
      assert.equal(view.statuses.length, 1, `one status line about procedures: ${JSON.stringify(view.statuses)}`);
      const [, shown, of] = view.statuses[0].match(/^(\d+) of (\d+) procedures$/).map(Number);
      assert.equal(of, total, `"${view.statuses[0]}" counts the whole catalog`);
      assert.ok(shown >= 5 && shown < total, `"${view.statuses[0]}": between 5 and ${total - 1} procedures match "${words}"`);
      assert.equal(view.scrollY, 0, 'the page is at the top, so the first card in the DOM is the first of the list');
      assert.equal(view.first?.setsize, String(shown), 'the list announces as many items as the status line');
      const ordered = await waitForView(driver, 'the cards in the order of the results (aria-posinset 1, 2, 3, …)', (v) =>
        v.places.length > 0 && v.places.every((p, k) => p === k + 1),
      );
      assert.deepEqual(ordered.places, ordered.places.map((_, k) => k + 1));
      assert.ok(
        view.first.marks.some((m) => m.toLowerCase().includes(words)),
        `the first card's title "${view.first.title}" marks "${words}": marks ${JSON.stringify(view.first.marks)}`,
      );
    });

    step(`ticking "${value}" shows the count its label promised`, async (driver) => {
      const before = await facetValue(driver, facet, value);
      assert.equal(before.checked, false, `"${before.label}" starts unticked`);
      await before.box.click();
      const expected = `${before.count} of ${total} procedures`;
      const view = await waitForView(
        driver,
        `the status "${expected}" (the count "${before.label}" showed) and f.indication=${valueId} in the URL`,
        (v) => v.statuses.length === 1 && v.statuses[0] === expected && (params(v).get('f.indication') ?? '').split(',').includes(valueId),
      );
      assert.equal(params(view).get('q'), words, 'the search stays in the URL');
      assert.equal(view.first?.setsize, String(before.count), 'the list announces as many items as the status line');
      const after = await driver.executeScript(FACET_VALUE, facet, value);
      assert.equal(after?.checked, true, `"${value}" is ticked`);
      list = { search: view.search, status: view.statuses[0] };
    });

    step('a card title opens its detail over the list; Escape and Back close it', async (driver) => {
      const start = await driver.executeScript(VIEW);
      const { title, href } = start.first;
      const id = new URLSearchParams(href.replace(/^[^?]*/, '')).get('p');
      assert.ok(id && href === `?p=${encodeURIComponent(id)}`, `the title link points at ?p=<id>: ${href}`);

      const opened = async (how) => {
        await (await firstTitleLink(driver)).click();
        const view = await waitForView(
          driver,
          `a dialog named "${title}" and p=${id} in the URL (${how})`,
          (v) => v.dialogs.length === 1 && v.dialogs[0].name === title && params(v).get('p') === id,
        );
        assert.equal(view.dialogs[0].heading, 'h2', 'the dialog is named by its h2');
        assert.ok(view.dialogs[0].inside, 'the heading is inside the dialog');
        assert.ok(await driver.findElement(By.css('[role="dialog"]')).isDisplayed(), 'the dialog is displayed');
        assert.deepEqual(view.statuses, [list.status], 'the list stays underneath, unchanged');
      };
      const closed = (how) =>
        waitForView(
          driver,
          `no dialog, the list's URL (${list.search}) and status "${list.status}" after ${how}`,
          (v) => v.dialogs.length === 0 && v.search === list.search && v.statuses.length === 1 && v.statuses[0] === list.status,
        );

      await opened('first click');
      await driver.actions().sendKeys(Key.ESCAPE).perform();
      await closed('Escape');

      await opened('second click');
      await driver.navigate().back();
      await closed('Back');
    });

    step('reloading the filtered list restores the search, the ticked value and the count', async (driver) => {
      const now = await driver.executeScript(VIEW);
      assert.equal(now.search, list.search, "the address is still the filtered list's");
      earlierErrors.push(...(await recordedErrors(driver)));
      await driver.navigate().refresh();
      const view = await waitForView(
        driver,
        `the reloaded list with "${words}" in the search box and the status "${list.status}"`,
        (v) => v.cards > 0 && v.searchBox === words && v.statuses.length === 1 && v.statuses[0] === list.status,
        START_TIMEOUT_MS,
      );
      assert.equal(view.search, list.search, 'the reload keeps the address');
      const ticked = await driver.executeScript(FACET_VALUE, facet, value);
      assert.equal(ticked?.checked, true, `"${value}" is ticked after the reload`);
    });

    step("an ICD-10-PCS code chip opens that code's card in the ICD-10-PCS catalog, and Back returns", async (driver) => {
      const cited = spine.procedures.find((p) => p.codes?.some((c) => c.system === 'ICD-10-PCS' && c.code.startsWith('0')));
      const code = cited.codes.find((c) => c.system === 'ICD-10-PCS' && c.code.startsWith('0'));
      earlierErrors.push(...(await recordedErrors(driver)));
      await driver.get(`${session.url}?q=${encodeURIComponent(cited.title)}`);
      await waitForView(driver, `the card "${cited.title}"`, (v) => v.cards > 0 && v.first?.title === cited.title, START_TIMEOUT_MS);
      const list = await driver.executeScript(VIEW);
      const link = await driver.findElement(By.css(`.cards > li:first-child a.code-link[href="?c=icd10pcs&code=ICD-10-PCS%3A${code.code}"]`));
      await link.click();
      // The address names the card once the code is found, in place of the link's entry.
      await waitForView(
        driver,
        `the ICD-10-PCS card "${code.title}" open in the ICD-10-PCS catalog, its address ?c=icd10pcs&p=pcs-${code.code.toLowerCase()}`,
        (v) => v.dialogs.length === 1 && v.dialogs[0].name === code.title && v.search === `?c=icd10pcs&p=pcs-${code.code.toLowerCase()}`,
        LARGE_CATALOG_TIMEOUT_MS,
      );
      await driver.navigate().back();
      await waitForView(driver, `the spine list again, with "${cited.title}" first`, (v) => v.dialogs.length === 0 && v.search === list.search && v.first?.title === cited.title, LARGE_CATALOG_TIMEOUT_MS);
    });

    step('searching the ICD-10-PCS catalog for "laminectomy" finds its Index tables and says why', async (driver) => {
      earlierErrors.push(...(await recordedErrors(driver)));
      await driver.get(`${session.url}?c=icd10pcs&q=laminectomy`);
      const view = await waitForView(
        driver,
        'results for "laminectomy" that say they were found through the Index',
        (v) => /^[\d,]+ of 68,367 procedures$/.test(v.statuses[0] ?? '') && v.cards > 0,
        LARGE_CATALOG_TIMEOUT_MS,
      );
      assert.ok(view.first.title.startsWith('Excision of'), `the first result is an excision: ${view.first.title}`);
      const why = await driver.executeScript("return document.querySelector('.cards > li article.card .found-by')?.textContent");
      assert.match(why ?? '', /^Index: Laminectomy → see Excision, (Upper|Lower) Bones 0[PQ]B$/);
    });

    test('no JS error while browsing', async () => {
      assert.deepEqual([...earlierErrors, ...(await recordedErrors(session.driver))], []);
    });
  });
}
