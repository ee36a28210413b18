// A catalog named by its address (`?src=`) is shown only from the site's own
// origin or from the origins listed in its config.json; anything else is
// refused with a message naming the address and the file to change.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { sites } from '../sites.js';

const spine = JSON.parse(readFileSync(new URL('../../../dist/catalogs/spine.json', import.meta.url)));
const example = JSON.parse(readFileSync(new URL('../../fixtures/example.json', import.meta.url)));
// Served by the host pages' site: another origin, which answers with CORS.
const foreign = `${sites.hosts}example.json`;
const hostsOrigin = new URL(sites.hosts).origin;

const count = (page) => page.getByRole('status').filter({ hasText: 'procedures' });
const open = (page, src) => page.goto(`./?src=${encodeURIComponent(src)}`);

function config(page, body) {
  return page.route('**/config.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body }));
}

test('a catalog from an origin the site does not list is refused, with the way back', async ({ page }) => {
  const fetched = [];
  page.on('request', (r) => fetched.push(r.url()));
  await open(page, foreign);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('This catalog is not shown');
  await expect(alert).toContainText(`The catalog at ${foreign} was refused: it comes from ${hostsOrigin}`);
  await expect(alert).toContainText('catalog_origins in its config.json');
  await expect(page.locator('article.card')).toHaveCount(0);
  // Refused before it was fetched.
  expect(fetched).not.toContain(foreign);

  await alert.getByRole('link', { name: 'Show this site’s own catalogs' }).click();
  await expect(count(page)).toHaveText(`${spine.procedures.length} procedures`);
});

test('a listed origin is accepted', async ({ page }) => {
  await config(page, JSON.stringify({ catalog_origins: [hostsOrigin] }));
  await open(page, foreign);
  await expect(page.locator('.catalog-title')).toContainText(example.title);
  await expect(count(page)).toHaveText(`${example.procedures.length} procedures`);
  await expect(page.getByRole('combobox', { name: 'Catalog' })).toHaveValue('');
  await expect(page.getByRole('combobox', { name: 'Catalog' }).locator('option:checked')).toHaveText(`Linked: ${foreign}`);
  // Back to a catalog of the site through the picker.
  await page.getByRole('combobox', { name: 'Catalog' }).selectOption('spine');
  await expect(count(page)).toHaveText(`${spine.procedures.length} procedures`);
  await expect.poll(() => new URL(page.url()).search).toBe('');
});

test('the site itself needs no listing', async ({ page }) => {
  await open(page, 'catalogs/spine.json');
  await expect(count(page)).toHaveText(`${spine.procedures.length} procedures`);
  await open(page, `${sites.app}catalogs/spine.json`);
  await expect(count(page)).toHaveText(`${spine.procedures.length} procedures`);
});

test('only web addresses are catalogs', async ({ page }) => {
  for (const src of ['javascript:alert(1)', 'data:application/json,{}']) {
    await open(page, src);
    await expect(page.getByRole('alert')).toContainText(`The catalog address ${src} was refused: a catalog must be an http or https address.`);
  }
});

test('an unreadable config.json refuses other origins and says why', async ({ page }) => {
  await config(page, '{"catalog_origins": "everyone"}');
  await open(page, foreign);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(`this site's config.json, which lists the other origins it accepts catalogs from, cannot be used`);
  await expect(alert).toContainText('config.json is not valid');
  await expect(page.locator('article.card')).toHaveCount(0);
});
