// A catalog with a few broken procedures still shows every good one and
// lists the problems; an unreadable catalog says why and where.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';

const spine = JSON.parse(readFileSync(new URL('../../../dist/catalogs/spine.json', import.meta.url)));

function serve(page, body) {
  return page.route('**/catalogs/spine.json', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: typeof body === 'string' ? body : JSON.stringify(body) }),
  );
}

test('leaves out only the broken procedures and lists the problems', async ({ page }) => {
  const catalog = structuredClone(spine);
  const [first, second] = catalog.procedures;
  first.facets.indication = ['tumour'];
  second.title = 42;
  await serve(page, catalog);
  await page.goto('./');

  const status = page.getByRole('status').filter({ hasText: 'procedures' });
  await expect(status).toHaveText(`${spine.procedures.length - 2} procedures`);
    await expect(page.locator('.cards > li').first()).toHaveAttribute('aria-setsize', String(spine.procedures.length - 2));
  await expect(page.getByRole('heading', { name: spine.procedures[2].title, exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: first.title, exact: true })).toHaveCount(0);

  const panel = page.getByRole('region', { name: 'Problems in this catalog' });
  await expect(panel).toContainText('2 errors');
  await expect(panel).toContainText('2 procedures were left out');
  await panel.getByText('Show the problems').click();
  await expect(panel).toContainText(`procedure \`${first.id}\`: procedures[0].facets.indication[0]: unknown indication \`tumour\``);
  await expect(panel).toContainText(`procedure \`${second.id}\`: procedures[1].title: invalid type: integer \`42\`, expected a string`);

  await panel.getByRole('button', { name: 'Dismiss' }).click();
  await expect(panel).toHaveCount(0);
  await expect(status).toHaveText(`${spine.procedures.length - 2} procedures`);
});

test('a clean catalog shows no problems panel', async ({ page }) => {
  await page.goto('./');
  await expect(page.locator('article.card').first()).toBeVisible();
  await expect(page.getByRole('region', { name: 'Problems in this catalog' })).toHaveCount(0);
});

test('unreadable JSON stops the load with line and column', async ({ page }) => {
  await serve(page, '{\n  "format_version": 1,\n  "title": "x",,\n}');
  await page.goto('./');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('cannot be read: line 3, column 16: not valid JSON: key must be a string');
  await expect(alert).toContainText('catalogs/spine.json');
});

test('a catalog of another format version is refused with what to do', async ({ page }) => {
  await serve(page, { ...spine, format_version: 2 });
  await page.goto('./');
  await expect(page.getByRole('alert')).toContainText('`format_version` is 2, but this app reads version 1');
});
