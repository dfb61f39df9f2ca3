// One place that knows how to start the test browser: Debian's Chromium with WebGPU on
// SwiftShader (../shared/reference/formats.md §7). Used by the GPU tests (Vitest browser
// mode), the e2e tests (Playwright) and the benchmarks, so all three run the same browser.
import { existsSync } from 'node:fs';

export const CHROMIUM_ENV_VAR = 'BITLAB_CHROMIUM';

/** Path to the Chromium binary; throws a message that says how to get one. */
export function chromiumPath(): string {
  const fromEnv = process.env[CHROMIUM_ENV_VAR];
  const candidates = fromEnv ? [fromEnv] : ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      `No Chromium found (looked at ${candidates.join(', ')}). ` +
        `Install Debian's browser with "apt-get install -y chromium", or set ${CHROMIUM_ENV_VAR} ` +
        `to a Chromium binary. GPU and end-to-end tests never skip: they need a real browser.`,
    );
  }
  return found;
}

/** Flags that give headless Chromium a WebGPU adapter on SwiftShader and keep it offline. */
export const chromiumArgs: readonly string[] = [
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-webgpu-adapter=swiftshader',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

export function chromiumLaunchOptions() {
  return { executablePath: chromiumPath(), args: [...chromiumArgs], headless: true };
}
