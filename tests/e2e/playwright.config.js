// End-to-end tests run against the release build in dist/ (made by
// `cargo xtask build`) and the sub-path build in target/dist-subpath/, served
// by server.mjs, in Debian's Chromium. The sites are listed in sites.js.
import { defineConfig } from '@playwright/test';
import { port, sites, STRICT_CSP, SUB_PATH } from './sites.js';

const serve = (args, readyPort) => ({
  command: `node server.mjs ${args}`,
  port: readyPort,
  reuseExistingServer: false,
  timeout: 20_000,
});
const quote = (text) => `'${text.replaceAll("'", "'\\''")}'`;
const cors = `--header ${quote('Access-Control-Allow-Origin: *')}`;

export default defineConfig({
  testDir: './specs',
  outputDir: './test-results',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 30_000,
  use: {
    baseURL: sites.app,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    // Service workers answer requests before page.route sees them; the specs
    // about offline use, sub-paths and the policy allow them.
    serviceWorkers: 'block',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: [
    serve(`--root ../../dist --port ${port} ${cors}`, port),
    serve(`--root hosts --root ../fixtures --port ${port + 1} ${cors} --define APP=${sites.app} --define STRICT=${sites.strict}`, port + 1),
    serve(`--root ../../target/dist-subpath --base ${SUB_PATH} --port ${port + 2}`, port + 2),
    serve(`--root ../../dist --port ${port + 3} --header ${quote(`Content-Security-Policy: ${STRICT_CSP}`)}`, port + 3),
  ],
});
