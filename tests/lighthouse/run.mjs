// Lighthouse audit of the release build in dist/: serves it on a local port
// (gzip-compressed, as a static host would), runs Lighthouse with its
// mobile and its desktop settings in Debian's Chromium with every request
// outside 127.0.0.1 refused, prints the four category scores of each run
// and judges their median against the targets (Lighthouse's scores vary
// from run to run, most of all the performance score under its simulated
// slow CPU, so one run proves little either way; Lighthouse's own advice is
// the median of several).
//
// Usage: node run.mjs [--port 4180] [--form-factor mobile|desktop|both]
//                     [--runs 5] [--root ../../dist] [--report prefix]
// (--report writes prefix-mobile.json and prefix-desktop.json, the last run's)
// (`cargo xtask lighthouse` builds dist/ first and runs this.)
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import lighthouse, { desktopConfig } from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const port = Number(args.port ?? 4180);
const root = args.root ?? fileURLToPath(new URL('../../dist', import.meta.url));
const url = `http://127.0.0.1:${port}/`;

/** Lowest passing score per category, out of 100; `null` is reported only. */
const TARGETS = { performance: 95, accessibility: 100, 'best-practices': 100, seo: null };
/** Runs per setting; the median of their scores is judged. */
const RUNS = Number(args.runs ?? 5);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('--runs is a whole number, at least 1');
/** Lighthouse's mobile settings (a mid-range phone on a slow 4G link) and its desktop ones. */
const FORM_FACTORS = args['form-factor'] && args['form-factor'] !== 'both' ? [args['form-factor']] : ['mobile', 'desktop'];
if (!FORM_FACTORS.every((f) => f === 'mobile' || f === 'desktop')) throw new Error('--form-factor is mobile, desktop or both');

const server = spawn(process.execPath, [fileURLToPath(new URL('../e2e/server.mjs', import.meta.url)), '--root', root, '--port', String(port), '--compress'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const stop = () => server.kill();
process.on('exit', stop);
await Promise.race([
  once(server.stdout, 'data'),
  once(server, 'exit').then(([code]) => {
    throw new Error(`the static server stopped (exit ${code}); is port ${port} free?`);
  }),
]);

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  chromeFlags: [
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-default-apps',
    '--disable-extensions',
    // Off the network: every host but the local server fails to resolve.
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
  ],
});

/** Audits the page once with Lighthouse's settings for `formFactor`; returns each category's score out of 100. */
async function audit(formFactor, run) {
  const result = await lighthouse(
    url,
    { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: Object.keys(TARGETS) },
    formFactor === 'desktop' ? desktopConfig : undefined,
  );
  const { lhr } = result;
  if (args.report) writeFileSync(`${args.report}-${formFactor}.json`, result.report);
  if (lhr.runtimeError) throw new Error(`Lighthouse could not audit ${url}: ${lhr.runtimeError.message}`);
  if (run === 1) console.log(`Lighthouse ${lhr.lighthouseVersion}, ${formFactor} settings, ${url}, ${RUNS} run(s)`);
  const scores = Object.fromEntries(Object.keys(TARGETS).map((id) => [id, Math.round(lhr.categories[id].score * 100)]));
  console.log(`  run ${run}: ${Object.keys(TARGETS).map((id) => `${lhr.categories[id].title} ${scores[id]}`).join(', ')}`);
  // Name the audits that cost points.
  for (const id of Object.keys(TARGETS)) {
    for (const ref of lhr.categories[id].auditRefs.filter((r) => r.weight > 0)) {
      const audit = lhr.audits[ref.id];
      if (audit.score !== null && audit.score < 1) {
        console.log(`      ${audit.id}: ${audit.title}${audit.displayValue ? ` (${audit.displayValue})` : ''}`);
      }
    }
  }
  const metrics = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index'];
  console.log(`      ${metrics.map((id) => `${lhr.audits[id].title} ${lhr.audits[id].displayValue}`).join(', ')}`);
  return scores;
}

/** The middle value (the lower of the two middle ones for an even count). */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** Audits `formFactor` RUNS times; returns whether every category's median meets its target. */
async function judge(formFactor) {
  const runs = [];
  for (let run = 1; run <= RUNS; run++) runs.push(await audit(formFactor, run));
  let met = true;
  console.log(`  median of ${RUNS}:`);
  for (const [id, target] of Object.entries(TARGETS)) {
    const scores = runs.map((r) => r[id]);
    const score = median(scores);
    const verdict = target === null ? '' : score >= target ? `(target ${target}: ok)` : `(target ${target}: FAILED)`;
    console.log(`    ${id.padEnd(16)} ${String(score).padStart(3)} ${verdict} runs ${scores.join(', ')}`);
    if (target !== null && score < target) met = false;
  }
  return met;
}

let failed = false;
try {
  for (const formFactor of FORM_FACTORS) {
    if (!(await judge(formFactor))) failed = true;
  }
} finally {
  await chrome.kill();
  stop();
}
if (failed) {
  console.log('Lighthouse: below target');
  process.exit(1);
}
console.log('Lighthouse: every target met');
