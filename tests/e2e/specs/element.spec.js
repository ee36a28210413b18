// The app inside another site's page (`embed.js` and <procedure-catalog>):
// it mounts in its element's shadow root, leaves the page's address,
// history, links and keyboard shortcuts alone, its styles stay inside and
// the page's outside, and two pages show two different catalogs.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { sites } from '../sites.js';
import { watchProblems } from '../watch.js';

const spine = JSON.parse(readFileSync(new URL('../../../dist/catalogs/spine.json', import.meta.url)));
const example = JSON.parse(readFileSync(new URL('../../fixtures/example.json', import.meta.url)));
const SEED = spine.procedures.find((p) => p.id === 'corpectomy-lateral-extracavitary-thoracic');
const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const spinePage = readFileSync(new URL('../hosts/spine.html', import.meta.url), 'utf8');

const app = (page) => page.locator('procedure-catalog');
const count = (page) => app(page).getByRole('status').filter({ hasText: 'procedures' });

/** Computed styles of `selector`'s first match (looking into open shadow roots when `inApp`). */
function styles(page, selector, properties, inApp = false) {
  return page.evaluate(
    ([selector, properties, inApp]) => {
      const scope = inApp ? document.querySelector('procedure-catalog').shadowRoot : document;
      const element = scope.querySelector(selector);
      const computed = getComputedStyle(element);
      return Object.fromEntries(properties.map((p) => [p, computed.getPropertyValue(p)]));
    },
    [selector, properties, inApp],
  );
}

test('the README documents the snippet the host page uses', () => {
  const snippet = spinePage.match(/<!-- embed:element -->\n([\s\S]*?)\n\s*<!-- \/embed:element -->/)[1];
  const documented = snippet
    .replaceAll('%APP%', 'https://catalog.example.org/')
    .split('\n')
    .map((line) => line.replace(/^ {6}/, ''))
    .join('\n');
  expect(readme).toContain(documented);
});

test('mounts the named catalog in its element, without taking the page over', async ({ page }) => {
  const problems = await watchProblems(page);
  await page.goto(`${sites.hosts}spine.html`);
  await expect(count(page)).toHaveText(`${spine.procedures.length} procedures`);
  const start = page.url();
  const history = await page.evaluate(() => history.length);
  // The page's landmarks and headings stay the page's own.
  await expect(page.getByRole('main')).toHaveCount(1);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Spine service');
  expect(await page.evaluate(() => document.querySelector('procedure-catalog').shadowRoot.querySelector('article.card') !== null)).toBe(true);

  // Searching and opening a procedure change neither the address nor the history.
  await app(page).getByRole('searchbox', { name: 'Search procedures' }).fill('63101');
  await expect(count(page)).toHaveText(/ of /);
  // Its links name the app's own page, not the host's (for a new tab).
  await expect(app(page).getByRole('link', { name: SEED.title, exact: true })).toHaveAttribute('href', new URL(`?c=spine&p=${SEED.id}`, sites.app).href);
  await app(page).getByRole('link', { name: SEED.title, exact: true }).click();
  const dialog = app(page).getByRole('dialog', { name: SEED.title });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading', { level: 2 })).toBeFocused();
  expect(page.url()).toBe(start);
  expect(await page.evaluate(() => history.length)).toBe(history);

  // Escape pressed elsewhere on the page is the page's: the app neither acts nor claims it.
  await page.locator('#host-button').focus();
  await page.keyboard.press('Escape');
  await expect(page.locator('#escapes')).toHaveText('1');
  await expect(page.locator('body')).toHaveAttribute('data-escape-claimed', 'false');
  await expect(dialog).toBeVisible();
  // Pressed inside the app, it closes the procedure.
  await dialog.getByRole('button', { name: '← Back to the list' }).focus();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(count(page)).toHaveText(/ of /);
  expect(page.url()).toBe(start);

  // The page's links work as links.
  await page.locator('#to-notes').click();
  await expect.poll(() => new URL(page.url()).hash).toBe('#notes');
  await page.locator('#to-other').click();
  await expect(page).toHaveURL(`${sites.hosts}other.html`);
  expect(problems).toEqual([]);
});

