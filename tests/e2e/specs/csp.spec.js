// The release build under a strict Content-Security-Policy (no inline
// scripts or styles, WebAssembly allowed, nothing from other origins), as
// sites.js's STRICT_CSP sets it: every feature runs without a violation.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { sites, STRICT_CSP } from '../sites.js';
import { watchProblems } from '../watch.js';

const spine = JSON.parse(readFileSync(new URL('../../../dist/catalogs/spine.json', import.meta.url)));
const TOTAL = spine.procedures.length;

// The service worker's registration is part of what the policy must allow.
test.use({ serviceWorkers: 'allow' });

const count = (page) => page.getByRole('status').filter({ hasText: 'procedures' });

test('the page is served with the policy, and a violation is caught', async ({ page }) => {
  const problems = await watchProblems(page);
  const answer = await page.goto(sites.strict);
  expect(answer.headers()['content-security-policy']).toBe(STRICT_CSP);
  await expect(page.locator('article.card').first()).toBeVisible();
  expect(problems).toEqual([]);
  // An inline style is refused, and the watcher reports it.
  await page.evaluate(() => {
    const style = document.createElement('style');
    style.textContent = 'body { outline: 1px solid red; }';
    document.head.append(style);
  });
  await expect.poll(() => problems.join('\n')).toMatch(/style-src/);
});

test('browsing, comparing, scrolling and going offline-ready raise no violation', async ({ page }) => {
  test.setTimeout(60_000);
  const problems = await watchProblems(page);
  await page.goto(sites.strict);
  await expect(count(page)).toHaveText(`${TOTAL} procedures`);
  // The app's stylesheet applies (a blocked stylesheet would leave the page unstyled).
  expect(await page.evaluate(() => getComputedStyle(document.querySelector('.card')).borderTopStyle)).toBe('solid');

  await page.getByRole('searchbox', { name: 'Search procedures' }).fill('corpectomy');
  await expect(count(page)).toHaveText(/^\d+ of \d+ procedures$/);
  await page.getByRole('group', { name: 'Indication' }).getByRole('checkbox').first().check();
  await page.getByRole('button', { name: 'Clear all filters' }).click();
  await expect(count(page)).toHaveText(`${TOTAL} procedures`);
  // Clearing moves focus to the search box, which scrolls it into view:
  // scroll only once that has happened.
  await expect(page.getByRole('searchbox', { name: 'Search procedures' })).toBeFocused();

  // The windowed grid moves its rows with style properties as the page scrolls.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const last = spine.procedures[TOTAL - 1];
  await expect(page.getByRole('heading', { name: last.title, exact: true })).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, 0));

  await page.locator('article.card').first().getByRole('heading').getByRole('link').click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await page.locator('article.card').nth(0).getByRole('checkbox', { name: 'Compare' }).check();
  await page.locator('article.card').nth(1).getByRole('checkbox', { name: 'Compare' }).check();
  await page.getByRole('complementary', { name: 'Comparison' }).getByRole('button', { name: 'Compare', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Compare procedures' })).toBeVisible();

  // The service worker registers and takes over (the policy allows it as a script of the site).
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(scope).toBe(sites.strict);
  await page.reload();
  await expect(page.getByRole('dialog', { name: 'Compare procedures' })).toBeVisible();
  expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);

  // The web app manifest and its icons are allowed too.
  const manifest = await page.evaluate(async () => (await fetch(document.querySelector('link[rel=manifest]').href)).json());
  expect(manifest.icons.length).toBeGreaterThan(0);
  expect(problems).toEqual([]);
});
