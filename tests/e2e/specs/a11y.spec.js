// axe-core finds no accessibility violation in any view, in light and dark:
// the list, a filtered list, the detail view, the comparison, the favourites
// view with a favourite the catalog lacks and a storage note, the problems
// panel of a partly broken catalog, the page shown when the catalog cannot
// be loaded, and the embed view.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';

const spine = JSON.parse(readFileSync(new URL('../../../dist/catalogs/spine.json', import.meta.url)));
const SEED = spine.procedures.find((p) => p.id === 'corpectomy-lateral-extracavitary-thoracic');
const BACKGROUND = { light: 'rgb(255, 255, 255)', dark: 'rgb(21, 24, 28)' };

const cards = (page) => page.locator('article.card');

/** Runs axe on the page as it is and lists each violation with the nodes it found. */
async function expectNoViolations(page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const found = violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary}`).join('\n')}`);
  expect(found, found.join('\n')).toEqual([]);
}

async function ready(page, path = './') {
  await page.goto(path);
  await expect(cards(page).first()).toBeVisible();
}

/** The colour scheme really applies: the page's background follows it. */
async function expectScheme(page, scheme) {
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(BACKGROUND[scheme]);
}

for (const scheme of ['light', 'dark']) {
  test.describe(`${scheme} mode`, () => {
    test.beforeEach(async ({ page }) => {
      // A full axe analysis of a page of cards takes a while on two cores.
      test.setTimeout(90_000);
      await page.emulateMedia({ colorScheme: scheme });
    });

    test('the list', async ({ page }) => {
      await ready(page);
      await expectScheme(page, scheme);
      await expectNoViolations(page);
    });

    test('a filtered list with matches highlighted', async ({ page }) => {
      await ready(page);
      await page.getByRole('searchbox', { name: 'Search procedures' }).fill('corpectomy');
      await page.getByRole('group', { name: 'Indication' }).getByRole('checkbox', { name: /^Spinal metastasis \(\d+\)$/ }).check();
      await expect(page.getByRole('button', { name: 'Remove filter Indication: Spinal metastasis' })).toBeVisible();
      await expect(cards(page).first().locator('mark').first()).toBeVisible();
      await expectNoViolations(page);
    });

    test('the detail view', async ({ page }) => {
      await ready(page, `./?p=${SEED.id}`);
      await expect(page.getByRole('dialog', { name: SEED.title })).toBeVisible();
      await expectScheme(page, scheme);
      await expectNoViolations(page);
    });

    test('the comparison of two procedures, with the tray', async ({ page }) => {
      const [a, b] = spine.procedures;
      await ready(page, `./?cmp=${a.id},${b.id}&view=compare`);
      const dialog = page.getByRole('dialog', { name: 'Compare procedures' });
      await expect(dialog.locator('tr.differs').first()).toBeVisible();
      await expectNoViolations(page);
      await page.keyboard.press('Escape');
      await expect(page.getByRole('complementary', { name: 'Comparison' })).toBeVisible();
      await expectNoViolations(page);
    });

    test('the favourites view with a favourite the catalog lacks and a storage note', async ({ page }) => {
      await page.addInitScript((id) => {
        localStorage.setItem('procedure-catalog:catalogs/spine.json:favourites', JSON.stringify([id, 'gone-procedure', 7]));
      }, SEED.id);
      await ready(page, './?fav=1');
      await expect(page.getByRole('region', { name: '1 favourite is no longer in this catalog' })).toBeVisible();
      await expect(page.getByRole('note')).toContainText('was dropped');
      await expectNoViolations(page);
    });

    test('the problems panel of a partly broken catalog', async ({ page }) => {
      const catalog = structuredClone(spine);
      catalog.procedures[0].facets.indication = ['tumour'];
      catalog.procedures[1].title = 42;
      catalog.procedures[2].summary = '';
      await page.route('**/catalogs/spine.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(catalog) }));
      await ready(page);
      const panel = page.getByRole('region', { name: 'Problems in this catalog' });
      await panel.getByText('Show the problems').click();
      await expect(panel.locator('.problem-error').first()).toBeVisible();
      await expectNoViolations(page);
    });

    test('the page shown when the catalog cannot be loaded', async ({ page }) => {
      await page.route('**/catalogs/spine.json', (route) => route.fulfill({ status: 404, body: 'gone' }));
      await page.goto('./');
      await expect(page.getByRole('alert')).toContainText('HTTP 404');
      await expectScheme(page, scheme);
      await expectNoViolations(page);
    });

    test('the embed view', async ({ page }) => {
      await ready(page, './?embed=1');
      // The embed view drops the site's own header; a build without one shows the full page.
      const embedded = await page.evaluate(
        () => document.querySelector('.site-header') === null || document.querySelector('[data-embed], .embed, .embedded') !== null,
      );
      test.skip(!embedded, 'this build has no embed view: ?embed=1 shows the full page');
      await expectNoViolations(page);
      await page.getByRole('link', { name: SEED.title, exact: true }).click();
      await expect(page.getByRole('dialog', { name: SEED.title })).toBeVisible();
      await expectNoViolations(page);
    });
  });
}
