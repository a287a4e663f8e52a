import { describe, expect, it } from 'vitest';
import { normalizeEmail } from './email.ts';

describe('normalizeEmail', () => {
  it.each([
    ['ivan@example.ru', 'ivan@example.ru'],
    ['  Ivan.Petrov@Example.RU ', 'ivan.petrov@example.ru'],
    ['a+tag@mail.example.com', 'a+tag@mail.example.com'],
    ['иван@почта.рф', 'иван@почта.рф'],
  ])('%j → %s', (typed, normal) => {
    expect(normalizeEmail(typed)).toEqual({ ok: true, value: normal });
  });

  it.each([
    '',
    'ivan',
    'ivan@',
    '@example.ru',
    'ivan@example', // no dot in the domain
    'ivan@example.r', // one-letter top-level domain
    'ivan petrov@example.ru',
    'ivan@exa mple.ru',
    'ivan@@example.ru',
    'ivan@example.ru, maria@example.ru',
  ])('rejects %j', (typed) => {
    expect(normalizeEmail(typed)).toEqual({ ok: false, error: 'invalid_email' });
  });

  it('accepts 254 characters and rejects 255', () => {
    const ofLength = (length: number) => `${'a'.repeat(length - '@example.ru'.length)}@example.ru`;
    expect(normalizeEmail(ofLength(254)).ok).toBe(true);
    expect(normalizeEmail(ofLength(255))).toEqual({ ok: false, error: 'invalid_email' });
  });
});
