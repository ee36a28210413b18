// Starts Procedure Catalog on its own page. The page names the app's
// hashed files in <meta name="procedure-catalog-app"> (trunk writes it, see
// `pattern_script` in Trunkfile.toml), so that no inline script is needed
// and a Content-Security-Policy without 'unsafe-inline' allows the page.
// In another site's frame (`?embed=1`) the page shows no header.
if (new URLSearchParams(location.search).get('embed') === '1') document.querySelector('#boot .site-header')?.remove();
const app = document.querySelector('meta[name="procedure-catalog-app"]');
const { default: init } = await import(app.dataset.js);
await init({ module_or_path: app.dataset.wasm });
