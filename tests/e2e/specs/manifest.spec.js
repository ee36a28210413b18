// The web app manifest and its icons: linked from the page, served with the
// right types, and complete enough to install the app (also from a sub-path:
// every address in it is relative).
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';

const dist = new URL('../../../dist/', import.meta.url);

/** Width and height from a PNG's header. */
function pngSize(bytes) {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

test('the page links a valid manifest whose icons are served', async ({ page, request }) => {
  await page.goto('./');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).not.toMatch(/^(\/|[a-z]+:)/);
  const url = new URL(href, page.url()).href;
  const answer = await request.get(url);
  expect(answer.ok()).toBe(true);
  expect(answer.headers()['content-type']).toMatch(/^application\/manifest\+json/);
  const manifest = await answer.json();

  expect(manifest.name).toBe('Procedure Catalog');
  expect(manifest.short_name.length).toBeLessThanOrEqual(12);
  expect(['standalone', 'fullscreen', 'minimal-ui']).toContain(manifest.display);
  for (const key of ['start_url', 'scope', 'id']) {
    expect(manifest[key], key).toBe('./');
  }
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
  expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);

  const sizes = [];
  for (const icon of manifest.icons) {
    expect(icon.src, 'relative to the manifest').not.toMatch(/^(\/|[a-z]+:)/);
    const image = await request.get(new URL(icon.src, url).href);
    expect(image.ok(), icon.src).toBe(true);
    expect(image.headers()['content-type']).toBe(icon.type);
    if (icon.type === 'image/png') {
      const [width, height] = pngSize(await image.body());
      expect(`${width}x${height}`).toBe(icon.sizes);
      sizes.push({ size: width, purpose: icon.purpose ?? 'any' });
    }
  }
  for (const size of [192, 512]) {
    expect(sizes, `a ${size}x${size} PNG icon`).toContainEqual({ size, purpose: 'any' });
  }
  expect(manifest.icons.some((i) => i.type === 'image/svg+xml')).toBe(true);
  expect(manifest.icons.some((i) => i.purpose === 'maskable')).toBe(true);
  // What is served is what the build holds.
  expect(manifest).toEqual(JSON.parse(readFileSync(new URL('manifest.webmanifest', dist))));
});

test('Chromium finds the app installable', async ({ page }) => {
  await page.goto('./');
  await expect(page.locator('article.card').first()).toBeVisible();
  const browser = await page.context().newCDPSession(page);
  const parsed = await browser.send('Page.getAppManifest');
  expect(parsed.errors).toEqual([]);
  const { installabilityErrors } = await browser.send('Page.getInstallabilityErrors');
  // Test browsers run without a profile, which Chromium never offers to install into.
  expect(installabilityErrors.filter((e) => e.errorId !== 'in-incognito')).toEqual([]);
});
