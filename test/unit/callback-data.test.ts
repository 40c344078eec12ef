import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CALLBACK_DATA_MAX_BYTES,
  defineCallback,
  int,
  objectId,
  optional,
  text,
} from '../../src/bot/callback-data.ts';

const ID = '65a1f0c2e4b0a1b2c3d4e5f6';
const page = defineCallback('rq', { c: objectId, o: int(0, 1000) });
const filters = defineCallback('sm', {
  c: optional(objectId),
  f: optional(int(0, 99)),
  k: optional(text(z.enum(['c', 'i']))),
});

describe('typed callback data', () => {
  it('builds a payload and parses it back to the same values', () => {
    const data = page.build({ c: ID, o: 16 });
    expect(data).toMatch(/^rq:[A-Za-z0-9_-]{16}:16$/);
    expect(page.parse(data)).toEqual({ c: ID, o: 16 });
    const f = filters.build({ c: null, f: 2, k: null });
    expect(f).toBe('sm::2:');
    expect(filters.parse(f)).toEqual({ c: null, f: 2, k: null });
  });

  it('refuses forged or stale payloads: other prefix, wrong count, bad values, out of range', () => {
    const good = page.build({ c: ID, o: 8 });
    expect(page.parse(good.replace(/^rq/, 'rv'))).toBeNull();
    expect(page.parse(`${good}:1`)).toBeNull();
    expect(page.parse('rq:not-an-id:8')).toBeNull();
    expect(page.parse(good.replace(/:8$/, ':1001'))).toBeNull();
    expect(page.parse(good.replace(/:8$/, ':-1'))).toBeNull();
    expect(page.parse(good.replace(/:8$/, ':x'))).toBeNull();
    expect(filters.parse('sm::2:z')).toBeNull();
    expect(page.parse(`rq:${'A'.repeat(80)}:1`)).toBeNull();
  });

  it('never builds more than Telegram’s 64 bytes, and refuses values it cannot carry', () => {
    const long = defineCallback('xx', { a: text(z.string()), b: text(z.string()) });
    expect(() => long.build({ a: 'a'.repeat(40), b: 'b'.repeat(30) })).toThrow(/over 64/);
    expect(long.build({ a: 'a'.repeat(30), b: 'b'.repeat(30) })).toHaveLength(CALLBACK_DATA_MAX_BYTES);
    expect(() => long.build({ a: 'a:b', b: '' })).toThrow(/contains ':'/);
    expect(() => page.build({ c: 'nope', o: 1 })).toThrow();
    expect(() => page.build({ c: ID, o: 5000 })).toThrow();
  });
});
