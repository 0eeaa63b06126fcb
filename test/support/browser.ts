import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium; browser tests never download a browser. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const requireBrowser = process.env.REQUIRE_BROWSER_TESTS === '1';

/**
 * `describe` for tests that need Chromium. Without it they are skipped with a loud warning, unless
 * REQUIRE_BROWSER_TESTS=1 (CI), where a missing browser is a failure.
 */
export function describeInBrowser(name: string, body: () => void): void {
  if (existsSync(chromiumPath)) {
    describe(name, body);
    return;
  }
  const message = `Chromium not found at ${chromiumPath} (install it with: apt-get install -y chromium)`;
  if (requireBrowser) {
    describe(name, () => {
      it('needs Chromium', () => {
        throw new Error(`${message}; REQUIRE_BROWSER_TESTS=1 makes this a failure`);
      });
    });
    return;
  }
  console.warn(`\n\n  *** SKIPPED browser tests "${name}": ${message} ***\n\n`);
  describe.skip(name, body);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}
