// A reader with only a keyboard: search, tick an indication, open a
// procedure and come back, pick two for comparison, compare, go back. After
// every key, focus is on a control that is on the page, on screen, not
// covered, and drawn with a visible focus indicator.
import { test, expect } from '@playwright/test';

/** What has focus, and whether a sighted keyboard user can see it. */
async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return { lost: true };
    const rect = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    // The middle of its first line box (a link may wrap onto two lines).
    const line = el.getClientRects()[0] ?? rect;
    const hit = document.elementFromPoint(line.left + line.width / 2, line.top + line.height / 2);
    const label = el.labels?.[0]?.textContent ?? el.getAttribute('aria-label') ?? el.textContent ?? '';
    return {
      lost: false,
      connected: el.isConnected,
      tag: el.localName,
      id: el.id,
      type: el.getAttribute('type'),
      checked: el.checked === true,
      text: label.replace(/\s+/g, ' ').trim(),
      inDialog: el.closest('[role=dialog]') !== null,
      focusVisible: el.matches(':focus-visible'),
      indicator: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none',
      onScreen: rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.right > 0 && rect.top < innerHeight && rect.left < innerWidth,
      // Nothing (the comparison tray, an overlay) covers it.
      uncovered: hit !== null && (hit === el || el.contains(hit) || hit.control === el),
      html: el.outerHTML.slice(0, 160),
      covering: hit?.outerHTML.slice(0, 160) ?? 'nothing',
    };
  });
}

/** Asserts that focus is meaningful and visible; returns what has it. */
async function expectVisibleFocus(page, step) {
  const f = await focused(page);
  expect(f.lost, `${step}: focus fell to the page`).toBe(false);
  const where = `${step}: ${f.html}`;
  expect(f.connected, `${where} is no longer on the page`).toBe(true);
  expect(f.onScreen, `${where} is off screen`).toBe(true);
  expect(f.uncovered, `${where} is covered by ${f.covering}`).toBe(true);
  expect(f.focusVisible, `${where} does not match :focus-visible`).toBe(true);
  expect(f.indicator, `${where} has no outline or shadow`).toBe(true);
  return f;
}

/**
 * Presses `key` and checks focus once the next frame has been drawn: what
 * the key changed is on screen then, and so is where focus went.
 */
async function press(page, key, step) {
  await page.keyboard.press(key);
  await page.evaluate(() => new Promise((drawn) => requestAnimationFrame(() => setTimeout(drawn, 0))));
  return expectVisibleFocus(page, `${step} (${key})`);
}

/** Tabs (or Shift+Tabs) until `wanted(focus)` holds, checking focus at every stop. */
async function tabUntil(page, wanted, step, { backwards = false, max = 150 } = {}) {
  for (let i = 0; i < max; i++) {
    const f = await press(page, backwards ? 'Shift+Tab' : 'Tab', step);
    if (wanted(f)) return f;
  }
  throw new Error(`${step}: not reached in ${max} presses`);
}

