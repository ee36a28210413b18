// Offline use and updates, against copies of the build served by a server
// the tests start and stop (and whose files they change): after one visit
// the app, its default catalog and the catalogs the reader opened load with
// the server gone; catalogs revalidate when online; a new deployment is
// offered and taken on the reader's word.
import { test, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SUB_PATH } from '../sites.js';
import { watchProblems } from '../watch.js';

const here = new URL('.', import.meta.url).pathname;
const dist = join(here, '../../../dist');
const subPathDist = join(here, '../../../target/dist-subpath');
const example = readFileSync(join(here, '../../fixtures/example.json'), 'utf8');
const spine = JSON.parse(readFileSync(join(dist, 'catalogs/spine.json'), 'utf8'));

test.describe.configure({ mode: 'serial' });
test.use({ serviceWorkers: 'allow' });

const count = (page) => page.getByRole('status').filter({ hasText: 'procedures' });
const switcher = (page) => page.getByRole('combobox', { name: 'Catalog' });

/**
 * A copy of `from` (without the 49 MB generated catalog) whose manifest
 * also offers the small example catalog and one that was never published.
 */
function copyOfBuild(from = dist) {
  const folder = mkdtempSync(join(tmpdir(), 'catalog-offline-'));
  cpSync(from, folder, { recursive: true, filter: (file) => !file.endsWith('icd10pcs.json') });
  writeFileSync(join(folder, 'catalogs/example.json'), example);
  const manifest = JSON.parse(readFileSync(join(folder, 'catalogs/manifest.json'), 'utf8'));
  manifest.catalogs = [
    manifest.catalogs.find((c) => c.id === manifest.default),
    { id: 'example', title: 'Example catalog', url: 'catalogs/example.json', description: 'Two procedures.' },
    { id: 'unpublished', title: 'Never opened', url: 'catalogs/unpublished.json', description: 'Not on the server.' },
  ];
  writeFileSync(join(folder, 'catalogs/manifest.json'), JSON.stringify(manifest, null, 2));
  return folder;
}

/**
 * Serves `folder` under `base` on a free port until stopped: a port of its
 * own, so that runs of these tests side by side (`--repeat-each`, several
 * workers) never share a server or an origin's service worker.
 */
async function serve(folder, base = '/') {
  const server = spawn(process.execPath, [join(here, '../server.mjs'), '--root', folder, '--port', '0', '--base', base], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((ready, fail) => {
    let printed = '';
    server.stdout.on('data', (chunk) => {
      printed += chunk;
      const at = printed.match(/ at (http:\/\/127\.0\.0\.1:\d+\/\S*)\n/);
      if (at) ready(at[1]);
    });
    server.once('exit', (code) => fail(new Error(`server.mjs ended (${code})`)));
  });
  return {
    url,
    async stop() {
      if (server.exitCode !== null || server.signalCode !== null) return;
      const ended = new Promise((done) => server.once('exit', done));
      server.kill();
      await ended;
    },
  };
}

/** Waits until the service worker controls the page, with its files stored. */
async function controlled(page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((done) => navigator.serviceWorker.addEventListener('controllerchange', done, { once: true }));
    }
  });
}

let folder;
let site;
test.afterEach(async () => {
  await site?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
  site = folder = undefined;
});

test('after one visit, the app and the catalogs opened load with the server gone', async ({ page, context }) => {
  test.setTimeout(60_000);
  const problems = await watchProblems(page);
  folder = copyOfBuild();
  site = await serve(folder);
  await page.goto(site.url);
  await expect(count(page)).toHaveText(`${spine.procedures.length} procedures`);
  await controlled(page);
  await switcher(page).selectOption('example');
  await expect(count(page)).toHaveText('2 procedures');

  await site.stop();
  await context.setOffline(true);
  await page.goto(site.url);
  await expect(count(page)).toHaveText(`${spine.procedures.length} procedures`);
  await switcher(page).selectOption('example');
  await expect(count(page)).toHaveText('2 procedures');
  // A deep link into it, opened afresh.
  const first = JSON.parse(example).procedures[0];
  await page.goto(`${site.url}?c=example&p=${first.id}`);
  await expect(page.getByRole('dialog', { name: first.title })).toBeVisible();
  // A catalog never opened cannot be shown, and the app says so.
  await page.goto(`${site.url}?c=unpublished`);
  await expect(page.getByRole('alert')).toContainText('could not be reached');
  expect(problems.filter((p) => !/Failed to load resource|unpublished\.json/.test(p))).toEqual([]);
});

