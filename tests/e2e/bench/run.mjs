// Measures the release build in headless Chromium with trusted input
// (Playwright's mouse and keyboard go through CDP Input.dispatch*, so every
// event has isTrusted = true) and writes the raw measurements as JSON.
// `cargo xtask bench` runs it and turns its output into the report; the
// definitions of the measurements are in probe.js and in the report.
//
// Usage (from tests/e2e): node bench/run.mjs --dist ../../dist
//   --catalogs ../../target/bench/catalogs --out ../../target/bench/raw.json
//   [--port 4213] [--runs 3] [--catalog NAME ...] [--profile]
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem, availableParallelism, release, type } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
};
const dist = resolve(option('dist', join(here, '../../../dist')));
const benchCatalogs = resolve(option('catalogs', join(here, '../../../target/bench/catalogs')));
const out = resolve(option('out', join(here, '../../../target/bench/raw.json')));
const port = Number(option('port', 4213));
const runs = Number(option('runs', 3));
const only = argv.flatMap((arg, i) => (argv[i - 1] === '--catalog' ? [arg] : []));
const profile = argv.includes('--profile');

/** gzip level for the transfer sizes (zlib's best). */
const GZIP_LEVEL = 9;
/** Longest wait for a catalog to load and its filters to respond. */
const LOAD_TIMEOUT = 120_000;
/** A response is complete when the page has not changed for this long. */
const QUIET_MS = 150;
/** Facet clicks per run: values ticked and unticked in turn. */
const FACET_CLICKS = 30;
/** Facet values the clicks cycle through. */
const FACET_VALUES = 5;
const VIEWPORT = { width: 1280, height: 800 };
const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * The benchmarked catalogs, in report order, with the searches typed into
 * each: a procedure word, two words, and a code prefix.
 */
const CATALOGS = [
  { name: 'spine', file: join(dist, 'catalogs/spine.json'), words: ['corpectomy', 'lumbar fusion', '63101'] },
  { name: '10k', file: join(benchCatalogs, '10k.json'), generated: true, words: ['corpectomy', 'lumbar fusion', '228'] },
  { name: 'icd10pcs', file: join(dist, 'catalogs/icd10pcs.json'), words: ['excision', 'thoracic vertebra', '0PB4'] },
  { name: '100k', file: join(benchCatalogs, '100k.json'), generated: true, words: ['corpectomy', 'lumbar fusion', '228'] },
].filter((c) => only.length === 0 || only.includes(c.name));

/** The generated catalog of no procedures, opened to measure the app's own memory. */
const EMPTY = 'empty';

if (CATALOGS.length === 0) {
  console.error(`bench: no catalog named ${only.join(', ')}; the catalogs are spine, 10k, icd10pcs, 100k`);
  process.exit(2);
}

function sizes(buffers) {
  const raw = buffers.reduce((n, b) => n + b.length, 0);
  const gzip = buffers.reduce((n, b) => n + gzipSync(b, { level: GZIP_LEVEL }).length, 0);
  return { raw, gzip, files: buffers.length };
}

/** The app's own files in dist/ by kind. */
function appBytes() {
  const files = readdirSync(dist).filter((f) => ['.wasm', '.js', '.css'].includes(extname(f)));
  const of = (ext) => sizes(files.filter((f) => extname(f) === ext).map((f) => readFileSync(join(dist, f))));
  return { wasm: of('.wasm'), js: of('.js'), css: of('.css') };
}

function startServer() {
  const extras = [...CATALOGS.filter((c) => c.generated).map((c) => `${c.name}=${basename(c.file)}`), `${EMPTY}=${EMPTY}.json`].flatMap((e) => ['--extra', e]);
  const server = spawn(process.execPath, [join(here, 'server.mjs'), '--root', dist, '--catalogs', benchCatalogs, '--port', String(port), ...extras], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolveStart, reject) => {
    server.once('error', reject);
    server.once('exit', (code) => reject(new Error(`the bench server stopped (exit ${code}); is port ${port} free?`)));
    server.stdout.once('data', () => resolveStart(server));
  });
}

/** Evaluates `fn` in the page until it returns something truthy. */
async function until(page, fn, arg, timeout, what) {
  try {
    const handle = await page.waitForFunction(fn, arg, { polling: 'raf', timeout });
    return await handle.jsonValue();
  } catch (e) {
    throw new Error(`${what}: ${e.message.split('\n')[0]}`);
  }
}

