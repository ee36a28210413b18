// Browsing as a user would: search, filter, open, go back, reload, share,
// compare, favourites, against the release build and the shipped catalog.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';

const spine = JSON.parse(readFileSync(new URL('../../../dist/catalogs/spine.json', import.meta.url)));
const TOTAL = spine.procedures.length;
const SEED = spine.procedures.find((p) => p.id === 'corpectomy-lateral-extracavitary-thoracic');

const count = (page) => page.getByRole('status').filter({ hasText: 'procedures' });
const cards = (page) => page.locator('article.card');
const search = (page) => page.getByRole('searchbox', { name: 'Search procedures' });
const indicationGroup = (page) => page.getByRole('group', { name: 'Indication' });
const indication = (page, label) => indicationGroup(page).getByRole('checkbox', { name: new RegExp(`^${label} \\(\\d+\\)$`) });

/** Shows every value of the indication facet (the first few show by default). */
async function expandIndications(page) {
  const more = indicationGroup(page).getByRole('button', { name: /^Show \d+ more$/ });
  if (await more.isVisible()) await more.click();
}

async function ready(page, path = './') {
  await page.goto(path);
  await expect(cards(page).first()).toBeVisible();
}

/**
 * Waits until the address records the view's state: the app writes it once
 * the change it records has been painted, so what the page shows then is
 * that state's.
 */
async function settled(page, pattern) {
  await expect(page).toHaveURL(pattern);
}

/** The leading number of the result count, e.g. 12 in "12 of 69 procedures". */
async function shown(page) {
  return Number((await count(page).textContent()).split(' ')[0]);
}

/** The number in a checkbox's accessible name, e.g. "Spinal metastasis (19)". */
async function countIn(checkbox) {
  const label = await checkbox.evaluate((el) => el.closest('label').textContent);
  return Number(label.match(/\((\d+)\)\s*$/)[1]);
}

test('search "corpectomy", tick an indication, watch the count change', async ({ page }) => {
  await ready(page);
  await expect(count(page)).toHaveText(`${TOTAL} procedures`);

  await search(page).fill('corpectomy');
  await expect(count(page)).toHaveText(/^\d+ of \d+ procedures$/);
  const afterSearch = await shown(page);
  expect(afterSearch).toBeGreaterThan(5);
  expect(afterSearch).toBeLessThan(TOTAL);
    await expect(page.locator('.cards > li').first()).toHaveAttribute('aria-setsize', String(afterSearch));
  // Positions follow the new order, not the old one.
  const positions = await page.locator('.cards > li').evaluateAll((items) => items.slice(0, 6).map((li) => li.getAttribute('aria-posinset')));
  expect(positions).toEqual(['1', '2', '3', '4', '5', '6']);
  // Matched words are highlighted in the cards.
  await expect(cards(page).first().locator('mark').first()).toHaveText(/corpectomy/i);

  const metastasis = indication(page, 'Spinal metastasis');
  const predicted = await countIn(metastasis);
  await metastasis.check();
  await expect(count(page)).toHaveText(`${predicted} of ${TOTAL} procedures`);
    await expect(page.locator('.cards > li').first()).toHaveAttribute('aria-setsize', String(predicted));
  // The chip for the selection is removable.
  await expect(page.getByRole('button', { name: 'Remove filter Indication: Spinal metastasis' })).toBeVisible();
  // Counts are disjunctive: another indication's count is what ticking it would add (OR).
  await expandIndications(page);
  const tb = indication(page, 'Spinal tuberculosis');
  const tbCount = await countIn(tb);
  await tb.check();
  await settled(page, /f\.indication=[^&]*spinal-tuberculosis/);
  const either = await shown(page);
  expect(either).toBeGreaterThanOrEqual(Math.max(predicted, tbCount));
  // "Match all selected" narrows to procedures with both.
  await page.getByRole('checkbox', { name: 'Match all selected' }).check();
  await settled(page, /[?&]all=1(&|$)/);
  const both = await shown(page);
  expect(both).toBeLessThanOrEqual(Math.min(predicted, tbCount));

  await page.getByRole('button', { name: 'Clear all filters' }).click();
  await expect(count(page)).toHaveText(`${TOTAL} procedures`);
  await expect(search(page)).toHaveValue('');
});

