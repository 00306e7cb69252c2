// Browser APIs jsdom lacks but @grafana/ui and Scenes call. Each stub is the least that lets real components run.
import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => cleanup());

if (typeof window !== 'undefined') {
  // uPlot asks for the device pixel ratio media query at import time.
  window.matchMedia ??= (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }) as MediaQueryList;

  // Scenes' lazy loader and query runner only run what is visible: report everything visible.
  class VisibleIntersectionObserver {
    constructor(private readonly callback: IntersectionObserverCallback) {}
    observe(target: Element) {
      const entry = { isIntersecting: true, target, intersectionRatio: 1 } as IntersectionObserverEntry;
      this.callback([entry], this as unknown as IntersectionObserver);
    }
    unobserve() {}
    disconnect() {}
    takeRecords() {
      return [];
    }
  }
  window.IntersectionObserver = VisibleIntersectionObserver as unknown as typeof IntersectionObserver;

  // AutoSizer and tables measure their box: deliver an 800×400 one, asynchronously as browsers do.
  class FixedResizeObserver {
    constructor(private readonly callback: ResizeObserverCallback) {}
    observe(target: Element) {
      const rect = { width: 800, height: 400, top: 0, left: 0, bottom: 400, right: 800, x: 0, y: 0 };
      const entry = { target, contentRect: rect, borderBoxSize: [{ inlineSize: 800, blockSize: 400 }] };
      setTimeout(() => this.callback([entry as unknown as ResizeObserverEntry], this as unknown as ResizeObserver), 0);
    }
    unobserve() {}
    disconnect() {}
  }
  window.ResizeObserver = FixedResizeObserver as unknown as typeof ResizeObserver;

  // Tables measure text on a canvas.
  HTMLCanvasElement.prototype.getContext = function getContext() {
    return {
      measureText: (text: string) => ({ width: text.length * 7 }),
      font: '',
    } as unknown as CanvasRenderingContext2D;
  } as unknown as typeof HTMLCanvasElement.prototype.getContext;

  // AutoSizer reads offset sizes.
  Object.defineProperties(HTMLElement.prototype, {
    offsetWidth: { configurable: true, get: () => 800 },
    offsetHeight: { configurable: true, get: () => 400 },
  });
}
