import { describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from './chromium';

describe('chromiumLaunchOptions', () => {
  it("points at Debian's installed Chromium, headless and without background traffic", () => {
    expect(chromiumLaunchOptions()).toEqual({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });
});