test('two pages, two catalogs', async ({ page }) => {
  const problems = await watchProblems(page);
  await page.goto(`${sites.hosts}other.html`);
  await expect(count(page)).toHaveText(`${example.procedures.length} procedures`);
  await expect(app(page).locator('.catalog-title')).toContainText(example.title);
  // The page named its catalog: no picker of the catalog site's catalogs.
  await expect(app(page).getByRole('combobox', { name: 'Catalog' })).toHaveCount(0);
  await page.goto(`${sites.hosts}spine.html`);
  await expect(count(page)).toHaveText(`${spine.procedures.length} procedures`);
  await expect(app(page).locator('.catalog-title')).toContainText(spine.title);
  expect(problems).toEqual([]);
});

test("the app's styles stay inside and the page's outside", async ({ page }) => {
  const outside = {
    h1: ['color', 'font-family', 'text-transform', 'margin-top'],
    '#to-notes': ['color', 'text-decoration-line'],
    '#host-button': ['background-color', 'border-top-style', 'border-top-color', 'padding-top', 'border-radius', 'cursor'],
    body: ['background-color', 'color', 'font-family', 'font-size', 'margin-left'],
    'nav ul': ['padding-left', 'list-style-type'],
  };
  const read = async (target, selectors, inApp) =>
    Object.fromEntries(await Promise.all(Object.entries(selectors).map(async ([s, p]) => [s, await styles(target, s, p, inApp)])));

  // The page without the app, then with it.
  await page.route('**/embed.js', (route) => route.abort());
  await page.goto(`${sites.hosts}spine.html`);
  const without = await read(page, outside, false);
  await page.unroute('**/embed.js');
  await page.goto(`${sites.hosts}spine.html`);
  await expect(count(page)).toHaveText(`${spine.procedures.length} procedures`);
  expect(await read(page, outside, false)).toEqual(without);

  // The app on the page looks as it does on its own page.
  const inside = {
    'article.card': ['border-top-style', 'border-top-color', 'border-top-width', 'box-sizing', 'font-family', 'letter-spacing', 'line-height'],
    '.card-title': ['color', 'font-family', 'text-transform'],
    '.card-title a': ['color'],
    '.star': ['background-color', 'border-top-style', 'padding-top'],
    '.chips': ['padding-left', 'list-style-type'],
    'input[type=search]': ['background-color', 'color'],
  };
  const embedded = await read(page, inside, true);
  await page.goto(sites.app);
  await expect(page.locator('article.card').first()).toBeVisible();
  const own = await page.evaluate((inside) => {
    const result = {};
    for (const [selector, properties] of Object.entries(inside)) {
      const computed = getComputedStyle(document.querySelector(selector));
      result[selector] = Object.fromEntries(properties.map((p) => [p, computed.getPropertyValue(p)]));
    }
    return result;
  }, inside);
  expect(embedded).toEqual(own);
  expect(embedded['.card-title'].color).not.toBe('rgb(128, 0, 128)');
});

test("a code chip opens its card in the catalog that answers it, inside the element, without touching the page's address", async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(`${sites.hosts}spine.html`);
  await expect(count(page)).toHaveText(`${spine.procedures.length} procedures`);
  const start = page.url();
  await app(page).getByRole('searchbox', { name: 'Search procedures' }).fill(SEED.title);
  const code = SEED.codes.find((c) => c.system === 'ICD-10-PCS');
  const link = app(page).locator('article.card').first().getByRole('link', { name: `Open ICD-10-PCS ${code.code} in its catalog` });
  // For a new tab, the link names the app's own page.
  await expect(link).toHaveAttribute('href', new URL(`?c=icd10pcs&code=ICD-10-PCS%3A${code.code}`, sites.app).href);
  await link.click();
  await expect(app(page).getByRole('dialog', { name: code.title })).toBeVisible({ timeout: 120_000 });
  expect(page.url()).toBe(start);
});
