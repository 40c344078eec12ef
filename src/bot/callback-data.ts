import { z } from 'zod';
import { INITIATIVE_STATUSES } from '../domain/lifecycle.ts';
import type { RoleName } from '../domain/permissions.ts';
import { LANGUAGES } from '../i18n.ts';
import { STAGES } from '../services/stage-queue.ts';

/**
 * Typed button payloads. One definition builds the callback data of a button, parses it back
 * when pressed and validates it with zod; a payload over Telegram's 64 bytes is refused when
 * built, so a button that Telegram would reject is never sent. Parsing returns null for anything
 * forged or stale: the handler answers "this button is no longer valid" and does nothing.
 *
 * Layout: `prefix:v1:v2:…` in the order of the fields; an absent value is empty. Values never
 * contain `:`. Object ids travel as 16 base64url characters instead of 24 hex digits.
 */

export const CALLBACK_DATA_MAX_BYTES = 64;

interface Codec<T> {
  encode(v: T): string;
  decode(s: string): T | undefined;
}

const idSchema = z.string().regex(/^[a-f0-9]{24}$/);

/** A MongoDB object id as 16 base64url characters. */
export const objectId: Codec<string> = {
  encode: (hex) => Buffer.from(idSchema.parse(hex), 'hex').toString('base64url'),
  decode: (s) => (/^[A-Za-z0-9_-]{16}$/.test(s) ? Buffer.from(s, 'base64url').toString('hex') : undefined),
};

/** A string that matches a schema (and holds no `:`). */
export function text<T extends string>(schema: z.ZodType<T>): Codec<T> {
  return {
    encode: (v) => schema.parse(v),
    decode: (s) => {
      const r = schema.safeParse(s);
      return r.success ? r.data : undefined;
    },
  };
}

/** A whole number in a range. */
export function int(min: number, max: number): Codec<number> {
  const schema = z.number().int().min(min).max(max);
  return {
    encode: (v) => String(schema.parse(v)),
    decode: (s) => {
      if (!/^-?\d{1,9}$/.test(s)) return undefined;
      const r = schema.safeParse(Number(s));
      return r.success ? r.data : undefined;
    },
  };
}

/** The value or null (written as nothing). */
export function optional<T>(codec: Codec<T>): Codec<T | null> {
  return {
    encode: (v) => (v === null ? '' : codec.encode(v)),
    decode: (s) => (s === '' ? null : codec.decode(s)),
  };
}

type Shape = Record<string, Codec<unknown>>;
type ValueOf<S extends Shape> = { [K in keyof S]: S[K] extends Codec<infer T> ? T : never };

export interface CallbackData<S extends Shape> {
  prefix: string;
  /** Matches this payload's prefix, for `bot.callbackQuery`. */
  pattern: RegExp;
  build(values: ValueOf<S>): string;
  parse(data: string): ValueOf<S> | null;
}

/** Every prefix defined so far (test/bot/forged-buttons.test.ts forges a payload for each). */
const DEFINED_PREFIXES = new Set<string>();
export const definedPrefixes = (): string[] => [...DEFINED_PREFIXES];