test('codes are found with or without the dot, and an exact code comes first', async ({ page }) => {
  await ready(page);
  await search(page).fill('63101');
  await expect(cards(page).first().getByRole('heading')).toHaveText(SEED.title);
  await expect(cards(page).first().locator('.code-chip.matched')).toContainText('63101');
    // C79.51 is linked to an indication: it finds every procedure with that indication.
  const linked = spine.facets[0].values.filter((v) => (v.codes ?? []).some((c) => c.code === 'C79.51')).map((v) => v.id);
  const withIt = spine.procedures.filter((p) => (p.facets.indication ?? []).some((v) => linked.includes(v))).length;
  for (const typed of ['C79.51', 'c7951', 'c79.51']) {
    await search(page).fill(typed);
    await expect(count(page)).toHaveText(`${withIt} of ${TOTAL} procedures`);
    await search(page).fill(`${typed} 63101`);
    await expect(count(page)).toHaveText(`1 of ${TOTAL} procedures`);
    await expect(cards(page).first().getByRole('heading')).toHaveText(SEED.title);
  }
});

test('open a card, go back, reload, share the URL', async ({ page, context }) => {
  await ready(page);
  await search(page).fill('corpectomy');
  await indication(page, 'Spinal metastasis').check();
  await settled(page, /[?&]q=corpectomy&f\.indication=spinal-metastasis$/);
  const listUrl = page.url();
  const listCount = await count(page).textContent();
  expect(listCount).toMatch(/^\d+ of \d+ procedures$/);

  await page.getByRole('link', { name: SEED.title, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: SEED.title });
  await expect(dialog).toBeVisible();
  await settled(page, new RegExp(`[?&]p=${SEED.id}(&|$)`));
  for (const section of ['Codes', 'Summary', 'Indications', 'Steps', 'Team', 'Billing', 'Add-ons and related procedures', 'Sources']) {
    await expect(dialog.getByRole('heading', { name: section, exact: true })).toBeVisible();
  }
  await expect(dialog).toContainText('C79.51');
  await expect(dialog).toContainText('Secondary malignant neoplasm of bone');
  await expect(dialog.getByRole('link', { name: /lateral extracavitary/i }).first()).toBeVisible();

  await page.goBack();
  await expect(dialog).toHaveCount(0);
  await expect(page).toHaveURL(listUrl);
  await expect(count(page)).toHaveText(listCount);

  await page.reload();
  await expect(cards(page).first()).toBeVisible();
  await expect(search(page)).toHaveValue('corpectomy');
  await expect(indication(page, 'Spinal metastasis')).toBeChecked();
  await expect(count(page)).toHaveText(listCount);

  // A shared link opens the same view in a fresh page.
  const other = await context.newPage();
  await other.goto(listUrl);
  await expect(count(other)).toHaveText(listCount);
  await expect(search(other)).toHaveValue('corpectomy');
});

test('Escape closes the detail and returns to the same scroll position', async ({ page }) => {
  await page.setViewportSize({ width: 1200, height: 700 });
  await ready(page);
    await page.evaluate(() => window.scrollTo(0, 1500));
  const target = cards(page).nth(4);
  await target.scrollIntoViewIfNeeded();
  const before = await page.evaluate(() => window.scrollY);
  expect(before).toBeGreaterThan(300);
  const link = target.getByRole('heading').getByRole('link');
  await link.click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(link).toBeFocused();
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(before);
});

