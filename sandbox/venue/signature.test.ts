import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signPush, verifyPush } from './signature.ts';

const secret = 'whsec-test';
const body = '{"events":[{"id":"e1","type":"client.changed"}]}';
const now = 1_790_000_000;

describe('push signature', () => {
  it('signs as the protocol says: hex HMAC-SHA256 of "<t>.<raw body>"', () => {
    const expected = createHmac('sha256', secret).update(`${now}.${body}`).digest('hex');
    expect(signPush(secret, body, now)).toBe(`t=${now},v1=${expected}`);
  });

  it('accepts a good signature, from a string or the raw bytes', () => {
    const header = signPush(secret, body, now);
    expect(verifyPush(secret, header, body, { now })).toEqual({ ok: true, timestamp: now });
    expect(verifyPush(secret, header, Buffer.from(body), { now: now + 60 }).ok).toBe(true);
  });

  it('refuses a wrong secret, a changed body or a changed timestamp', () => {
    const header = signPush(secret, body, now);
    expect(verifyPush('other', header, body, { now })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyPush(secret, header, body.replace('e1', 'e2'), { now })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    const shifted = header.replace(`t=${now}`, `t=${now + 1}`);
    expect(verifyPush(secret, shifted, body, { now })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('refuses a stale or far-future timestamp even when the HMAC is right', () => {
    expect(verifyPush(secret, signPush(secret, body, now - 301), body, { now })).toEqual({
      ok: false,
      reason: 'stale',
    });
    expect(verifyPush(secret, signPush(secret, body, now + 301), body, { now }).ok).toBe(false);
    expect(
      verifyPush(secret, signPush(secret, body, now - 3000), body, { now, toleranceSeconds: 3600 }).ok,
    ).toBe(true);
  });

  it('refuses missing and malformed headers', () => {
    expect(verifyPush(secret, undefined, body, { now })).toEqual({ ok: false, reason: 'missing' });
    for (const header of ['garbage', `t=${now}`, 'v1=abc', `t=soon,v1=abc`]) {
      expect(verifyPush(secret, header, body, { now })).toEqual({ ok: false, reason: 'malformed' });
    }
    expect(verifyPush(secret, `t=${now},v1=not-hex`, body, { now })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifyPush(secret, `t=${now},v1=abcd`, body, { now })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('accepts any of several v1 values (secret rotation)', () => {
    const good = signPush(secret, body, now).split('v1=')[1];
    expect(verifyPush(secret, `t=${now},v1=${'0'.repeat(64)},v1=${good}`, body, { now }).ok).toBe(true);
  });
});
