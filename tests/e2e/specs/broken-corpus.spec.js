// The corpus of broken catalogs (tests/fixtures/broken/, and the big ones
// made here) served in place of the bundled catalog. For each, the app says
// what is wrong and where: an alert when nothing can be read, the problems
// panel when some of it can. It shows every valid procedure, never a blank
// page, and never an uncaught error or a panic (a wasm panic surfaces as
// "RuntimeError: unreachable").
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { createReadStream, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const fixture = (name) => readFileSync(new URL(`../../fixtures/broken/${name}`, import.meta.url));
const example = JSON.parse(readFileSync(new URL('../../fixtures/example.json', import.meta.url)));

/** Uncaught errors, console errors and crashes of the page. */
function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
  page.on('crash', () => errors.push('the page crashed'));
  return errors;
}

/** Opens the app with `body` (bytes or text) as its catalog. */
async function open(page, body) {
  const errors = watchErrors(page);
  await page.route('**/catalogs/spine.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body }));
  await page.goto('./');
  return errors;
}

/** The page shows something: an alert or a catalog, never nothing. */
async function expectNotBlank(page) {
  await expect(page.locator('main')).toBeVisible();
  expect((await page.locator('main').innerText()).trim()).not.toBe('');
}

/** Nothing loads: the alert gives the address and `message`, and no card is shown. */
async function expectFatal(page, errors, message) {
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The catalog could not be loaded');
  const url = new URL('catalogs/spine.json', page.url()).href;
  await expect(alert.locator('.load-failure-message')).toHaveText(`The catalog at ${url} cannot be read: ${message}.`);
  await expect(page.locator('article.card')).toHaveCount(0);
  await expectNotBlank(page);
  expect(errors).toEqual([]);
}

/**
 * Part of it loads: the procedures at the indexes in `kept` are shown and the
 * others are not; the problems panel has `summary` and exactly `problems`.
 */
async function expectPartial(page, errors, { procedures, kept, summary, problems }) {
  const status = page.getByRole('status').filter({ hasText: /^\d+ procedures?$/ });
  await expect(status).toHaveText(kept.length === 1 ? '1 procedure' : `${kept.length} procedures`);
  for (const [i, p] of procedures.entries()) {
    const heading = page.getByRole('heading', { name: String(p.title), exact: true });
    if (kept.includes(i)) {
      await expect(heading).toBeVisible();
    } else {
      await expect(heading).toHaveCount(0);
    }
  }
  const panel = page.getByRole('region', { name: 'Problems in this catalog' });
  if (problems.length === 0) {
    await expect(panel).toHaveCount(0);
  } else {
    await expect(panel.locator('p').first()).toHaveText(summary);
    await panel.getByText('Show the problems').click();
    const shown = await panel.locator('li').allTextContents();
    expect([...shown].sort()).toEqual([...problems].sort());
  }
  await expectNotBlank(page);
  expect(errors).toEqual([]);
}

const CORPECTOMY = 'corpectomy-thoracic-example';
const ADD_ON = 'corpectomy-additional-segment-example';
const LAMINECTOMY = 'laminectomy-lumbar-example';
const DISCECTOMY = 'discectomy-lumbar-example';
const P1 = `procedure \`${ADD_ON}\`: procedures[1]`;

const partial = {
  'wrong-types.json': {
    kept: [0, 2],
    summary: 'This catalog has 4 errors and 0 warnings; 2 procedures were left out.',
    problems: [
      'error: catalog_version: invalid type: floating point `2026.1`, expected a string',
      `error: ${P1}.billing.add_on: invalid type: string "yes", expected a boolean`,
      `error: ${P1}.title: invalid type: integer \`42\`, expected a string`,
      `error: procedure \`${DISCECTOMY}\`: procedures[3].codes: invalid type: map, expected a sequence`,
      // Nothing about primary procedures: `add_on` could not be read.
    ],
  },
  'missing-fields.json': {
    kept: [2],
    summary: 'This catalog has 4 errors and 0 warnings; 3 procedures were left out.',
    problems: [
      'error: publisher: missing required field `publisher`',
      `error: procedure \`${CORPECTOMY}\`: procedures[0].team.roles[1].specialty: missing required field \`specialty\``,
      `error: ${P1}.summary: missing required field \`summary\``,
      'error: procedures[3].id: missing required field `id`',
    ],
  },
  'duplicate-ids.json': {
    kept: [0, 1, 2],
    summary: 'This catalog has 3 errors and 0 warnings; 1 procedure was left out.',
    problems: [
      'error: sources[1].id: source id `cms-icd10pcs` is used twice; give each source its own id',
      `error: procedure \`${LAMINECTOMY}\`: procedures[3].id: procedure id \`${LAMINECTOMY}\` is used by an earlier procedure; ids must be unique`,
      `error: procedure \`${LAMINECTOMY}\`: procedures[3].related[0].id: a procedure cannot be related to itself`,
    ],
  },
  'dangling-related.json': {
    kept: [0, 2],
    summary: 'This catalog has 2 errors and 0 warnings; 2 procedures were left out.',
    problems: [
      `error: ${P1}.billing.primary_procedures[0]: primary procedure \`corpectomy-thoracic-missing\` is not in this catalog`,
      `error: procedure \`${DISCECTOMY}\`: procedures[3].related[0].id: related procedure \`laminectomy-lumbr-example\` is not in this catalog; did you mean \`${LAMINECTOMY}\`?`,
    ],
  },
  'unknown-facet-values.json': {
    kept: [0, 1],
    summary: 'This catalog has 3 errors and 0 warnings; 2 procedures were left out.',
    problems: [
      `error: procedure \`${LAMINECTOMY}\`: procedures[2].facets.region[1]: unknown region \`sacral\`; use a value declared in facet \`region\``,
      `error: procedure \`${DISCECTOMY}\`: procedures[3].facets.indication[0]: unknown indication \`spinal-metastasys\`; did you mean \`spinal-metastasis\`?; use a value declared in facet \`indication\``,
      `error: procedure \`${DISCECTOMY}\`: procedures[3].facets.regoin: unknown facet \`regoin\`; did you mean \`region\`?; declare it under \`facets\` or remove it here`,
    ],
  },
  // The app checks code shapes only; the code set check is the tool's.
  'invalid-codes.json': {
    kept: [1, 3],
    summary: 'This catalog has 3 errors and 0 warnings; 2 procedures were left out.',
    problems: [
      'error: facets[0].values[0].codes[0].code: `C7951` is not a valid ICD-10-CM code: expected a letter, a digit, a character, then a dot and up to four more (e.g. `C79.51`); did you mean `C79.51`?',
      `error: procedure \`${CORPECTOMY}\`: procedures[0].codes[1].code: \`0pb40zz\` is not a valid ICD-10-PCS code: expected seven digits or capital letters, no I or O (e.g. \`0PB40ZZ\`); did you mean \`0PB40ZZ\`?`,
      `error: procedure \`${LAMINECTOMY}\`: procedures[2].codes[0].code: \`6304\` is not a valid CPT code: expected five characters: four digits then a digit, F, T or U (e.g. \`63101\`)`,
    ],
  },
  'bom.json': {
    kept: [0, 1, 2, 3],
    summary: 'This catalog has 0 errors and 1 warning; 0 procedures were left out.',
    problems: ['warning: the file starts with a byte-order mark; it was ignored, but save the file as UTF-8 without BOM'],
  },
};

for (const [name, expected] of Object.entries(partial)) {
  test(`${name}: every valid procedure is shown and each problem names its place`, async ({ page }) => {
    const bytes = fixture(name);
    const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
    const errors = await open(page, bytes);
    await expectPartial(page, errors, { procedures: JSON.parse(text).procedures, ...expected });
  });
}

test('zero-procedures.json: an empty catalog shows its title and no cards', async ({ page }) => {
  const errors = await open(page, fixture('zero-procedures.json'));
  await expect(page.getByRole('status').filter({ hasText: 'procedures' })).toHaveText('0 procedures');
  await expect(page.locator('.catalog-title')).toContainText('Example spine catalog');
  await expect(page.getByText('This catalog has no procedures.')).toBeVisible();
  await expect(page.getByText('No procedures match.')).toHaveCount(0);
  await expect(page.locator('article.card')).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Problems in this catalog' })).toHaveCount(0);
  await expectNotBlank(page);
  expect(errors).toEqual([]);
});

test('truncated.json: names the line and column where the file ends', async ({ page }) => {
  const text = fixture('truncated.json').toString('utf8');
  const line = text.split('\n').length;
  const column = text.length - text.lastIndexOf('\n') - 1;
  const errors = await open(page, text);
  await expectFatal(page, errors, `line ${line}, column ${column}: not valid JSON: EOF while parsing a string; fix the JSON syntax there (a JSON linter or editor shows the spot)`);
});

test('invalid-utf8.json: names the line and byte of the first bad byte', async ({ page }) => {
  const bytes = fixture('invalid-utf8.json');
  const offset = bytes.indexOf(0xe9);
  const line = bytes.subarray(0, offset).toString('latin1').split('\n').length;
  const errors = await open(page, bytes);
  await expectFatal(page, errors, `line ${line} (byte ${offset}): the file is not UTF-8 text; save it as UTF-8 and try again`);
});

test('empty.json: says what a catalog must hold', async ({ page }) => {
  const errors = await open(page, fixture('empty.json'));
  await expectFatal(page, errors, 'the catalog file is empty; it must hold a JSON object with `format_version`, `title`, `facets` and `procedures`');
});

/** The example catalog, pretty-printed, with `nested` inserted before the first procedure's `risks`. */
function withNesting(levels) {
  const text = JSON.stringify(example, null, 2);
  const at = text.indexOf('"risks"');
  const inserted = `"nested": ${'['.repeat(levels)}${']'.repeat(levels)},\n      `;
  return { text: text.slice(0, at) + inserted + text.slice(at), at, original: text };
}

test('deep nesting: as deep as the parser reads is a field error, deeper stops with its place', async ({ page }) => {
  // The catalog, the list and the procedure hold three levels; 124 more make 127.
  const { text } = withNesting(124);
  const errors = await open(page, text);
  await expectPartial(page, errors, {
    procedures: example.procedures,
    kept: [1],
    summary: 'This catalog has 1 error and 0 warnings; 1 procedure was left out.',
    problems: [
      `error: procedure \`${CORPECTOMY}\`: procedures[0].nested: unknown field \`nested\`; allowed fields: id, title, aliases, codes, summary, facets, steps, team, billing, related, contraindications, risks, sources, notes, reviewed, unverified`,
    ],
  });
});

test('deep nesting: a million levels stop the load at the level too many', async ({ page }) => {
  const { text, at, original } = withNesting(1_000_000);
  const line = original.slice(0, at).split('\n').length;
  const column = at - original.lastIndexOf('\n', at - 1) + '"nested": '.length + 127 - 3;
  const errors = await open(page, text);
  await expectFatal(page, errors, `line ${line}, column ${column}: lists and objects are nested more than 127 levels deep, more than this app reads (a catalog needs 7 at most); remove the extra nesting there`);
});

const TEN_MB = 10 * 1024 * 1024;

/** What a problem shows of a long quoted text: its start and its length. */
const shown = (text) => `${text.slice(0, 100)}… (${text.length} characters)`;

test('a 10 MB summary is shown', async ({ page }) => {
  const catalog = structuredClone(example);
  const summary = 'Text pasted many times over. '.repeat(Math.ceil(TEN_MB / 29));
  catalog.procedures[1].summary = summary;
  const errors = await open(page, JSON.stringify(catalog));
  const started = Date.now();
  await expect(page.getByRole('status').filter({ hasText: 'procedures' })).toHaveText('2 procedures', { timeout: 60_000 });
  console.log(`10 MB summary shown after ${(Date.now() - started) / 1000} s`);
  await expect(page.getByRole('heading', { name: catalog.procedures[1].title, exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Problems in this catalog' })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('10 MB strings in the wrong places are named briefly', async ({ page }) => {
  const big = 'x'.repeat(TEN_MB);
  const catalog = structuredClone(example);
  catalog.procedures[0].facets.region = [big];
  catalog.procedures.push({ ...structuredClone(example.procedures[1]), id: `X${big}` });
  const copy = structuredClone(example.procedures[1]);
  copy.id = 'add-on-copy';
  copy.title = 'A copy of the add-on';
  copy.billing.add_on = big;
  catalog.procedures.push(copy);
  const errors = await open(page, JSON.stringify(catalog));
  const id = `X${big}`;
  await expectPartial(page, errors, {
    // Not the copy with the long id: it has the add-on's title.
    procedures: [catalog.procedures[0], catalog.procedures[1], copy],
    kept: [1],
    summary: 'This catalog has 3 errors and 0 warnings; 3 procedures were left out.',
    problems: [
      `error: procedure \`${CORPECTOMY}\`: procedures[0].facets.region[0]: unknown region \`${shown(big)}\`; use a value declared in facet \`region\``,
      `error: procedure \`${shown(id)}\`: procedures[2].id: procedure id \`${shown(id)}\` must be lowercase letters, digits and single hyphens; did you mean \`${shown(id.toLowerCase())}\`?`,
      `error: procedure \`add-on-copy\`: procedures[3].billing.add_on: invalid type: string "${shown(big)}", expected a boolean`,
    ],
  });
});

test('a key spelled like a list item and a multibyte code are named, not a crash', async ({ page }) => {
  const catalog = structuredClone(example);
  catalog['procedures[5]'] = '';
  catalog.procedures[1].codes = [{ system: 'ICD-10-CM', code: 'a€1' }];
  const errors = await open(page, JSON.stringify(catalog));
  await expectPartial(page, errors, {
    procedures: example.procedures,
    kept: [0],
    summary: 'This catalog has 3 errors and 0 warnings; 1 procedure was left out.',
    problems: [
      'error: procedures[5]: unknown field `procedures[5]`; did you mean `procedures`?',
      'error: procedures[5]: text is empty; write it or remove the field',
      `error: ${P1}.codes[0].code: \`a€1\` is not a valid ICD-10-CM code: expected a letter, a digit, a character, then a dot and up to four more (e.g. \`C79.51\`)`,
    ],
  });
});

test('300,000 procedures all load', async ({ page }) => {
  test.setTimeout(8 * 60_000);
  const count = 300_000;
  const file = join(tmpdir(), `catalog-corpus-${process.pid}-300k.json`);
  // The release `catalog` tool is built with the app (the build's ICD-10-PCS hook).
  execFileSync('cargo', ['run', '--quiet', '--release', '--bin', 'catalog', '--', 'generate', '--count', String(count), '--seed', '1', '--out', file], { cwd: root, stdio: 'ignore' });
  const size = statSync(file).size;
  // Too big to hand over through the browser's debugging protocol: a server
  // of its own streams it, and the request for the bundled catalog goes there.
  const server = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': size });
    createReadStream(file).pipe(response);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const errors = watchErrors(page);
    await page.route('**/catalogs/spine.json', (route) => route.continue({ url: `http://127.0.0.1:${server.address().port}/catalog.json` }));
    const started = Date.now();
    await page.goto('./');
    const status = page.getByRole('status').filter({ hasText: 'procedures' });
    await expect(status).toHaveText(`${count.toLocaleString('en-US')} procedures`, { timeout: 5 * 60_000 });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    test.info().annotations.push({ type: 'time', description: `${count} procedures (${Math.round(size / 2 ** 20)} MB) shown after ${seconds} s` });
    console.log(`${count} procedures (${Math.round(size / 2 ** 20)} MB) shown after ${seconds} s`);
    const items = page.locator('.cards > li');
    await expect(items.first()).toHaveAttribute('aria-setsize', String(count));
    await expect(page.locator('article.card').first()).toBeVisible();
    await expect(page.getByRole('region', { name: 'Problems in this catalog' })).toHaveCount(0);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await expect(items.last()).toHaveAttribute('aria-posinset', String(count), { timeout: 60_000 });
    expect(errors).toEqual([]);
  } finally {
    server.close();
    rmSync(file, { force: true });
  }
});