/**
 * Page helpers, installed beside the probe. `__benchFacetValue(label)`: the
 * facet checkbox of the value with that label (its name without the count),
 * or the first value with procedures when `label` is null, with its count
 * and state. `__benchClickable(label)`: the same, once it can be clicked (enabled,
 * scrolled into view, not covered), with its centre; null until then.
 */
const HELPERS = `(() => {
  const named = (box) => {
    const m = (box.closest('label')?.textContent ?? '').trim().match(/^(.*?)\\s*\\((\\d[\\d,]*)\\)$/);
    return m ? { label: m[1], count: Number(m[2].replace(/,/g, '')) } : null;
  };
  const value = (label) => {
    for (const box of document.querySelectorAll('fieldset input[type=checkbox]')) {
      const n = named(box);
      if (n && (label === null ? n.count > 0 : n.label === label)) return { box, ...n, checked: box.checked };
    }
    return null;
  };
  const clickable = (label) => {
    const found = value(label);
    if (!found) return null;
    const { box } = found;
    if (box.disabled || box.getAttribute('aria-disabled') === 'true') return null;
    const rect = box.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) return null;
    if (rect.top < 0 || rect.bottom > innerHeight) {
      box.scrollIntoView({ block: 'center' });
      return null;
    }
    const x = rect.left + rect.width / 2;
    const y = rect.top + rect.height / 2;
    const hit = document.elementFromPoint(x, y);
    if (hit !== box && hit !== box.closest('label')) return null;
    return { x, y, label: found.label, count: found.count, checked: found.checked };
  };
  const firstValues = (n) => {
    const labels = [];
    for (const box of document.querySelector('fieldset')?.querySelectorAll('input[type=checkbox]') ?? []) {
      const v = named(box);
      if (v && v.count > 0 && labels.length < n) labels.push(v.label);
    }
    return labels;
  };
  Object.defineProperty(window, '__benchFacetValue', { value: (label) => { const v = value(label); return v && { label: v.label, count: v.count, checked: v.checked }; } });
  Object.defineProperty(window, '__benchClickable', { value: clickable });
  Object.defineProperty(window, '__benchFirstValues', { value: firstValues });
})();`;

/** Types `word` a character at a time: one latency sample per keystroke. */
async function typeSampled(page, word) {
  const keys = [];
  for (const char of word) {
    keys.push(await sample(page, () => page.keyboard.press(char === ' ' ? 'Space' : char), 'keydown'));
  }
  return keys;
}

/** Waits until the page has been quiet (no DOM change, no input) for QUIET_MS and all of it is painted. */
function settle(page, timeout = 60_000) {
  return page.evaluate(
    async ({ quiet, timeout }) => {
      const p = window.__benchProbe;
      const start = performance.now();
      while (performance.now() - start < timeout) {
        await new Promise((r) => setTimeout(r, 20));
        const last = Math.max(p.lastChange?.t ?? 0, ...p.inputs.map((i) => i.seen.t));
        const painted = p.lastChange === null || p.paintOf(p.lastChange) !== null;
        if (performance.now() - last >= quiet && painted) return true;
      }
      return false;
    },
    { quiet: QUIET_MS, timeout },
  );
}

/**
 * One latency sample: `act` sends trusted input; the latency runs from the
 * timeStamp of the first trusted `startType` event to the paint of the last
 * change the page made in response (or of the input itself when nothing
 * changed), once the page has been quiet for QUIET_MS.
 */
async function sample(page, act, startType) {
  await page.evaluate(() => {
    const p = window.__benchProbe;
    p.inputs = [];
    p.firstChange = null;
    p.recording = true;
  });
  await act();
  if (!(await settle(page))) throw new Error('the page kept changing for 60 s after an input');
  return page.evaluate((startType) => {
    const p = window.__benchProbe;
    p.recording = false;
    const trusted = p.inputs.filter((i) => i.trusted);
    const first = trusted.find((i) => i.type === startType);
    if (!first) return { error: `no trusted ${startType} event` };
    const changed = p.lastChange !== null && p.lastChange.t >= first.seen.t;
    // The response is painted with the first frame that shows the page's
    // first change after the input (and follows every input event); work
    // the page leaves for later (rows outside the viewport) is painted by
    // the frame that follows the last change.
    const inputsPainted = trusted.map((i) => p.paintOf(i.seen));
    const responded = changed && p.firstChange !== null && p.firstChange.t >= first.seen.t;
    const shown = [...inputsPainted, ...(responded ? [p.paintOf(p.firstChange)] : [])];
    const painted = [...inputsPainted, ...(changed ? [p.paintOf(p.lastChange)] : [])];
    if ([...shown, ...painted].some((t) => t === null)) return { error: 'a response was never painted' };
    const end = Math.max(...painted);
    const timings = p.eventTimings.filter((e) => e.start >= first.timeStamp - 1 && e.start <= end).map((e) => e.duration);
    return {
      ms: Math.max(...shown) - first.timeStamp,
      all_ms: end - first.timeStamp,
      // From the browser receiving the input to the first handler running,
      // and from there to the page's last change in response.
      input_delay_ms: first.seen.t - first.timeStamp,
      script_ms: changed ? p.lastChange.t - first.seen.t : null,
      changed,
      input: trusted.some((i) => i.type === 'input'),
      event_timing_ms: timings.length > 0 ? Math.max(...timings) : null,
      untrusted: p.inputs.length - trusted.length,
    };
  }, startType);
}

