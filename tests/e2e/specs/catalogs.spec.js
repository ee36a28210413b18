// The site's catalogs: the manifest feeds a switcher, the choice lives in
// the URL, and the 68,367-procedure ICD-10-PCS catalog loads and filters.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync(new URL('../../../dist/catalogs/manifest.json', import.meta.url)));
const spine = JSON.parse(readFileSync(new URL('../../../dist/catalogs/spine.json', import.meta.url)));
const count = (page) => page.getByRole('status').filter({ hasText: 'procedures' });
const switcher = (page) => page.getByRole('combobox', { name: 'Catalog' });

test('switch to the ICD-10-PCS catalog and back', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('./');
  await expect(count(page)).toHaveText(`${spine.procedures.length} procedures`);
  await expect(switcher(page).locator('option')).toHaveText(manifest.catalogs.map((c) => c.title));
  await expect(switcher(page)).toHaveValue(manifest.default);

  await switcher(page).selectOption('icd10pcs');
  await expect(count(page)).toHaveText('68,367 procedures', { timeout: 60_000 });
  await expect(page).toHaveURL(/[?&]c=icd10pcs(&|$)/);
  await expect(page.getByRole('group', { name: 'Root operation' })).toBeVisible();
  // The grid keeps the DOM small whatever the catalog's size.
  expect(await page.locator('article.card').count()).toBeLessThan(100);
  await expect(page.locator('.cards > li').first()).toHaveAttribute('aria-setsize', '68367');

  // Search and filter work on the large catalog too.
  await page.getByRole('searchbox', { name: 'Search procedures' }).fill('0PB40ZZ');
  await expect(page.locator('article.card').first().getByRole('heading')).toHaveText('Excision of Thoracic Vertebra, Open Approach');
  // A card's link names its catalog, so that it opens there in a new tab.
  const href = await page.locator('article.card').first().getByRole('link').getAttribute('href');
  expect(href).toMatch(/^\?c=icd10pcs&p=[a-z0-9-]+$/);
  const tab = await page.context().newPage();
  await tab.goto(new URL(href, page.url()).href);
  await expect(tab.getByRole('dialog', { name: 'Excision of Thoracic Vertebra, Open Approach' })).toBeVisible({ timeout: 60_000 });
  await tab.close();

  // Two entries back: before the search, then before the switch.
  await expect(page).toHaveURL(/[?&]q=0PB40ZZ(&|$)/);
  await page.goBack();
  await page.goBack();
  await expect(count(page)).toHaveText(`${spine.procedures.length} procedures`, { timeout: 30_000 });
  await expect(switcher(page)).toHaveValue(manifest.default);
});

test('an unknown catalog in the URL falls back to the default with a note', async ({ page }) => {
  await page.goto('./?c=nowhere');
  await expect(page.getByRole('note')).toContainText('This site offers no catalog “nowhere”');
  await expect(count(page)).toHaveText(`${spine.procedures.length} procedures`);
});

test('without a manifest the default catalog still loads', async ({ page }) => {
  await page.route('**/catalogs/manifest.json', (route) => route.fulfill({ status: 404, body: 'none' }));
  await page.goto('./');
  await expect(count(page)).toHaveText(`${spine.procedures.length} procedures`);
  await expect(switcher(page)).toHaveCount(0);
});

test('a large catalog shows its first cards while it loads, then search and filters', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('./?c=icd10pcs');
  // First a preview: cards, with search and filters waiting for the index.
  await expect(count(page)).toContainText('Showing the first 48 procedures.', { timeout: 60_000 });
  await expect(page.locator('article.card').first()).toBeVisible();
  const waiting = await page.evaluate(() => ({
    search: document.querySelector('#search').disabled,
    filters: document.querySelector('fieldset.filter-groups').disabled,
  }));
  // The preview may be gone by the time it is read on a fast machine.
  if ((await count(page).textContent()).startsWith('Showing the first')) {
    expect(waiting).toEqual({ search: true, filters: true });
  }
  // Then the whole catalog, ready to search and filter.
  await expect(count(page)).toHaveText('68,367 procedures', { timeout: 60_000 });
  await expect(page.getByRole('searchbox', { name: 'Search procedures' })).toBeEnabled();
  await page.getByRole('group', { name: 'Approach' }).getByRole('checkbox').first().check();
  await expect(count(page)).toContainText(' of 68,367 procedures');
});

test('a catalog whose length the server does not give loads whole', async ({ page }) => {
  // As from a server that compresses: the length says nothing of what arrives,
  // so the app reads the body without it.
  await page.route('**/catalogs/spine.json', async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers(), 'content-encoding': 'identity' };
    await route.fulfill({ response, headers });
  });
  await page.goto('./');
  await expect(count(page)).toHaveText(`${spine.procedures.length} procedures`);
  const first = await page.locator('article.card').first().getByRole('heading').textContent();
  expect(spine.procedures.map((p) => p.title)).toContain(first);
  const encoding = await page.evaluate(() => fetch('catalogs/spine.json').then((r) => r.headers.get('content-encoding')));
  expect(encoding).toBe('identity');
});
