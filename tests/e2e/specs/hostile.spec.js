// Catalog text is only ever text: a catalog (tests/fixtures/hostile.json)
// and a manifest with HTML, script and event-handler payloads in every text
// field, plus hostile values in the address bar, render as visible text;
// nothing is injected, nothing runs, and only http(s) sources become links.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';

const hostile = JSON.parse(readFileSync(new URL('../../fixtures/hostile.json', import.meta.url)));
const indexHtml = readFileSync(new URL('../../../dist/index.html', import.meta.url), 'utf8');
const APP_SCRIPTS = (indexHtml.match(/<script\b/g) ?? []).length;
const VALID_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const procedures = hostile.procedures.filter((p) => VALID_ID.test(p.id));
const left_out = hostile.procedures.filter((p) => !VALID_ID.test(p.id));
const manifest = {
  default: 'hostile',
  catalogs: [
    { id: 'hostile', title: 'Manifest title <img src=x onerror=alert(1)>', url: 'catalogs/spine.json', description: 'Manifest description <script>alert(1)</script>' },
    { id: 'other', title: 'Other catalog "><svg onload=alert(1)>', url: 'catalogs/other.json', description: 'Other description' },
  ],
};

const facetLabel = (facet, value) => hostile.facets.find((f) => f.id === facet)?.values.find((v) => v.id === value)?.label;
const goodSources = hostile.sources.filter((s) => /^https?:\/\//.test(s.url ?? ''));

/** Every piece of catalog text the detail view of `p` shows. */
function detailTexts(p) {
  const texts = [p.title, ...(p.aliases ?? []), p.summary];
  texts.push(...p.codes.filter((c) => c.title).map((c) => c.title));
  for (const [facet, values] of Object.entries(p.facets)) {
    texts.push(hostile.facets.find((f) => f.id === facet).label, ...values.map((v) => facetLabel(facet, v)));
  }
  for (const value of hostile.facets[0].values.filter((v) => p.facets.indication?.includes(v.id))) {
    texts.push(...(value.codes ?? []).filter((c) => c.title).map((c) => c.title));
  }
  for (const step of p.steps ?? []) texts.push(step.title, step.detail);
  for (const role of p.team?.roles ?? []) texts.push(role.role, role.specialty, role.does);
  if (p.team?.co_surgery) texts.push(p.team.co_surgery);
  for (const m of p.billing?.modifiers ?? []) texts.push(m.name, m.when);
  texts.push(...(p.billing?.notes ?? []), ...(p.contraindications ?? []), ...(p.risks ?? []));
  for (const r of p.related ?? []) if (r.note) texts.push(r.note);
  for (const u of p.unverified ?? []) texts.push(u.note);
  for (const s of goodSources.filter((s) => p.sources.includes(s.id))) texts.push(s.title, s.publisher);
  texts.push(...hostile.notices);
  return texts;
}

/** Records dialogs (alert, confirm, prompt), uncaught errors and console errors. */
function watch(page) {
  const seen = [];
  page.on('dialog', (dialog) => {
    seen.push(`dialog: ${dialog.type()} ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  page.on('pageerror', (e) => seen.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && seen.push(`console: ${m.text()}`));
  return seen;
}

async function serveHostile(page) {
  await page.route('**/catalogs/manifest.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(manifest) }));
  await page.route('**/catalogs/spine.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(hostile) }));
}

/** Asserts that the page holds no element or attribute the catalog could have injected. */
async function expectNothingInjected(page, seen) {
  const found = await page.evaluate(() => {
    const all = [...document.querySelectorAll('*')];
    return {
      bodyScripts: document.querySelectorAll('body script').length,
      scripts: document.scripts.length,
      images: document.querySelectorAll('img').length,
      svgs: document.querySelectorAll('svg').length,
      frames: document.querySelectorAll('iframe, frame, object, embed').length,
      styles: document.querySelectorAll('style').length,
      handlers: all.flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `<${e.localName} ${a.name}>`)),
      srcdoc: all.filter((e) => e.hasAttribute('srcdoc')).length,
      scriptUrls: all
        .flatMap((e) => ['href', 'src', 'action', 'formaction', 'xlink:href'].map((n) => e.getAttribute(n)))
        .filter((v) => v !== null && /^\s*(javascript|data|vbscript):/i.test(v)),
      // Links may only go to a procedure of the app (?p=…), a place on the page (#…) or the web.
      strangeLinks: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')).filter((h) => !/^(\?|#|https?:\/\/)/.test(h)),
      externalWithoutRel: [...document.querySelectorAll('a[href^="http"]')]
        .filter((a) => !/\bnoopener\b/.test(a.rel) || !/\bnoreferrer\b/.test(a.rel))
        .map((a) => a.outerHTML),
    };
  });
  expect(found).toEqual({
    bodyScripts: 0,
    scripts: APP_SCRIPTS,
    images: 0,
    svgs: 0,
    frames: 0,
    styles: 0,
    handlers: [],
    srcdoc: 0,
    scriptUrls: [],
    strangeLinks: [],
    externalWithoutRel: [],
  });
  expect(seen).toEqual([]);
}

test('the list shows every hostile text as text', async ({ page }) => {
  const seen = watch(page);
  await serveHostile(page);
  await page.goto('./');
  await expect(page.locator('article.card')).toHaveCount(procedures.length);

  await expect(page.locator('.catalog-title')).toContainText(hostile.title);
  for (const text of [hostile.publisher, hostile.catalog_version]) await expect(page.locator('.catalog-meta')).toContainText(text);
  for (const notice of hostile.notices) await expect(page.locator('footer.notices')).toContainText(notice);
  for (const catalog of manifest.catalogs) await expect(page.getByRole('combobox', { name: 'Catalog' }).locator('option', { hasText: catalog.title })).toHaveCount(1);
  await expect(page.locator('.catalog-description')).toHaveText(manifest.catalogs[0].description);
  for (const facet of hostile.facets) {
    const group = page.getByRole('group', { name: facet.label });
    await expect(group.locator('legend')).toHaveText(facet.label);
    for (const value of facet.values) await expect(group.locator('.value-label', { hasText: value.label })).toHaveText(value.label);
  }
  for (const p of procedures) {
    const card = page.locator('article.card').filter({ has: page.getByRole('heading', { name: p.title, exact: true }) });
    await expect(card).toHaveCount(1);
    await expect(card.locator('.summary')).toHaveText(p.summary);
    await expect(card.getByRole('button', { name: `Favourite: ${p.title}` })).toBeVisible();
    for (const value of p.facets.indication.slice(0, 3)) await expect(card.locator('.chip', { hasText: facetLabel('indication', value) })).toBeVisible();
  }

  // The procedure with a hostile id is left out, and the problems say so in words.
  const panel = page.getByRole('region', { name: 'Problems in this catalog' });
  await panel.getByText('Show the problems').click();
  for (const p of left_out) await expect(panel).toContainText(`procedure id \`${p.id}\` must be lowercase`);
  await expect(panel).toContainText('`javascript:alert(1)` is not an http or https address');
  await expectNothingInjected(page, seen);
});

test('every detail view shows its hostile text as text, and only web links', async ({ page }) => {
  const seen = watch(page);
  await serveHostile(page);
  await page.goto('./');
  for (const p of procedures) {
    await page.getByRole('link', { name: p.title, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: p.title });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('heading', { level: 2 })).toHaveText(p.title);
    for (const text of detailTexts(p)) await expect(dialog).toContainText(text);
    // The cited http(s) source is a link that opens safely; the javascript: one is never shown.
    for (const source of goodSources) {
      const link = dialog.getByRole('link', { name: source.title, exact: true });
      await expect(link).toHaveAttribute('href', source.url);
      await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
      await expect(link).toHaveAttribute('target', '_blank');
    }
    for (const source of hostile.sources.filter((s) => !goodSources.includes(s))) await expect(dialog).not.toContainText(source.title);
    await expectNothingInjected(page, seen);
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
  }
});

test('comparing hostile procedures shows their text as text', async ({ page }) => {
  const seen = watch(page);
  await serveHostile(page);
  await page.goto(`./?cmp=${procedures.map((p) => p.id).join(',')}&view=compare`);
  const dialog = page.getByRole('dialog', { name: 'Compare procedures' });
  await expect(dialog).toBeVisible();
  for (const p of procedures) {
    await expect(dialog.getByRole('columnheader').getByRole('link', { name: p.title, exact: true })).toBeVisible();
    for (const role of p.team.roles) await expect(dialog).toContainText(`${role.role} (${role.specialty})`);
  }
  for (const facet of hostile.facets) await expect(dialog.getByRole('rowheader', { name: facet.label })).toBeVisible();
  await expect(dialog).toContainText(procedures[1].title); // the add-on row names it
  const tray = page.getByRole('complementary', { name: 'Comparison' });
  for (const p of procedures) await expect(tray).toContainText(p.title);
  await expectNothingInjected(page, seen);
});

for (const word of ['script', 'img', 'onerror', 'alert', 'svg']) {
  test(`highlighting a search for "${word}" keeps the text as text`, async ({ page }) => {
    const seen = watch(page);
    await serveHostile(page);
    await page.goto('./');
    await page.getByRole('searchbox', { name: 'Search procedures' }).fill(word);
    const cards = page.locator('article.card');
    await expect(cards.first()).toBeVisible();
    await expect(cards.first().locator('mark').first()).toHaveText(new RegExp(word, 'i'));
    for (const card of await cards.all()) {
      const title = await card.getByRole('heading').textContent();
      const p = procedures.find((q) => q.title === title);
      expect(p, `a card titled ${title}`).toBeTruthy();
      // Split into marked runs, the summary still reads exactly as written.
      await expect(card.locator('.summary')).toHaveText(p.summary);
      if (p.summary.toLowerCase().includes(word)) expect(await card.locator('.summary mark').count()).toBeGreaterThan(0);
    }
    await expectNothingInjected(page, seen);
  });
}

test('hostile values in the address bar and the search box stay text', async ({ page }) => {
  const seen = watch(page);
  await serveHostile(page);
  const img = '<img src=x onerror=alert(1)>';
  const svg = '"><svg onload=alert(1)>';
  await page.goto(`./?q=${encodeURIComponent(svg)}&f.indication=${encodeURIComponent(img)}&cmp=${encodeURIComponent(img)},hostile-one`);
  await expect(page.getByRole('searchbox', { name: 'Search procedures' })).toHaveValue(svg);
  await expect(page.getByRole('button', { name: `Remove filter ${hostile.facets[0].label}: ${img}` })).toBeVisible();
  await expect(page.getByRole('complementary', { name: 'Comparison' })).toContainText(img);
  await expectNothingInjected(page, seen);

  await page.goto(`./?p=${encodeURIComponent('<script>alert(1)</script>')}`);
  await expect(page.getByRole('dialog', { name: 'Procedure not found' })).toContainText('<script>alert(1)</script>');
  await expectNothingInjected(page, seen);

  await page.goto('./');
  await page.getByRole('searchbox', { name: 'Search procedures' }).fill(`${img} ${svg}`);
  await expect(page.getByRole('status').filter({ hasText: 'procedures' })).toHaveText(/ of /);
  await expectNothingInjected(page, seen);
});
