import { describe, expect, it } from 'vitest';
import { findK6, k6Candidates } from './k6';

describe('findK6', () => {
  it('looks in the repo-local .tools/bin first', () => {
    expect(k6Candidates()[0]).toMatch(/\/\.tools\/bin\/k6$/);
  });

  it('says how to install k6 when it is nowhere', () => {
    expect(() => findK6(['/nonexistent/k6'])).toThrow(
      'k6 is not installed: run `bash collector-config/bench/install-k6.sh`',
    );
  });

  it('finds the k6 that install-k6.sh put in place', () => {
    expect(findK6()).toMatch(/k6$/);
  });
});
