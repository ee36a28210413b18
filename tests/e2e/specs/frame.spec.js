// The app in another site's frame (`?embed=1`), served under the strict
// policy with the host's origin in frame-ancestors: no site header, the
// documented host snippet sizes the frame to its content, and the grid still
// renders only the rows in the host page's view.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { sites } from '../sites.js';
import { watchProblems } from '../watch.js';

const spine = JSON.parse(readFileSync(new URL('../../../dist/catalogs/spine.json', import.meta.url)));
const TOTAL = spine.procedures.length;
const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const host = readFileSync(new URL('../hosts/frame.html', import.meta.url), 'utf8');

/** The frame's height on the host page, and its content's height inside. */
async function heights(page, frame) {
  const outer = await page.locator('#procedure-catalog').evaluate((f) => f.getBoundingClientRect().height);
  const inner = await frame.evaluate(() => ({
    content: document.documentElement.getBoundingClientRect().height,
    scrollable: document.documentElement.scrollHeight - innerHeight,
  }));
  return { outer, ...inner };
}

test('the README documents the snippet the host page uses', () => {
  const snippet = host.match(/<!-- embed:frame -->\n([\s\S]*?)\n\s*<!-- \/embed:frame -->/)[1];
  const documented = snippet
    .replaceAll('%STRICT%', 'https://catalog.example.org/')
    .split('\n')
    .map((line) => line.replace(/^ {6}/, ''))
    .join('\n');
  expect(readme).toContain(documented);
});

test('framed: no header, sized to fit, windowed by the host page, no violation', async ({ page }) => {
  test.setTimeout(60_000);
  const problems = await watchProblems(page);
  await page.setViewportSize({ width: 1200, height: 800 });
  await page.goto(`${sites.hosts}frame.html`);
  const frame = page.frameLocator('#procedure-catalog');
  const status = frame.getByRole('status').filter({ hasText: 'procedures' });
  await expect(status).toHaveText(`${TOTAL} procedures`);
  const inside = page.frame({ url: /embed=1/ });
  await expect(frame.locator('.site-header')).toHaveCount(0);
  // Its one h1 names the app for readers that navigate by headings, without showing.
  await expect(frame.getByRole('heading', { level: 1 })).toHaveText('Procedure Catalog');
  await expect(frame.locator('h1.visually-hidden')).toHaveCount(1);

  // The host sized the frame to its content: no scrolling inside.
  await expect.poll(async () => (await heights(page, inside)).outer).toBeGreaterThan(3000);
  let h = await heights(page, inside);
  const full = h.outer;
  expect(Math.abs(h.outer - h.content)).toBeLessThanOrEqual(1);
  expect(h.scrollable).toBeLessThanOrEqual(0);

  // Only the rows in the host page's view are rendered, and scrolling the host page moves them.
  expect(await frame.locator('article.card').count()).toBeLessThan(TOTAL / 2);
  const last = spine.procedures[TOTAL - 1];
  await expect(frame.getByRole('heading', { name: last.title, exact: true })).toHaveCount(0);
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expect(frame.getByRole('heading', { name: last.title, exact: true })).toBeVisible();
  expect(await frame.locator('article.card').count()).toBeLessThan(TOTAL / 2);
  await page.evaluate(() => window.scrollTo(0, 0));

  // Fewer results, a shorter frame; the frame's address keeps embed=1.
  await frame.getByRole('searchbox', { name: 'Search procedures' }).fill('zzqqxx');
  await expect(frame.getByText('No procedures match.')).toBeVisible();
  await expect.poll(async () => (await heights(page, inside)).outer).toBeLessThan(full - 2000);
  h = await heights(page, inside);
  expect(Math.abs(h.outer - h.content)).toBeLessThanOrEqual(1);
  expect(await inside.evaluate(() => location.search)).toBe('?embed=1&q=zzqqxx');

  // The detail takes the list's place inside the frame, which fits it too.
  await frame.getByRole('button', { name: 'Clear search' }).click();
  await frame.locator('article.card').first().getByRole('heading').getByRole('link').click();
  const dialog = frame.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(frame.locator('.layout')).toBeHidden();
  await expect.poll(async () => {
    const now = await heights(page, inside);
    return Math.abs(now.outer - now.content) <= 1 && now.scrollable <= 0;
  }).toBe(true);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  expect(problems).toEqual([]);
});
