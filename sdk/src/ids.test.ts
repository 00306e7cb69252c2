import { describe, expect, it } from 'vitest';
import { newId } from './ids';

describe('newId', () => {
  it('answers distinct ids', () => {
    const ids = new Set(Array.from({ length: 100 }, newId));
    expect(ids.size).toBe(100);
    expect([...ids][0]).toMatch(/^[0-9a-f-]{32,36}$/);
  });
});
