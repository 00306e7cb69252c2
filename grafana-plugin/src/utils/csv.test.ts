import { describe, expect, it } from 'vitest';
import { escapeCsvCell, toCsv } from './csv';

describe('escapeCsvCell', () => {
  it('leaves plain text and numbers alone', () => {
    expect(escapeCsvCell('plain')).toBe('plain');
    expect(escapeCsvCell(-1)).toBe('-1');
    expect(escapeCsvCell(true)).toBe('true');
  });

  it('quotes commas, quotes and line breaks, doubling quotes', () => {
    expect(escapeCsvCell('a,b')).toBe('"a,b"');
    expect(escapeCsvCell('say "hi"')).toBe('"say ""hi"""');
    expect(escapeCsvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(escapeCsvCell('cr\r')).toBe('"cr\r"');
  });

  describe('edge cases', () => {
    it('neutralises formulas in text but not negative numbers', () => {
      expect(escapeCsvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
      expect(escapeCsvCell('+1')).toBe("'+1");
      expect(escapeCsvCell('@cmd')).toBe("'@cmd");
      expect(escapeCsvCell(-5)).toBe('-5');
    });

    it('renders empty, invalid and date values', () => {
      expect(escapeCsvCell(null)).toBe('');
      expect(escapeCsvCell(undefined)).toBe('');
      expect(escapeCsvCell(Number.NaN)).toBe('');
      expect(escapeCsvCell(new Date(Date.UTC(2026, 0, 2, 3, 4, 5)))).toBe('2026-01-02T03:04:05.000Z');
      expect(escapeCsvCell(new Date(Number.NaN))).toBe('');
    });
  });
});

describe('toCsv', () => {
  it('renders a header and one CRLF-terminated line per row', () => {
    const rows = [
      { rating: 'negative', comment: 'Too slow, and "wrong"' },
      { rating: 'positive', comment: '' },
    ];
    const csv = toCsv(rows, [
      { header: 'rating', value: (r) => r.rating },
      { header: 'comment', value: (r) => r.comment },
    ]);
    expect(csv).toBe('rating,comment\r\nnegative,"Too slow, and ""wrong"""\r\npositive,\r\n');
  });

  it('renders only the header for no rows', () => {
    expect(toCsv([], [{ header: 'a', value: () => 1 }])).toBe('a\r\n');
  });
});