const statusText = (page) => page.evaluate(() => window.__benchProbe.statusText());
const domNodes = (page) => page.evaluate(() => document.getElementsByTagName('*').length);
const numberIn = (text) => Number(text.replace(/,/g, '').match(/^\d+/)[0]);

/** The memory of a page that has no CDP session of its own yet. */
async function pageMemory(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  return memory(page, cdp);
}

async function memory(page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const js = metrics.find((m) => m.name === 'JSHeapUsedSize').value;
  const wasm = await page.evaluate(() => window.__benchProbe.wasmBytes());
  return { js_heap: js, wasm };
}

/**
 * Opens the catalog in a fresh page and clicks the first facet value as
 * soon as it can be clicked, until the result count changes. Returns the
 * times (ms from navigation start) of the first painted card and of the
 * painted count change, and the catalog's size as the page states it.
 */
async function load(page, name) {
  await page.goto(`http://127.0.0.1:${port}/?c=${encodeURIComponent(name)}`, { waitUntil: 'commit' });
  const deadline = Date.now() + LOAD_TIMEOUT;
  const left = () => Math.max(1, deadline - Date.now());
  let clicks = 0;
  let target;
  for (;;) {
    target = await until(
      page,
      () => window.__benchProbe.statusText() !== null && window.__benchClickable(null),
      null,
      left(),
      `no facet value became clickable within ${LOAD_TIMEOUT / 1000} s`,
    );
    const before = await page.evaluate(() => window.__benchProbe.watchStatus());
    if (!/^\d[\d,]* procedures?$/.test(before)) throw new Error(`the catalog opened filtered ("${before}")`);
    await page.mouse.click(target.x, target.y);
    clicks += 1;
    // A click the page was not ready for may be dropped: click again when
    // the value is still unticked and the count unchanged 2 s later.
    const clickedAt = await page.evaluate(() => performance.now());
    const responded = await until(
      page,
      ({ label, clickedAt }) => {
        const p = window.__benchProbe;
        if (p.statusChange !== null && p.paintOf(p.statusChange) !== null) return 'changed';
        const value = window.__benchFacetValue(label);
        return value && !value.checked && performance.now() - clickedAt > 2000 ? 'dropped' : null;
      },
      { label: target.label, clickedAt },
      left(),
      'the result count did not change after a facet click',
    );
    if (responded === 'changed') break;
  }
  const times = await until(
    page,
    () => {
      const p = window.__benchProbe;
      const card = p.paintOf(p.firstCard);
      const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null;
      if (card === null) return null;
      // The main thread's long tasks until the filters answered.
      const respond = p.paintOf(p.statusChange);
      const tasks = p.longTasks.filter((t) => t.start < respond);
      return {
        first_card_ms: card,
        filters_respond_ms: respond,
        fcp_ms: fcp,
        longest_task_ms: Math.max(0, ...tasks.map((t) => t.duration)),
        blocking_ms: tasks.reduce((sum, t) => sum + Math.max(0, t.duration - 50), 0),
        long_tasks: tasks.length,
      };
    },
    null,
    left(),
    'no card was painted',
  );
  // Back to the unfiltered list.
  const ticked = await until(page, (label) => window.__benchClickable(label), target.label, left(), 'the clicked facet value disappeared');
  if (ticked.checked) await page.mouse.click(ticked.x, ticked.y);
  await settle(page);
  const status = await statusText(page);
  return { ...times, filter_clicks: clicks, procedures: numberIn(status) };
}

/** A fresh browser context (empty cache) with the probe and helpers, and a page in it. */
async function freshPage(browser) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  await context.addInitScript({ path: join(here, 'probe.js') });
  await context.addInitScript({ content: HELPERS });
  return { context, page: await context.newPage() };
}