test('catalogs revalidate when online', async ({ page }) => {
  folder = copyOfBuild();
  site = await serve(folder);
  await page.goto(site.url);
  await expect(page.locator('.catalog-title')).toContainText(spine.title);
  await controlled(page);

  const revised = { ...spine, title: `${spine.title} (revised)` };
  writeFileSync(join(folder, 'catalogs/spine.json'), JSON.stringify(revised));
  await page.reload();
  await expect(page.locator('.catalog-title')).toContainText(revised.title);
  // And the revision is what is kept for offline use.
  await site.stop();
  await page.reload();
  await expect(page.locator('.catalog-title')).toContainText(revised.title);
});

test('a new deployment is offered, and reloading switches to it', async ({ page }) => {
  test.setTimeout(60_000);
  folder = copyOfBuild();
  site = await serve(folder);
  await page.goto(site.url);
  await expect(count(page)).toHaveText(`${spine.procedures.length} procedures`);
  await controlled(page);
  await expect(page).toHaveTitle('Procedure Catalog');
  const offer = page.getByRole('button', { name: 'Reload' });
  await expect(offer).toHaveCount(0);

  // Deploy: a new page and a new build id.
  const index = join(folder, 'index.html');
  writeFileSync(index, readFileSync(index, 'utf8').replace('<title>Procedure Catalog</title>', '<title>Procedure Catalog, next</title>'));
  const worker = join(folder, 'sw.js');
  const script = readFileSync(worker, 'utf8');
  const build = script.match(/const BUILD = '([0-9a-f]+)';/)[1];
  writeFileSync(worker, script.replace(`const BUILD = '${build}';`, `const BUILD = '${build}-next';`));

  // The open version keeps running until the reader takes the new one.
  await page.reload();
  await expect(count(page)).toHaveText(`${spine.procedures.length} procedures`);
  await expect(page).toHaveTitle('Procedure Catalog');
  // The browser fetches sw.js as the page loads, finds it changed and installs the new worker.
  await expect(page.getByText('A new version is available.')).toBeVisible({ timeout: 20_000 });
  await offer.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveTitle('Procedure Catalog, next');
  await expect(count(page)).toHaveText(`${spine.procedures.length} procedures`);
  await expect(offer).toHaveCount(0);
  // The new worker deletes the old version's files as it activates.
  await expect
    .poll(async () => (await page.evaluate(() => window.caches.keys())).filter((name) => name.includes(':shell:')))
    .toEqual([`procedure-catalog:/:shell:${build}-next`]);
});

test('the sub-path build works offline under its own scope', async ({ page }) => {
  if (!existsSync(join(subPathDist, 'index.html'))) {
    throw new Error(`${subPathDist} is missing: build it with \`cargo xtask build --public-url ${SUB_PATH} --dist target/dist-subpath\` (cargo xtask test does).`);
  }
  folder = copyOfBuild(subPathDist);
  site = await serve(folder, SUB_PATH);
  await page.goto(`${site.url}?p=${spine.procedures[0].id}`);
  await expect(page.getByRole('dialog', { name: spine.procedures[0].title })).toBeVisible();
  await controlled(page);
  await site.stop();
  await page.reload();
  await expect(page.getByRole('dialog', { name: spine.procedures[0].title })).toBeVisible();
  expect(await page.evaluate(() => window.caches.keys())).toContain(`procedure-catalog:${SUB_PATH}:data`);
});
