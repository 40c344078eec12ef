import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cb, defineCallback } from '../../src/bot/callback-data.ts';

const ID = 'a'.repeat(24);
const ID2 = 'b'.repeat(24);

describe('typed callback payloads', () => {
  it('build and parse the same values', () => {
    const raw = cb.score.build({ r: ID, i: ID2 });
    expect(raw).toBe(`sc:${ID}:${ID2}`);
    expect(cb.score.parse(raw)).toEqual({ r: ID, i: ID2 });
    expect(cb.tab.parse(cb.tab.build({ s: 'appraise' }))).toEqual({ s: 'appraise' });
  });
  it('reject forged, stale or malformed payloads in one place', () => {
    expect(cb.score.parse(`sc:${ID}`)).toBeNull();
    expect(cb.score.parse(`sc:${ID}:${ID2}:x`)).toBeNull();
    expect(cb.score.parse(`sc:${ID}:not-an-id`)).toBeNull();
    expect(cb.score.parse(`sl:${ID}:${ID2}`)).toBeNull();
    expect(cb.tab.parse('st:everything')).toBeNull();
    expect(cb.openRound.parse(`ro:SO KET:${ID}`)).toBeNull();
    expect(cb.forward.parse(undefined)).toBeNull();
    expect(cb.forward.parse(`fw:${'a'.repeat(70)}`)).toBeNull();
  });
  it("refuse to build a payload over Telegram's 64 bytes or with bad values", () => {
    const wide = defineCallback('w', { a: z.string(), b: z.string() });
    expect(() => wide.build({ a: 'x'.repeat(40), b: 'y'.repeat(30) })).toThrow(/over Telegram's 64/);
    expect(() => wide.build({ a: 'x:y', b: '' })).toThrow(/':'/);
    expect(() => cb.forward.build({ i: 'nope' })).toThrow();
    expect(() => defineCallback('Bad-Prefix', {})).toThrow();
  });
  it('every workflow payload fits with the longest values', () => {
    expect(cb.select.build({ r: ID, i: ID2 }).length).toBeLessThanOrEqual(64);
    expect(cb.openRound.build({ d: 'x'.repeat(30), u: ID }).length).toBeLessThanOrEqual(64);
    expect(cb.tab.build({ s: 'replications' }).length).toBeLessThanOrEqual(64);
  });
});
