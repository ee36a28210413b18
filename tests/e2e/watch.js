// Watching a page for what the end-to-end tests must never see: uncaught
// errors, console errors and Content-Security-Policy violations, in the page
// and in every frame it holds.

/**
 * Starts watching `page` (before it loads anything) and returns the list the
 * problems are added to. A violation is reported to the console by the
 * browser ("Refused to ...") and, as a `securitypolicyviolation` event, by
 * the recorder below, which runs in every frame before the page's scripts.
 */
export async function watchProblems(page) {
  const problems = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.effectiveDirective} blocked ${e.blockedURI || 'inline code'} (${e.sourceFile || location.href}:${e.lineNumber})`);
    });
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || /Refused to|Content Security Policy/i.test(m.text())) problems.push(`console ${m.type()}: ${m.text()}`);
  });
  return problems;
}
