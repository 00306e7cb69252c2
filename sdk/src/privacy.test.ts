import { describe, expect, it } from 'vitest';
import { LIMITS } from './limits';
import { contentText, createPrivacy, redact } from './privacy';

describe('redact', () => {
  it.each([
    ['mail me at jane.doe+ai@example.co.uk please', 'mail me at [email] please'],
    ['call +33 6 12 34 56 78 now', 'call [phone] now'],
    ['call (555) 123-4567', 'call [phone]'],
    ['card 4111 1111 1111 1111 ok', 'card [card] ok'],
    ['card 4111-1111-1111-1111', 'card [card]'],
    ['key sk-proj-abcdefghijklmnop1234', 'key [secret]'],
    ['Authorization: Bearer abc.def-ghi', 'Authorization: [secret]'],
    ['token ghp_abcdefghijklmnopqrstuvwx12', 'token [secret]'],
    ['aws AKIAABCDEFGHIJKLMNOP', 'aws [secret]'],
    ['jwt eyJhbGciOi.eyJzdWIiOi.sig_nat-ure', 'jwt [secret]'],
    ['hash 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', 'hash [secret]'],
    ['from 192.168.1.20 today', 'from [ip] today'],
    ['from 2001:db8:85a3::8a2e:370:7334 today', 'from [ip] today'],
    ['from fe80::1 today', 'from [ip] today'],
    ['see https://intra.example.com/a?b=c and www.example.org', 'see [url] and [url]'],
  ])('%s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it('leaves ordinary text, times, small numbers and dates alone', () => {
    const text = 'The answer was wrong at 12:30:45 on step 3 of 10, version 1.2.3, 2024-01-15';
    expect(redact(text)).toBe(text);
  });
});

describe('createPrivacy', () => {
  const errors: string[] = [];
  const report = (m: string) => errors.push(m);

  it('defaults to metadata: comments redacted, no content', () => {
    const p = createPrivacy(undefined, report);
    expect(p.level).toBe('metadata');
    expect(p.comment('ping me: a@b.io')).toBe('ping me: [email]');
    expect(contentText(p, 'prompt')).toBeUndefined();
    expect(p.userId('u1')).toBe('u1');
  });

  it('none drops comments, content and user ids', () => {
    const p = createPrivacy({ level: 'none' }, report);
    expect(p.comment('hi')).toBeUndefined();
    expect(contentText(p, 'prompt')).toBeUndefined();
    expect(p.userId('u1')).toBeUndefined();
  });

  it('redacted redacts content; full keeps it but still redacts comments', () => {
    expect(contentText(createPrivacy({ level: 'redacted' }, report), 'mail a@b.io')).toBe('mail [email]');
    const full = createPrivacy({ level: 'full' }, report);
    expect(contentText(full, 'mail a@b.io')).toBe('mail a@b.io');
    expect(full.comment('mail a@b.io')).toBe('mail [email]');
  });

  it('runs a custom redactor after the built-in patterns', () => {
    const p = createPrivacy({ redactor: (t) => t.replace(/ACME-\d+/g, '[order]') }, report);
    expect(p.comment('order ACME-42 from a@b.io')).toBe('order [order] from [email]');
  });

  it('drops the text when the redactor throws, and reports it', () => {
    errors.length = 0;
    const p = createPrivacy(
      {
        redactor: () => {
          throw new Error('boom');
        },
      },
      report,
    );
    expect(p.comment('secret')).toBeUndefined();
    expect(errors[0]).toMatch(/redactor failed/);
  });

  it('falls back to metadata on an unknown level, reporting it', () => {
    errors.length = 0;
    const p = createPrivacy({ level: 'everything' as never }, report);
    expect(p.level).toBe('metadata');
    expect(errors).toHaveLength(1);
  });

  it('bounds a megabyte comment', () => {
    const p = createPrivacy(undefined, report);
    expect(p.comment('a'.repeat(1_000_000))?.length).toBe(LIMITS.maxTextLength);
  });
});
