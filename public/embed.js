// Procedure Catalog inside another site's page:
//
//   <script type="module" src="https://catalog.example.org/embed.js"></script>
//   <procedure-catalog catalog="spine"></procedure-catalog>
//
// `catalog` names a catalog of the app's manifest (catalogs/manifest.json
// next to this file); `src` names a catalog file by its address, relative to
// the host page; with neither, the manifest's default catalog is shown.
//
// Each element gets its own shadow root holding the app and its stylesheet,
// so the app's styles stay inside and the page's stay outside. The app keeps
// its view in memory: the page's address, history, links and keyboard
// shortcuts remain the page's. When the host page is on another origin, the
// app's site must allow it with CORS (see README, "Embedding").

const base = new URL('./', import.meta.url);

let started;

/** Loads the app once per page: its files are named in its own index.html. */
function start() {
  started ??= (async () => {
    const answer = await fetch(new URL('index.html', base));
    if (!answer.ok) throw new Error(`HTTP ${answer.status} for ${answer.url}`);
    const page = new DOMParser().parseFromString(await answer.text(), 'text/html');
    const app = page.querySelector('meta[name="procedure-catalog-app"]');
    const style = page.querySelector('link[rel="stylesheet"]');
    if (!app || !style) throw new Error(`${answer.url} is not a Procedure Catalog page`);
    const bindings = await import(new URL(app.dataset.js, base).href);
    await bindings.default({ module_or_path: new URL(app.dataset.wasm, base) });
    return { bindings, stylesheet: new URL(style.getAttribute('href'), base).href };
  })();
  return started;
}

class ProcedureCatalogElement extends HTMLElement {
  connectedCallback() {
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    const attempt = (this.attempt = {});
    start().then(
      ({ bindings, stylesheet }) => {
        if (this.attempt !== attempt || !this.isConnected) return;
        const style = document.createElement('link');
        style.rel = 'stylesheet';
        style.href = stylesheet;
        const container = document.createElement('div');
        root.replaceChildren(style, container);
        const source = this.getAttribute('src');
        this.mounted = bindings.mountElement(
          container,
          base.href,
          this.getAttribute('catalog'),
          source ? new URL(source, document.baseURI).href : null,
        );
      },
      (error) => {
        if (this.attempt !== attempt) return;
        const message = document.createElement('p');
        message.setAttribute('role', 'alert');
        message.textContent = `Procedure Catalog could not start: ${error.message}`;
        root.replaceChildren(message);
      },
    );
  }

  disconnectedCallback() {
    this.attempt = null;
    this.mounted?.free();
    this.mounted = null;
  }
}

if (!customElements.get('procedure-catalog')) {
  customElements.define('procedure-catalog', ProcedureCatalogElement);
}
