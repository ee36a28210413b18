// Starts Procedure Catalog on its own page. The page names the app's
// hashed files in <meta name="procedure-catalog-app"> (trunk writes it, see
// `pattern_script` in Trunkfile.toml), so that no inline script is needed
// and a Content-Security-Policy without 'unsafe-inline' allows the page.
const app = document.querySelector('meta[name="procedure-catalog-app"]');
const { default: init } = await import(app.dataset.js);
await init({ module_or_path: app.dataset.wasm });
