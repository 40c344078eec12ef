import { z } from 'zod';

/**
 * Typed button payloads. One definition builds, parses and validates a payload: `build` checks
 * the values with zod and Telegram's 64-byte limit; `parse` returns null for anything forged,
 * stale or malformed, so a handler never sees bad data. Every new button uses one of these.
 *
 * Wire format: `<prefix>:<v1>:<v2>...` with the values in the order of `keys` (no `:` inside).
 */

export const CALLBACK_DATA_MAX_BYTES = 64;

export const objectId = z.string().regex(/^[a-f0-9]{24}$/);
export const code = z.string().regex(/^[a-z0-9-]{1,30}$/);

export interface CallbackDef<T extends Record<string, string>> {
  prefix: string;
  /** Matches every payload with this prefix (valid or not), for registering the handler. */
  filter: RegExp;
  build(data: T): string;
  parse(raw: string | undefined): T | null;
}

export function defineCallback<S extends Record<string, z.ZodType<string>>>(
  prefix: string,
  shape: S,
): CallbackDef<{ [K in keyof S]: z.infer<S[K]> }> {
  if (!/^[a-z][a-z0-9]{0,5}$/.test(prefix)) throw new Error(`bad callback prefix ${prefix}`);
  const keys = Object.keys(shape) as (keyof S & string)[];
  const schema = z.object(shape).strict();
  type T = { [K in keyof S]: z.infer<S[K]> };
  return {
    prefix,
    filter: new RegExp(`^${prefix}(?::|$)`),
    build(data: T): string {
      const parsed = schema.parse(data) as Record<string, string>;
      const values = keys.map((k) => parsed[k]!);
      if (values.some((v) => v.includes(':'))) throw new Error(`callback ${prefix}: ':' in a value`);
      const raw = [prefix, ...values].join(':');
      if (Buffer.byteLength(raw, 'utf8') > CALLBACK_DATA_MAX_BYTES) {
        throw new Error(`callback ${prefix} is ${Buffer.byteLength(raw, 'utf8')} bytes, over Telegram's 64`);
      }
      return raw;
    },
    parse(raw: string | undefined): T | null {
      if (!raw || Buffer.byteLength(raw, 'utf8') > CALLBACK_DATA_MAX_BYTES) return null;
      const parts = raw.split(':');
      if (parts[0] !== prefix || parts.length !== keys.length + 1) return null;
      const obj = Object.fromEntries(keys.map((k, i) => [k, parts[i + 1]]));
      const r = schema.safeParse(obj);
      return r.success ? (r.data as T) : null;
    },
  };
}

export const STAGE_NAMES = [
  'registrations',
  'reports',
  'forward',
  'appraise',
  'select',
  'honour',
  'rounds',
  'replications',
] as const;

/** The payloads of the workflow buttons (issue 10). */
export const cb = {
  /** A stage tab in /duyet. */
  tab: defineCallback('st', { s: z.enum(STAGE_NAMES) }),
  /** Put a model forward into its round (/duyet or /mohinh). */
  forward: defineCallback('fw', { i: objectId }),
  /** Register an honoured model for the next level (/mohinh). */
  nextLevel: defineCallback('nl', { i: objectId }),
  /** Open a unit's instance of a round. */
  openRound: defineCallback('ro', { d: code, u: objectId }),
  /** A round's ranked nominees. */
  standings: defineCallback('rs', { r: objectId }),
  /** A council member scores a nominee. */
  score: defineCallback('sc', { r: objectId, i: objectId }),
  /** The chair selects a nominee. */
  select: defineCallback('sl', { r: objectId, i: objectId }),
  /** The chair records the round's decision. */
  decide: defineCallback('dc', { r: objectId }),
} as const;