test('search, filter, open, compare and go back with the keyboard alone', async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('./');
  await expect(page.locator('article.card').first()).toBeVisible();
  const count = page.getByRole('status').filter({ hasText: 'procedures' });
  const total = await count.textContent();

  // The skip link leads straight to the search box.
  const skip = await press(page, 'Tab', 'skip link');
  expect(skip.text).toBe('Skip to results');
  expect((await press(page, 'Enter', 'skip to results')).id).toBe('search');
  await page.keyboard.type('corpectomy');
  expect((await expectVisibleFocus(page, 'typed a search')).id).toBe('search');
  await expect(count).toHaveText(/ of /);
  const searched = await count.textContent();

  // Back to the indications, tick one.
  const metastasis = await tabUntil(page, (f) => f.type === 'checkbox' && /^Spinal metastasis \(\d+\)$/.test(f.text), 'to an indication', { backwards: true });
  expect(metastasis.checked).toBe(false);
  const ticked = await press(page, 'Space', 'tick the indication');
  expect(ticked.checked).toBe(true);
  await expect(count).not.toHaveText(searched);

  // On to the first card, open it, come back.
  const link = await tabUntil(page, (f) => f.tag === 'a' && f.id.startsWith('open-'), 'to the first card');
  const opened = await press(page, 'Enter', 'open the card');
  expect(opened.id).toBe('detail-title');
  expect(opened.text).toBe(link.text);
  await expect(page.getByRole('dialog', { name: link.text })).toBeVisible();
  // Tab stays inside the open dialog: past its last control it comes
  // round to the first again, and Shift+Tab goes back round.
  const first = await press(page, 'Tab', 'inside the detail');
  expect(first.inDialog).toBe(true);
  let presses = 0;
  for (let f = null; f?.html !== first.html; presses++) {
    expect(presses, 'Tab never came round to the first control').toBeLessThan(300);
    f = await press(page, 'Tab', 'inside the detail');
    expect(f.inDialog, `Tab ${presses + 1} left the dialog: ${f.html}`).toBe(true);
  }
  for (let i = 0; i < 3; i++) {
    const f = await press(page, 'Shift+Tab', 'inside the detail');
    expect(f.inDialog, `Shift+Tab ${i + 1} left the dialog: ${f.html}`).toBe(true);
  }
  const back = await press(page, 'Escape', 'close the detail');
  expect(back.id).toBe(link.id);
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // Pick this card and the next for comparison.
  await tabUntil(page, (f) => f.type === 'checkbox' && f.text === 'Compare', 'to the first Compare box');
  expect((await press(page, 'Space', 'pick the first')).checked).toBe(true);
  const tray = page.getByRole('complementary', { name: 'Comparison' });
  await expect(tray).toContainText('Compare (1 of 3)');
  await tabUntil(page, (f) => f.type === 'checkbox' && f.text === 'Compare' && !f.checked, 'to the next Compare box');
  expect((await press(page, 'Space', 'pick the second')).checked).toBe(true);
  await expect(tray).toContainText('Compare (2 of 3)');

  // To the tray's button, compare, and go back.
  await tabUntil(page, (f) => f.id === 'compare-open', 'to the Compare button');
  const compared = await press(page, 'Enter', 'open the comparison');
  expect(compared.id).toBe('detail-title');
  await expect(page.getByRole('dialog', { name: 'Compare procedures' })).toBeVisible();
  const close = await press(page, 'Shift+Tab', 'to Back to the list');
  expect(close.text).toBe('← Back to the list');
  const returned = await press(page, 'Enter', 'back from the comparison');
  expect(returned.id).toBe('compare-open');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(count).not.toHaveText(total);
  await expect(page.getByRole('searchbox', { name: 'Search procedures' })).toHaveValue('corpectomy');
});

test('removing a filter chip or a compared procedure keeps focus nearby', async ({ page }) => {
  await page.goto('./?q=fusion&f.region=lumbar,cervical');
  await expect(page.locator('article.card').first()).toBeVisible();
  const chips = page.locator('.active-filters .chip.removable');
  await expect(chips).toHaveCount(2);
  await chips.first().focus();
  let f = await press(page, 'Enter', 'remove the first chip');
  expect(f.id).toBe('filter-chip-0');
  await expect(chips).toHaveCount(1);
  f = await press(page, 'Enter', 'remove the last chip');
  expect(f.id).toBe('clear-all');
  f = await press(page, 'Enter', 'clear all');
  expect(f.id).toBe('search');

  const cards = page.locator('article.card');
  for (const n of [0, 1, 2]) {
    await cards.nth(n).getByRole('checkbox', { name: 'Compare' }).focus();
    expect((await press(page, 'Space', `pick card ${n + 1}`)).checked).toBe(true);
  }
  // In the tray: the × that takes the removed one's place.
  await page.locator('#tray-remove-2').focus();
  f = await press(page, 'Enter', 'remove the last from the tray');
  expect(f.id).toBe('tray-remove-1');
  await cards.nth(2).getByRole('checkbox', { name: 'Compare' }).focus();
  await press(page, 'Space', 'pick card 3 again');
  await page.locator('#compare-open').focus();
  f = await press(page, 'Enter', 'open the comparison');
  expect(f.id).toBe('detail-title');
  await page.locator('#compare-remove-0').focus();
  f = await press(page, 'Enter', 'remove one from the comparison');
  expect(f.id).toBe('compare-remove-0');
  f = await press(page, 'Enter', 'remove another');
  expect(f.id).toBe('detail-title');
  await expect(page.getByRole('dialog', { name: 'Compare procedures' })).toContainText('Pick two or three procedures');
  // One procedure left: the Compare button is disabled, so focus goes to the search box.
  f = await press(page, 'Escape', 'close the comparison');
  expect(f.id).toBe('search');
});
