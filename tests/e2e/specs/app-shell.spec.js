// The app starts, loads its default catalog and shows one card per
// procedure; page basics are in place; fetch failures are explained.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { sites } from '../sites.js';

const spine = JSON.parse(readFileSync(new URL('../../../dist/catalogs/spine.json', import.meta.url)));

/** Collects uncaught errors and console errors, which a broken wasm start-up produces. */
function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
  return errors;
}

test('starts without errors and shows a card for every procedure', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('./');
  const cards = page.locator('article.card');
  await expect(cards.first()).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'procedures' })).toHaveText(`${spine.procedures.length} procedures`);
    // The grid renders the rows near the viewport; every procedure is announced and reachable.
  const items = page.locator('.cards > li');
  expect(await items.count()).toBeLessThan(spine.procedures.length);
  await expect(items.first()).toHaveAttribute('aria-setsize', String(spine.procedures.length));
  await expect(items.first()).toHaveAttribute('aria-posinset', '1');
  const last = spine.procedures[spine.procedures.length - 1];
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expect(page.getByRole('heading', { name: last.title, exact: true })).toBeVisible();
  await expect(items.last()).toHaveAttribute('aria-posinset', String(spine.procedures.length));
  await page.evaluate(() => window.scrollTo(0, 0));
  const first = spine.procedures[0];
  const card = cards.filter({ has: page.getByRole('heading', { name: first.title, exact: true }) });
  await expect(card).toHaveCount(1);
  for (const code of first.codes) {
    await expect(card.locator('.code-chip', { hasText: code.code })).toContainText(code.system);
  }
  expect(errors).toEqual([]);
});

test('has the page basics: language, title, one h1, a main landmark', async ({ page }) => {
  await page.goto('./');
  await expect(page.locator('article.card').first()).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page).toHaveTitle(/Procedure Catalog/);
  await expect(page.locator('h1')).toHaveCount(1);
  await expect(page.getByRole('main')).toHaveCount(1);
});

test('names the address and HTTP status when the catalog is missing', async ({ page }) => {
  await page.route('**/catalogs/spine.json', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.goto('./');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('HTTP 404');
  await expect(alert).toContainText(`${sites.app}catalogs/spine.json`);
  await expect(page.locator('article.card')).toHaveCount(0);
});

test('names the address when the network fails', async ({ page }) => {
  await page.route('**/catalogs/spine.json', (route) => route.abort('internetdisconnected'));
  await page.goto('./');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('could not be reached');
  await expect(alert).toContainText(`${sites.app}catalogs/spine.json`);
});

test('shows a loading state until the catalog arrives', async ({ page }) => {
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route('**/catalogs/spine.json', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('./');
  await expect(page.getByRole('status')).toHaveText('Loading catalog…');
  release();
  await expect(page.locator('article.card').first()).toBeVisible();
});

/** Holds the app's WebAssembly until the returned function is called, so that the page's stand-in stays. */
async function holdApp(page) {
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route('**/*_bg.wasm', async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

test('names the default catalog from the first paint, in the same words and size as the app', async ({ page }) => {
  // A phone's width, where the heading takes several lines.
  await page.setViewportSize({ width: 412, height: 823 });
  const errors = watchErrors(page);
  const release = await holdApp(page);
  await page.goto('./');
  const heading = `${spine.title} · ${spine.publisher} · version ${spine.catalog_version} · updated ${spine.updated}`;
  const stand_in = page.locator('#boot .catalog-title');
  await expect(stand_in).toHaveText(heading);
  await expect(page.locator('#boot .loading')).toHaveText('Starting…');
  // Leptos marks its dynamic places with empty comments; they add nothing to the page.
  const shape = (p) => ({ html: p.innerHTML.replaceAll('<!---->', ''), width: p.offsetWidth, height: p.offsetHeight });
  const before = await stand_in.evaluate(shape);
  expect(before.height).toBeGreaterThan(40);
  release();
  await expect(page.locator('article.card').first()).toBeVisible();
  await expect(page.locator('#boot')).toHaveCount(0);
  const title = page.locator('.catalog-title');
  await expect(title).toHaveText(heading);
  const after = await title.evaluate(shape);
  expect(after).toEqual(before);
  expect(errors).toEqual([]);
});

for (const address of ['./?c=icd10pcs', './?src=catalogs%2Fother.json']) {
  test(`names no catalog before the app starts when the address names another (${address})`, async ({ page }) => {
    const release = await holdApp(page);
    await page.goto(address);
    await expect(page.locator('#boot .loading')).toHaveText('Starting…');
    await expect(page.locator('#boot .catalog-title')).toHaveCount(0);
    release();
    await expect(page.locator('#boot')).toHaveCount(0);
  });
}