/** One run of one catalog in a fresh browser context (empty cache). */
async function measureRun(browser, catalog) {
  const { context, page } = await freshPage(browser);
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
  try {
    const loaded = await load(page, catalog.name);
    const total = loaded.procedures;
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const memoryAfterLoad = await memory(page, cdp);
    const domAfterLoad = await domNodes(page);
    const checks = [];
    const expect = async (wanted, what) => {
      const got = await statusText(page);
      if (got?.replace(/,/g, '') !== wanted) checks.push(`${what}: the count said "${got}", expected "${wanted}"`);
    };

    // Facet clicks: tick and untick the first values of the first facet in turn.
    const values = await page.evaluate((n) => window.__benchFirstValues(n), FACET_VALUES);
    if (values.length === 0) throw new Error('the first facet has no value to click');
    const facet = [];
    for (let i = 0; i < FACET_CLICKS; i += 1) {
      const label = values[Math.floor(i / 2) % values.length];
      const target = await until(page, (label) => window.__benchClickable(label), label, 10_000, `the facet value ${label} did not become clickable`);
      const result = await sample(page, () => page.mouse.click(target.x, target.y), 'click');
      facet.push({ ...result, value: label, on: !target.checked });
      await expect(target.checked ? `${total} procedures` : `${target.count} of ${total} procedures`, `after clicking ${label}`);
    }

    // Keystrokes: type each search a character at a time, then clear it.
    const search = page.getByRole('searchbox', { name: 'Search procedures' });
    const box = await search.boundingBox();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await settle(page);
    const keys = [];
    const clears = [];
    let domAfterSearch = null;
    for (const word of catalog.words) {
      const typed = await typeSampled(page, word);
      keys.push(...typed.map((result, i) => ({ ...result, key: [...word][i], text: word })));
      const status = await statusText(page);
      if (!/ of /.test(status ?? '')) checks.push(`after typing "${word}" the count said "${status}"`);
      domAfterSearch ??= await domNodes(page);
      await page.keyboard.press('ControlOrMeta+A');
      await settle(page);
      clears.push({ ...(await sample(page, () => page.keyboard.press('Backspace'), 'keydown')), text: word });
      await expect(`${total} procedures`, `after clearing "${word}"`);
    }
    const memoryAfter = await memory(page, cdp);
    return {
      ...loaded,
      memory_after_load: memoryAfterLoad,
      memory_after_interactions: memoryAfter,
      dom_nodes_after_load: domAfterLoad,
      dom_nodes_after_search: domAfterSearch,
      facet_clicks: facet,
      keystrokes: keys,
      clears,
      checks,
      errors,
    };
  } finally {
    await context.close();
  }
}

/**
 * The measurement's floor: the baseline page (baseline.html, one checkbox
 * and one line of text) in a fresh context, with the same probe, the same
 * number of clicks and the same searches typed as a catalog run.
 */
async function measureBaseline(browser, words) {
  const { context, page } = await freshPage(browser);
  const url = `http://127.0.0.1:${port}/bench-baseline.html`;
  await page.route(url, (route) => route.fulfill({ path: join(here, 'baseline.html'), contentType: 'text/html; charset=utf-8' }));
  try {
    await page.goto(url);
    const box = await page.locator('#value').boundingBox();
    const clicks = [];
    for (let i = 0; i < FACET_CLICKS; i += 1) {
      clicks.push(await sample(page, () => page.mouse.click(box.x + box.width / 2, box.y + box.height / 2), 'click'));
    }
    await page.getByRole('searchbox', { name: 'Search procedures' }).click();
    await settle(page);
    const keys = [];
    for (const word of words) {
      keys.push(...(await typeSampled(page, word)));
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.press('Backspace');
      await settle(page);
    }
    return { facet_clicks: clicks, keystrokes: keys, memory: await pageMemory(context, page) };
  } finally {
    await context.close();
  }
}

/**
 * The app's own memory: JS heap and wasm memory once a catalog of no
 * procedures has loaded (its page says so), as measured for the catalogs.
 */
async function measureEmptyCatalog(browser) {
  const { context, page } = await freshPage(browser);
  try {
    await page.goto(`http://127.0.0.1:${port}/?c=${EMPTY}`);
    await until(page, () => document.body.textContent.includes('This catalog has no procedures.'), null, LOAD_TIMEOUT, 'the catalog of no procedures did not load');
    await settle(page);
    return await pageMemory(context, page);
  } finally {
    await context.close();
  }
}

