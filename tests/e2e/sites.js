// The sites the end-to-end tests serve, on E2E_PORT (4173 unless set) and
// the ports after it, so that two runs can share a machine.
export const port = Number(process.env.E2E_PORT ?? 4173);

const at = (offset, path = '/') => `http://127.0.0.1:${port + offset}${path}`;

/** The sub-path of the second build (xtask/src/tests.rs builds it). */
export const SUB_PATH = '/any/sub/path/';

export const sites = {
  /** dist/, as a plain static host serves it (with CORS, for host pages). */
  app: at(0),
  /** Host pages (hosts/) and a second catalog (../fixtures/): another origin. */
  hosts: at(1),
  /** target/dist-subpath, the build for SUB_PATH, served under it. */
  subPath: at(2, SUB_PATH),
  /** dist/ under the strict Content-Security-Policy below. */
  strict: at(3),
};

/** The policy the app must run under, with the host pages allowed to frame it. */
export const STRICT_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  `frame-ancestors 'self' ${new URL(sites.hosts).origin}`,
].join('; ');
