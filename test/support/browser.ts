import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

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

/** Posts a form from `page` the way the portal posts into the app's frame, here into the page itself. */
export async function submitLikeThePortal(page: Page, form: { url: string | null; body: string }): Promise<void> {
  await page.evaluate(
    ({ action, body }) => {
      const element = document.createElement('form');
      element.method = 'post';
      element.action = action;
      for (const [key, value] of new URLSearchParams(body)) {
        const input = document.createElement('input');
        input.type = 'hidden';
        input.name = key;
        input.value = value;
        element.appendChild(input);
      }
      document.body.appendChild(element);
      element.submit();
    },
    { action: form.url ?? '', body: form.body },
  );
}
