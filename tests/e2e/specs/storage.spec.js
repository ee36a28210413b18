// Favourites and history in localStorage: damaged or foreign contents, a
// full quota and storage that is not there at all never break the app or
// lose favourites; favourites the catalog no longer has stay, shown by id.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';

const spine = JSON.parse(readFileSync(new URL('../../../dist/catalogs/spine.json', import.meta.url)));
const TOTAL = spine.procedures.length;
const [SEED, OTHER] = spine.procedures;
const KEY = 'procedure-catalog:catalogs/spine.json';
const FAVOURITES = `${KEY}:favourites`;
const RECENT = `${KEY}:recent`;

const cards = (page) => page.locator('article.card');
const favouritesOnly = (page) => page.getByRole('checkbox', { name: /^Favourites \(\d+\)$/ });
const note = (page) => page.getByRole('note');
const star = (page, p) => page.getByRole('button', { name: `Favourite: ${p.title}`, exact: true });

function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
  page.on('dialog', (d) => errors.push(`dialog: ${d.message()}`));
  return errors;
}

/** Puts `entries` into localStorage before the app starts (first load only). */
async function seed(page, entries) {
  await page.addInitScript((entries) => {
    if (sessionStorage.getItem('seeded')) return;
    sessionStorage.setItem('seeded', '1');
    for (const [key, value] of Object.entries(entries)) localStorage.setItem(key, value);
  }, entries);
}

const stored = (page, key) => page.evaluate((key) => localStorage.getItem(key), key);

async function ready(page) {
  await page.goto('./');
  await expect(cards(page).first()).toBeVisible();
}

test('a list cut short keeps every id written in full, and the damaged original', async ({ page }) => {
  const errors = watchErrors(page);
  const damaged = `["${SEED.id}","gone-procedure","${OTHER.id.slice(0, 5)}`;
  await seed(page, { [FAVOURITES]: damaged, [RECENT]: '{"recent":"yes"}' });
  await ready(page);
  await expect(note(page)).toContainText('Stored favourites: stored data was damaged; 2 ids were recovered.');
  await expect(note(page)).toContainText('Stored history: stored data was not a list of procedure ids.');
  await expect(favouritesOnly(page)).toHaveAccessibleName('Favourites (2)');
  await expect(star(page, SEED)).toHaveAttribute('aria-pressed', 'true');
  // What could not be read is copied aside before anything overwrites it.
  expect(await stored(page, `${FAVOURITES}:unreadable`)).toBe(damaged);

  await star(page, OTHER).click();
  await expect.poll(async () => JSON.parse(await stored(page, FAVOURITES))).toEqual([SEED.id, 'gone-procedure', OTHER.id]);
  await page.reload();
  await expect(cards(page).first()).toBeVisible();
  await expect(note(page)).toHaveCount(0);
  await expect(favouritesOnly(page)).toHaveAccessibleName('Favourites (3)');
  expect(errors).toEqual([]);
});

test('foreign entries are dropped with a note, the ids among them kept', async ({ page }) => {
  const errors = watchErrors(page);
  await seed(page, { [FAVOURITES]: JSON.stringify([SEED.id, 42, null, { id: OTHER.id }, '  ', true]), [RECENT]: 'not json at all' });
  await ready(page);
  await expect(note(page)).toContainText('Stored favourites: 5 stored entries were not usable procedure ids and were dropped.');
  await expect(note(page)).toContainText('Stored history: stored data was damaged and could not be read.');
  await expect(favouritesOnly(page)).toHaveAccessibleName('Favourites (1)');
  await favouritesOnly(page).check();
  await expect(cards(page)).toHaveCount(1);
  await expect(cards(page).getByRole('heading')).toHaveText(SEED.title);
  expect(errors).toEqual([]);
});

test('a full quota keeps favourites for the visit and says so; stored ones stay', async ({ page }) => {
  const errors = watchErrors(page);
  await seed(page, { [FAVOURITES]: JSON.stringify([SEED.id]) });
  await page.addInitScript(() => {
    Storage.prototype.setItem = function setItem() {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await ready(page);
  await expect(favouritesOnly(page)).toHaveAccessibleName('Favourites (1)');
  await star(page, OTHER).click();
  await expect(star(page, OTHER)).toHaveAttribute('aria-pressed', 'true');
  await expect(note(page)).toHaveText('Favourites are kept for this visit only: the browser refused to store more data (storage full or blocked).');
  await favouritesOnly(page).check();
  await expect(cards(page)).toHaveCount(2);
  await expect.poll(async () => JSON.parse(await stored(page, FAVOURITES))).toEqual([SEED.id]);
  expect(errors).toEqual([]);
});

test('without storage (private mode) favourites work for the visit', async ({ page }) => {
  const errors = watchErrors(page);
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
  });
  await ready(page);
  await expect(note(page)).toHaveText('This browser keeps no local data here (private mode?); favourites last until the page closes.');
  await star(page, SEED).click();
  await page.getByRole('link', { name: OTHER.title, exact: true }).click();
  await expect(page.getByRole('dialog', { name: OTHER.title })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('navigation', { name: 'Recently viewed' })).toContainText(OTHER.title);
  await favouritesOnly(page).check();
  await expect(cards(page)).toHaveCount(1);
  await expect(note(page)).toHaveCount(1);
  expect(errors).toEqual([]);
});

test('a favourite the catalog no longer has is kept and shown by its id', async ({ page }) => {
  const errors = watchErrors(page);
  const hostileId = '<img src=x onerror=alert(1)>';
  await seed(page, { [FAVOURITES]: JSON.stringify(['gone-procedure', SEED.id, hostileId]) });
  await ready(page);
  await expect(note(page)).toHaveCount(0);
  await expect(favouritesOnly(page)).toHaveAccessibleName('Favourites (3)');
  // Not shown outside the favourites view.
  const missing = page.getByRole('region', { name: /no longer in this catalog/ });
  await expect(missing).toHaveCount(0);

  await favouritesOnly(page).check();
  await expect(cards(page)).toHaveCount(1);
  await expect(missing).toHaveAccessibleName('2 favourites are no longer in this catalog');
  await expect(missing.getByRole('listitem')).toHaveText([
    'gone-procedure — no longer in this catalog Remove from favourites',
    `${hostileId} — no longer in this catalog Remove from favourites`,
  ]);
  expect(await page.locator('img').count()).toBe(0);

  // Changing other favourites never prunes them.
  await star(page, SEED).click();
  await expect(page.getByText('No procedures match.')).toBeVisible();
  await expect.poll(async () => JSON.parse(await stored(page, FAVOURITES))).toEqual(['gone-procedure', hostileId]);
  await page.reload();
  await expect(missing).toHaveAccessibleName('2 favourites are no longer in this catalog');

  // The reader may remove one; focus moves to the next.
  await missing.getByRole('button', { name: 'Remove gone-procedure from favourites' }).click();
  await expect(missing).toHaveAccessibleName('1 favourite is no longer in this catalog');
  await expect(missing.getByRole('button', { name: `Remove ${hostileId} from favourites` })).toBeFocused();
  await expect.poll(async () => JSON.parse(await stored(page, FAVOURITES))).toEqual([hostileId]);
  expect(errors).toEqual([]);
});