test('a deep link opens the detail; closing it shows the list', async ({ page }) => {
  await page.goto(`./?p=${SEED.id}`);
  await expect(page.getByRole('dialog', { name: SEED.title })).toBeVisible();
  await page.getByRole('button', { name: '← Back to the list' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(count(page)).toHaveText(`${TOTAL} procedures`);
  await expect(page.getByRole('navigation', { name: 'Recently viewed' })).toContainText(SEED.title);
});

test('typing adds one history entry, not one per keystroke', async ({ page }) => {
  await ready(page);
  await search(page).pressSequentially('fusion', { delay: 30 });
  await expect(search(page)).toHaveValue('fusion');
  await expect(count(page)).toHaveText(/ of /);
  await page.goBack();
  await expect(search(page)).toHaveValue('');
  await expect(count(page)).toHaveText(`${TOTAL} procedures`);
  await page.goForward();
  await expect(search(page)).toHaveValue('fusion');
});

test('a card that stays in the results keeps its element and takes its new place', async ({ page }) => {
  await ready(page);
  // A procedure among the first cards, and one of its indications that an
  // earlier procedure lacks: ticking it moves the card up the list.
  const values = (p) => p.facets?.indication ?? [];
  const labels = new Map(spine.facets.find((f) => f.id === 'indication').values.map((v) => [v.id, v.label]));
  let pick = null;
  for (let i = 1; i < 6 && !pick; i += 1) {
    const value = values(spine.procedures[i]).find((v) => spine.procedures.slice(0, i).some((p) => !values(p).includes(v)));
    if (value) pick = { procedure: spine.procedures[i], value, before: spine.procedures.slice(0, i).filter((p) => values(p).includes(value)).length };
  }
  expect(pick, 'the catalog has a card that a filter moves up').not.toBeNull();
  const item = page.locator('.cards > li').filter({ has: page.locator(`[id="card-${pick.procedure.id}"]`) });
  await item.evaluate((li) => {
    window.keptCard = li;
  });
  await expandIndications(page);
  await indication(page, labels.get(pick.value)).check();
  await expect(count(page)).toHaveText(/ of /);
  await expect(item).toHaveAttribute('aria-posinset', String(pick.before + 1));
  // The same element, not a new one: the DOM work of a change is only the
  // cards that come and go.
  expect(await item.evaluate((li) => li === window.keptCard)).toBe(true);
});

test('the cards stay in the order of the results through searches, sorts and filters', async ({ page }) => {
  await ready(page);
  // A search ranks the results in another order than the catalog's, so
  // cards that stay change places among new ones: the list must still read
  // 1, 2, 3, … from top to bottom after every change.
  const inOrder = () =>
    page.locator('.cards > li').evaluateAll((items) => {
      const places = items.map((li) => Number(li.getAttribute('aria-posinset')));
      return places.length > 0 && places.every((p, k) => k === 0 || p === places[k - 1] + 1);
    });
  const sort = page.getByRole('combobox', { name: 'Sort by' });
  const steps = [
    () => search(page).fill('corpectomy'),
    () => search(page).fill('cervical'),
    () => sort.selectOption('title'),
    () => search(page).fill('fusion'),
    () => sort.selectOption('code'),
    () => search(page).fill('lumbar'),
    async () => {
      await expandIndications(page);
      await indicationGroup(page).getByRole('checkbox').first().check();
    },
    () => search(page).fill(''),
    () => sort.selectOption('relevance'),
  ];
  for (const [k, step] of steps.entries()) {
    await step();
    await expect.poll(inOrder, { message: `after step ${k + 1}` }).toBe(true);
  }
});

test('compare two procedures side by side', async ({ page }) => {
  await ready(page);
  const first = cards(page).nth(0);
  const second = cards(page).nth(1);
  const titles = [await first.getByRole('heading').textContent(), await second.getByRole('heading').textContent()];
  await first.getByRole('checkbox', { name: 'Compare' }).check();
  await second.getByRole('checkbox', { name: 'Compare' }).check();
  const tray = page.getByRole('complementary', { name: 'Comparison' });
  await expect(tray).toContainText('Compare (2 of 3)');
  await tray.getByRole('button', { name: 'Compare', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Compare procedures' });
  await expect(dialog).toBeVisible();
  for (const title of titles) await expect(dialog.getByRole('columnheader').getByRole('link', { name: title, exact: true })).toBeVisible();
  await expect(dialog.locator('tr.differs').first()).toBeVisible();
  await expect(dialog.getByRole('rowheader', { name: /Codes/ })).toBeVisible();
  await settled(page, /[?&]view=compare(&|$)/);
  await page.reload();
  await expect(page.getByRole('dialog', { name: 'Compare procedures' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(tray).toContainText('Compare (2 of 3)');
});

test('sort by title or code', async ({ page }) => {
  await ready(page);
  const byTitle = (titles) => [...titles].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }));
  const firstInOrder = (list, sorted) => list.length >= 10 && sorted.slice(0, 10).every((t, k) => t === list[k]);
  // The catalog's own order is neither, so each sort must move the cards.
  const catalogTitles = spine.procedures.map((p) => p.title);
  expect(firstInOrder(catalogTitles, byTitle(catalogTitles))).toBe(false);
  await page.getByRole('combobox', { name: 'Sort by' }).selectOption('title');
  await settled(page, /[?&]sort=title(&|$)/);
  const titles = () => cards(page).getByRole('heading').allTextContents();
  await expect.poll(async () => {
    const shownTitles = await titles();
    return firstInOrder(shownTitles, byTitle(shownTitles));
  }).toBe(true);
  await page.getByRole('combobox', { name: 'Sort by' }).selectOption('code');
  await settled(page, /[?&]sort=code(&|$)/);
  await expect.poll(async () => {
    const codes = await cards(page).locator('.code-chip:first-child .code-value').allTextContents();
    return firstInOrder(codes, [...codes].sort());
  }).toBe(true);
});

test('empty results offer ways out', async ({ page }) => {
  await ready(page);
  await expandIndications(page);
  await indication(page, 'Spinal tuberculosis').check();
  await search(page).fill('zzqqxx');
  await expect(page.getByText('No procedures match.')).toBeVisible();
  await expect(count(page)).toHaveText(`0 of ${TOTAL} procedures`);
  await page.getByRole('button', { name: 'Clear search' }).click();
  await expect(cards(page).first()).toBeVisible();
  await search(page).fill('zzqqxx');
  await page.getByRole('button', { name: 'Remove “Spinal tuberculosis”' }).click();
  await expect(indication(page, 'Spinal tuberculosis')).not.toBeChecked();
});

test('favourites survive a reload and can be the only results', async ({ page }) => {
  await ready(page);
  const card = cards(page).filter({ hasText: SEED.title });
  await card.getByRole('button', { name: `Favourite: ${SEED.title}` }).click();
  await expect(card.getByRole('button', { name: `Favourite: ${SEED.title}` })).toHaveAttribute('aria-pressed', 'true');
  await page.reload();
  await expect(cards(page).first()).toBeVisible();
  await page.getByRole('checkbox', { name: /^Favourites \(1\)$/ }).check();
  await expect(cards(page)).toHaveCount(1);
  await expect(count(page)).toHaveText(`1 of ${TOTAL} procedures`);
});

test('a long facet can be filtered and expanded', async ({ page }) => {
  await ready(page);
  const group = page.getByRole('group', { name: 'Indication' });
  const visible = await group.getByRole('checkbox').count();
  await group.getByRole('button', { name: /^Show \d+ more$/ }).click();
  await expect(group.getByRole('button', { name: /^Show \d+ more$/ })).toHaveCount(0);
  await expect.poll(() => group.getByRole('checkbox').count()).toBeGreaterThan(visible);
  await group.getByRole('searchbox', { name: 'Filter Indication values' }).fill('tuber');
  await expect(group.getByRole('checkbox', { name: /tuberculosis/i })).toHaveCount(1);
});

test('print shows only the open procedure', async ({ page }) => {
  await page.goto(`./?p=${SEED.id}`);
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.filters')).toBeHidden();
  await expect(page.locator('.site-header')).toBeHidden();
  await expect(page.getByRole('heading', { name: SEED.title, level: 2 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Print' })).toBeHidden();
});
