// The build for a sub-path (`cargo xtask build --public-url /any/sub/path/`)
// served from that sub-path by a plain static server, without rewrite rules:
// first load, deep links, reload, back and forward.
import { test, expect } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { sites, SUB_PATH } from '../sites.js';
import { watchProblems } from '../watch.js';

const dist = new URL('../../../target/dist-subpath/', import.meta.url);
if (!existsSync(new URL('index.html', dist))) {
  throw new Error(`${dist.pathname} is missing: build it with \`cargo xtask build --public-url ${SUB_PATH} --dist target/dist-subpath\` (cargo xtask test does).`);
}
const spine = JSON.parse(readFileSync(new URL('catalogs/spine.json', dist)));
const TOTAL = spine.procedures.length;
const SEED = spine.procedures.find((p) => p.id === 'corpectomy-lateral-extracavitary-thoracic');

const count = (page) => page.getByRole('status').filter({ hasText: 'procedures' });
const dialog = (page) => page.getByRole('dialog', { name: SEED.title });

test('first load fetches everything from the sub-path', async ({ page }) => {
  const problems = await watchProblems(page);
  const requested = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await page.goto(sites.subPath);
  await expect(count(page)).toHaveText(`${TOTAL} procedures`);
  for (const kind of [/\.js$/, /\.wasm$/, /\.css$/, /catalogs\/manifest\.json$/, /catalogs\/spine\.json$/]) {
    expect(requested.some((p) => kind.test(p)), `a request for ${kind}`).toBe(true);
  }
  expect(requested.filter((p) => !p.startsWith(SUB_PATH))).toEqual([]);
  expect(problems).toEqual([]);
});

test('a deep link opens; reload, back and forward keep the sub-path', async ({ page }) => {
  const problems = await watchProblems(page);
  await page.goto(`${sites.subPath}?p=${SEED.id}`);
  await expect(dialog(page)).toBeVisible();
  await page.reload();
  await expect(dialog(page)).toBeVisible();
  expect(new URL(page.url()).pathname).toBe(SUB_PATH);

  await page.getByRole('button', { name: '← Back to the list' }).click();
  await expect(dialog(page)).toHaveCount(0);
  await page.getByRole('searchbox', { name: 'Search procedures' }).fill('corpectomy');
  await expect(count(page)).toHaveText(/ of /);
  await page.getByRole('link', { name: SEED.title, exact: true }).click();
  await expect(dialog(page)).toBeVisible();

  await page.goBack();
  await expect(dialog(page)).toHaveCount(0);
  await expect(page.getByRole('searchbox', { name: 'Search procedures' })).toHaveValue('corpectomy');
  expect(new URL(page.url()).pathname).toBe(SUB_PATH);
  await page.goForward();
  await expect(dialog(page)).toBeVisible();
  await page.reload();
  await expect(dialog(page)).toBeVisible();
  expect(page.url()).toBe(`${sites.subPath}?q=corpectomy&p=${SEED.id}`);
  expect(problems).toEqual([]);
});

test.describe('with its service worker', () => {
  test.use({ serviceWorkers: 'allow' });

  test('the service worker is scoped to the sub-path and takes over', async ({ page }) => {
    await page.goto(sites.subPath);
    await expect(count(page)).toHaveText(`${TOTAL} procedures`);
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(sites.subPath);
    await page.reload();
    await expect(count(page)).toHaveText(`${TOTAL} procedures`);
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${sites.subPath}sw.js`);
  });
});
