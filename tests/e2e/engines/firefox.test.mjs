// Smoke test and browsing flows of the release build in Firefox ESR (Gecko), headless, through
// geckodriver (`cargo install geckodriver`; cargo xtask setup does it).
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { engineTests, findProgram, freePort, startSession, startSite, tempDir } from './harness.mjs';

const FIREFOX = process.env.FIREFOX_BINARY ?? '/usr/bin/firefox-esr';

/**
 * Keeps Firefox off the network, as Mozilla's own test harnesses do: every
 * host name resolves to the loopback address without a DNS query, every
 * request not to the loopback interface goes to a proxy on a closed port
 * (Firefox never proxies 127.0.0.1), and the background services that phone
 * home are off or pointed at that closed port.
 */
const OFFLINE_PREFS = {
  'network.dns.native-is-localhost': true,
  'network.proxy.type': 1,
  'network.proxy.http': '127.0.0.1',
  'network.proxy.http_port': 9,
  'network.proxy.ssl': '127.0.0.1',
  'network.proxy.ssl_port': 9,
  'network.proxy.share_proxy_settings': true,
  'network.proxy.allow_hijacking_localhost': false,
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
  'network.predictor.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'app.update.auto': false,
  'app.update.enabled': false,
  'app.normandy.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'browser.safebrowsing.update.enabled': false,
  'browser.search.update': false,
  'browser.region.network.url': '',
  'browser.region.update.enabled': false,
  'datareporting.healthreport.uploadEnabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.server': '',
  'extensions.update.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'services.settings.server': 'http://127.0.0.1:9/',
};

async function open() {
  if (!existsSync(FIREFOX)) {
    throw new Error(`Firefox ESR is needed at ${FIREFOX}: install it with \`apt-get install -y firefox-esr\` (cargo xtask setup does, as root).`);
  }
  const geckodriver = findProgram('geckodriver', 'Install it with `cargo install geckodriver` (cargo xtask setup does).', [
    join(homedir(), '.cargo/bin'),
  ]);
  const site = await startSite();
  try {
    const port = await freePort();
    const profiles = tempDir('catalog-firefox-');
    const session = await startSession(
      'Firefox',
      geckodriver,
      ['--host', '127.0.0.1', '--port', String(port), '--websocket-port', String(await freePort()), '--profile-root', profiles],
      port,
      {
        browserName: 'firefox',
        'moz:firefoxOptions': { binary: FIREFOX, args: ['-headless'], prefs: OFFLINE_PREFS },
      },
      // Lets services.settings.server above take effect in a release build.
      { MOZ_HEADLESS: '1', MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' },
    );
    return {
      driver: session.driver,
      url: site.url,
      async stop() {
        await session.stop();
        await site.stop();
      },
    };
  } catch (e) {
    await site.stop();
    throw e;
  }
}

engineTests('Firefox ESR', open);