export function defineCallback<S extends Shape>(prefix: string, shape: S): CallbackData<S> {
  if (!/^[a-z][a-z0-9]*$/.test(prefix)) throw new Error(`bad callback prefix ${prefix}`);
  DEFINED_PREFIXES.add(prefix);
  const keys = Object.keys(shape) as (keyof S & string)[];
  return {
    prefix,
    pattern: new RegExp(`^${prefix}:`),
    build(values) {
      const parts = keys.map((k) => {
        const s = shape[k]!.encode(values[k]);
        if (s.includes(':')) throw new Error(`callback ${prefix}: ${k} contains ':'`);
        return s;
      });
      const data = [prefix, ...parts].join(':');
      if (Buffer.byteLength(data, 'utf8') > CALLBACK_DATA_MAX_BYTES)
        throw new Error(
          `callback ${prefix}: ${Buffer.byteLength(data)} bytes, over ${CALLBACK_DATA_MAX_BYTES}`,
        );
      return data;
    },
    parse(data) {
      if (Buffer.byteLength(data, 'utf8') > CALLBACK_DATA_MAX_BYTES) return null;
      const parts = data.split(':');
      if (parts.shift() !== prefix || parts.length !== keys.length) return null;
      const out: Record<string, unknown> = {};
      for (const [i, k] of keys.entries()) {
        const v = shape[k]!.decode(parts[i]!);
        if (v === undefined) return null;
        out[k] = v;
      }
      return out as ValueOf<S>;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The buttons of /nguoidung, /moi, /kiemtra, /ngonngu, /start and access requests (issue 14).

const ROLE_NAMES = ['cadre', 'coordinator', 'board', 'admin'] as const satisfies readonly RoleName[];

export const peopleButtons = {
  /** /nguoidung's menu: the invites that still work (`i`) or the people (`u`). */
  list: defineCallback('pp', { l: text(z.enum(['i', 'u'])) }),
  /** Revoke an invite. */
  revokeInvite: defineCallback('ppir', { i: objectId }),
  /** Ask before deactivating a person. */
  askDeactivate: defineCallback('ppud', { i: objectId }),
  /** Deactivate the person, confirmed. */
  deactivate: defineCallback('ppuy', { i: objectId }),
} as const;

/** /moi: a unit (no role yet: which role?), then unit and role (make the invite). */
export const inviteButton = defineCallback('inv', { u: objectId, r: optional(text(z.enum(ROLE_NAMES))) });

/** /kiemtra: record the on-site visit of a drawn report. */
export const onsiteVisitButton = defineCallback('os', { r: objectId });

/** /ngonngu and onboarding: the person's language. */
export const languageButton = defineCallback('lang', { l: text(z.enum(LANGUAGES)) });

/** A coordinator approves (`a`) or denies (`d`) an access request. */
export const accessDecisionButton = defineCallback('ar', { d: text(z.enum(['a', 'd'])), i: objectId });

/** A person without a role asks to join a unit (`access:request`, as before issue 14). */
export const accessRequestButton = defineCallback('access', { a: text(z.literal('request')) });

// ---------------------------------------------------------------------------------------------
// The workflow buttons of issue 10 (stage tabs, rounds, scores, selection, decision).

/** The stage tabs of /duyet, in order (their list lives with the service that fills them). */
export const STAGE_NAMES = STAGES;

const roundCode = text(z.string().regex(/^[a-z0-9-]{1,30}$/));

export const cb = {
  /** A stage tab in /duyet. */
  tab: defineCallback('st', { s: text(z.enum(STAGE_NAMES)) }),
  /** Put a model forward into its round (/duyet or /mohinh). */
  forward: defineCallback('fw', { i: objectId }),
  /** Register an honoured model for the next level (/mohinh). */
  nextLevel: defineCallback('nl', { i: objectId }),
  /** Open a unit's instance of a round. */
  openRound: defineCallback('ro', { d: roundCode, u: objectId }),
  /** A round's ranked nominees. */
  standings: defineCallback('rs', { r: objectId }),
  /** A council member scores a nominee. */
  score: defineCallback('sc', { r: objectId, i: objectId }),
  /** The chair selects a nominee. */
  select: defineCallback('sl', { r: objectId, i: objectId }),
  /** The chair records the round's decision. */
  decide: defineCallback('dc', { r: objectId }),
} as const;

// ---------------------------------------------------------------------------------------------
// Issue 10, after the honour: replications recorded from the source's side, and models honoured
// before the campaign (features/replications.ts, features/honoured-before.ts).

export const cbAfterHonour = {
  /** A source model's replications, from /duyet's replications tab. */
  replications: defineCallback('rpv', { i: objectId }),
  /** Record a replication of the source: as a model (`m`, by its code) or at a unit (`u`). */
  addReplication: defineCallback('rpa', { i: objectId, k: text(z.enum(['m', 'u'])) }),
  /** Enter a model honoured before the campaign (the campaign's id). */
  honouredBefore: defineCallback('hbf', { c: objectId }),
} as const;

// The review card and /mohinh (src/bot/features/review.ts, my-models.ts, forms.ts).

export const reviewCb = {
  /** Queue paging of messages sent before the queue named its campaign (`rv:q:<offset>`). */
  legacyQueuePage: defineCallback('rv', { k: text(z.literal('q')), o: int(0, 1_000_000) }),
  /** Paging through the queue of one campaign. */
  queuePage: defineCallback('rq', { c: objectId, o: int(0, 1_000_000) }),
  /** A model's card for a reviewer. */
  open: defineCallback('rvo', { i: objectId }),
  /** A report's card for a reviewer. */
  report: defineCallback('rvr', { r: objectId }),
  /** Verify a report (one tap). */
  verify: defineCallback('rvv', { r: objectId }),
  /** Question a report (asks for a note). */
  question: defineCallback('rvq', { r: objectId }),
  /** A card action on a model, with the status the reviewer saw. */
  act: defineCallback('rva', {
    a: text(z.enum(['accept', 'return', 'replicate'])),
    i: objectId,
    s: text(z.enum(INITIATIVE_STATUSES)),
  }),
} as const;

export const myModelsCb = {
  /** A model's details in /mohinh. */
  view: defineCallback('mmv', { i: objectId }),
  /** Its QR code for the people. */
  qr: defineCallback('mmqr', { i: objectId }),
  /** Withdraw: asks for a confirmation. */
  withdraw: defineCallback('mmw', { i: objectId }),
  /** Withdraw confirmed, with the status the person saw. */
  withdrawYes: defineCallback('mmwy', { i: objectId, s: text(z.enum(INITIATIVE_STATUSES)) }),
  /** Withdraw not confirmed (the id only makes the payload match its pattern). */
  withdrawNo: defineCallback('mmwn', { i: objectId }),
  /** Report on a model (opens /baocao on it). */
  report: defineCallback('mmr', { i: objectId }),
  /** Edit a model (opens /sua on it). */
  edit: defineCallback('mme', { i: objectId }),
} as const;