/** Self time per function of a CPU profile, largest first. */
function topFunctions(cpuProfile, n = 25) {
  const byId = new Map(cpuProfile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  let total = 0;
  cpuProfile.samples.forEach((id, i) => {
    const delta = (cpuProfile.timeDeltas[i] ?? 0) / 1000;
    total += delta;
    const frame = byId.get(id).callFrame;
    const key = `${frame.functionName || '(anonymous)'}  ${frame.url ? basename(frame.url) : ''}`.trim();
    self.set(key, (self.get(key) ?? 0) + delta);
  });
  return {
    total_ms: total,
    top: [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([fn, ms]) => ({ function: fn, self_ms: ms })),
  };
}

/** A CPU profile of one load (navigation until the filters respond), not counted in the figures. */
async function profileLoad(browser, catalog, folder) {
  const { context, page } = await freshPage(browser);
  try {
    // Open the origin first so that the app's navigation stays in this renderer.
    await page.goto(`http://127.0.0.1:${port}/favicon.svg`);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
    const loaded = await load(page, catalog.name);
    const { profile: cpuProfile } = await cdp.send('Profiler.stop');
    const file = join(folder, `profile-${catalog.name}.cpuprofile`);
    writeFileSync(file, JSON.stringify(cpuProfile));
    return { file, first_card_ms: loaded.first_card_ms, ...topFunctions(cpuProfile) };
  } finally {
    await context.close();
  }
}

const started = Date.now();
const loadBefore = loadavg();
// The machine's 1-minute load average every 5 s: other work on the machine
// slows every figure down, and the report says how busy it was.
const loadSamples = [loadBefore[0]];
const loadSampler = setInterval(() => loadSamples.push(loadavg()[0]), 5_000);
const server = await startServer();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: LAUNCH_ARGS });
try {
  const report = {
    date: new Date().toISOString(),
    chromium: browser.version(),
    machine: {
      cpus: availableParallelism(),
      cpu_model: cpus()[0]?.model ?? 'unknown',
      memory_bytes: totalmem(),
      free_memory_bytes: freemem(),
      os: `${type()} ${release()}`,
      node: process.version,
      load_average_before: loadBefore,
    },
    gzip_level: GZIP_LEVEL,
    viewport: VIEWPORT,
    quiet_ms: QUIET_MS,
    runs,
    app: appBytes(),
    catalogs: [],
  };
  for (const catalog of CATALOGS) {
    const json = readFileSync(catalog.file);
    const entry = { name: catalog.name, file: catalog.file, json: sizes([json]), words: catalog.words, runs: [] };
    for (let run = 1; run <= runs; run += 1) {
      process.stderr.write(`bench: ${catalog.name}, run ${run} of ${runs}… `);
      const t = Date.now();
      try {
        entry.runs.push(await measureRun(browser, catalog));
        process.stderr.write(`${((Date.now() - t) / 1000).toFixed(1)} s\n`);
      } catch (e) {
        // Keep the other runs' figures; the report lists the failure.
        entry.runs.push({ error: e.message.split('\n')[0] });
        process.stderr.write(`failed: ${e.message.split('\n')[0]}\n`);
      }
    }
    if (profile) {
      mkdirSync(dirname(out), { recursive: true });
      try {
        entry.profile = await profileLoad(browser, catalog, dirname(out));
        process.stderr.write(`bench: ${catalog.name}: CPU profile of a load in ${entry.profile.file}\n`);
      } catch (e) {
        process.stderr.write(`bench: ${catalog.name}: no CPU profile: ${e.message.split('\n')[0]}\n`);
      }
    }
    report.catalogs.push(entry);
  }
  const words = CATALOGS.find((c) => c.name === '100k')?.words ?? CATALOGS[0].words;
  report.baseline = { words, runs: [] };
  for (let run = 1; run <= runs; run += 1) {
    process.stderr.write(`bench: baseline page, run ${run} of ${runs}… `);
    try {
      report.baseline.runs.push(await measureBaseline(browser, words));
      process.stderr.write('done\n');
    } catch (e) {
      report.baseline.runs.push({ error: e.message.split('\n')[0] });
      process.stderr.write(`failed: ${e.message.split('\n')[0]}\n`);
    }
  }
  try {
    report.baseline.empty_catalog = await measureEmptyCatalog(browser);
  } catch (e) {
    report.baseline.empty_catalog = { error: e.message.split('\n')[0] };
  }
  report.machine.load_average_after = loadavg();
  report.machine.load_average_samples = loadSamples;
  report.duration_s = (Date.now() - started) / 1000;
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(report, null, 2));
  process.stderr.write(`bench: measurements in ${out}\n`);
} finally {
  clearInterval(loadSampler);
  await browser.close();
  server.kill();
}
