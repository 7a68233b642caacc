// Which Chromium the browser tests and the benchmark (bench/bench.mjs) launch, and with which
// flags. No dependencies, so the benchmark can import it beside its own playwright-core.

/** Debian's Chromium (scripts/setup.sh installs it), unless CHROMIUM_PATH says otherwise. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// We run as root (hence --no-sandbox); the machine's network is closed, so everything that
// phones home is switched off, or Chromium keeps trying (and failing) in the background.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];
