// A coder's way into ICD-10-PCS: the words coders type find their codes
// through the Index and say why; a card shows its code character by
// character and the guidelines that apply; a code cited by another catalog
// opens its card in the ICD-10-PCS catalog, and Back returns.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';

const spine = JSON.parse(readFileSync(new URL('../../../dist/catalogs/spine.json', import.meta.url)));
const count = (page) => page.getByRole('status').filter({ hasText: 'procedures' });
const searchbox = (page) => page.getByRole('searchbox', { name: 'Search procedures' });
const card = (page, title) => page.locator('article.card').filter({ has: page.getByRole('heading', { name: title, exact: true }) });

/** Opens the ICD-10-PCS catalog and waits until it can be searched. */
async function openPcs(page, search = '') {
  await page.goto(`./?c=icd10pcs${search}`);
  await expect(searchbox(page)).toBeEnabled({ timeout: 90_000 });
}

test('laminectomy, appendectomy and vertebral lamina find their Index targets and say why', async ({ page }) => {
  test.setTimeout(180_000);
  await openPcs(page);
  await expect(count(page)).toHaveText('68,367 procedures');

  await searchbox(page).fill('laminectomy');
  await expect(count(page)).toHaveText(/^[\d,]+ of 68,367 procedures$/);
  const lumbar = card(page, 'Excision of Lumbar Vertebra, Open Approach');
  await searchbox(page).fill('laminectomy lumbar vertebra open');
  await expect(lumbar).toBeVisible();
  await expect(lumbar.locator('.found-by')).toHaveText('Index: Laminectomy → see Excision, Lower Bones 0QB');

  await searchbox(page).fill('appendectomy');
  await expect(count(page)).toHaveText(/^[\d,]+ of 68,367 procedures$/);
  const first = page.locator('article.card').first();
  await expect(first.locator('.found-by')).toHaveText(/^Index: Appendectomy → see (Excision|Resection), Appendix 0D[BT]J$/);
  await expect(first.locator('.code-value')).toHaveText(/^0D[BT]J/);

  // The Body Part Key: "vertebral lamina" is coded to the vertebra.
  await searchbox(page).fill('vertebral lamina excision lumbar open');
  await expect(lumbar).toBeVisible();
  await expect(lumbar.locator('.found-by')).toHaveText('Vertebral lamina → Body part: Lumbar Vertebra');

  // The detail view says why too.
  await searchbox(page).fill('laminectomy lumbar vertebra open');
  await lumbar.getByRole('heading').getByRole('link').click();
  const dialog = page.getByRole('dialog', { name: 'Excision of Lumbar Vertebra, Open Approach' });
  await expect(dialog.locator('.found-by')).toHaveText('Found by your search through Index: Laminectomy → see Excision, Lower Bones 0QB');
});

test('a PCS card reads its code character by character and shows the guidelines that apply', async ({ page }) => {
  test.setTimeout(180_000);
  await openPcs(page, '&p=pcs-0sg00aj');
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading', { level: 2 })).toHaveText(/^Fusion of Lumbar Vertebral Joint/);
  const structure = dialog.locator('.structure-table tbody tr');
  await expect(structure).toHaveCount(7);
  await expect(structure.nth(0)).toHaveText(/1\s*0\s*Section\s*Medical and Surgical/);
  await expect(structure.nth(2)).toHaveText(/3\s*G\s*Root operation\s*Fusion/);
  await expect(structure.nth(3)).toHaveText(/4\s*0\s*Body part\s*Lumbar Vertebral Joint/);
  const notes = dialog.locator('.notes-list .note h4');
  await expect(notes).toContainText(['Root operation Fusion', 'Guideline B3.10a: Fusion procedures of the spine', 'Guideline B3.10c: Fusion procedures of the spine']);
  await expect(dialog.locator('.notes-list .note').filter({ hasText: 'Root operation Fusion' })).toContainText('Definition: Joining together portions of an articular body part');
  // An excision has its own guidelines, not the fusion ones.
  await page.keyboard.press('Escape');
  await searchbox(page).fill('0PB40ZZ');
  await card(page, 'Excision of Thoracic Vertebra, Open Approach').getByRole('heading').getByRole('link').click();
  await expect(page.getByRole('dialog').locator('.notes-list .note h4')).toContainText(['Guideline B3.8: Excision vs Resection']);
  await expect(page.getByRole('dialog').locator('.notes-list')).not.toContainText('B3.10a');
});

test("a spine card's ICD-10-PCS chip opens that code's card in the ICD-10-PCS catalog, and Back returns", async ({ page }) => {
  test.setTimeout(180_000);
  // The first spine card that cites an ICD-10-PCS code of the Medical and Surgical section.
  const cited = spine.procedures.find((p) => p.codes?.some((c) => c.system === 'ICD-10-PCS' && c.code.startsWith('0')));
  const code = cited.codes.find((c) => c.system === 'ICD-10-PCS' && c.code.startsWith('0'));
  await page.goto(`./?q=${encodeURIComponent(cited.title)}`);
  const spineCard = card(page, cited.title);
  await expect(spineCard).toBeVisible();
  // CPT codes answer to no catalog of the site: plain text, not a link.
  const cpt = cited.codes.find((c) => c.system === 'CPT');
  if (cpt) {
    await expect(spineCard.locator('.code-chip').filter({ hasText: cpt.code }).getByRole('link')).toHaveCount(0);
  }
  const link = spineCard.getByRole('link', { name: `Open ICD-10-PCS ${code.code} in its catalog` });
  await expect(link).toHaveAttribute('href', `?c=icd10pcs&code=ICD-10-PCS%3A${code.code}`);
  await link.click();
  const dialog = page.getByRole('dialog', { name: code.title });
  await expect(dialog).toBeVisible({ timeout: 90_000 });
  await expect(page).toHaveURL(new RegExp(`[?&]c=icd10pcs&p=pcs-${code.code.toLowerCase()}$`));
  await expect(dialog.locator('.codes-table .code-value').first()).toHaveText(code.code);

  await page.goBack();
  await expect(count(page)).toHaveText(new RegExp(`of ${spine.procedures.length} procedures$`), { timeout: 60_000 });
  await expect(page).toHaveURL(new RegExp(`\\?q=`));
  await expect(card(page, cited.title)).toBeVisible();

  // In the detail view, the code table's code is the same link.
  await card(page, cited.title).getByRole('heading').getByRole('link').click();
  await expect(page.getByRole('dialog').getByRole('link', { name: `Open ICD-10-PCS ${code.code} in its catalog` })).toHaveAttribute('href', `?c=icd10pcs&code=ICD-10-PCS%3A${code.code}`);
});

test('a link to a code the catalog lacks says so', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('./?c=icd10pcs&code=ICD-10-PCS%3A0PB40ZY');
  await expect(page.getByRole('dialog')).toContainText('This catalog has no procedure with the ICD-10-PCS code 0PB40ZY.', { timeout: 90_000 });
  await page.getByRole('button', { name: 'Back to the list' }).click();
  await expect(count(page)).toHaveText('68,367 procedures');
});
