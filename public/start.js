// Starts Procedure Catalog on its own page. The page names the app's
// hashed files in <meta name="procedure-catalog-app"> (trunk writes it, see
// `pattern_script` in Trunkfile.toml), so that no inline script is needed
// and a Content-Security-Policy without 'unsafe-inline' allows the page.
const address = new URLSearchParams(location.search);
// In another site's frame (`?embed=1`) the page shows no header.
if (address.get('embed') === '1') document.querySelector('#boot .site-header')?.remove();
// The stand-in names the site's default catalog (the build writes its
// heading); an address that names another catalog shows no name until the
// app has started.
const heading = document.getElementById('boot-title');
const named = address.get('c');
if (heading && (address.get('src') || (named && named !== heading.dataset.catalog))) heading.remove();
const app = document.querySelector('meta[name="procedure-catalog-app"]');
const { default: init } = await import(app.dataset.js);
await init({ module_or_path: app.dataset.wasm });
