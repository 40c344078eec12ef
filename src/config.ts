import { z } from 'zod';

/**
 * The whole environment, parsed once at start. `loadConfig` never throws a zod dump at the
 * operator: it stops with one plain sentence naming the setting, what it must be and the value
 * it got (never the value of a secret: BOT_TOKEN, WEBHOOK_SECRET, MONGODB_URI).
 */

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const port = z.coerce.number().int().min(1).max(65535);

const hourRange = z
  .string()
  .trim()
  .regex(/^([01]?\d|2[0-3])-([01]?\d|2[0-3])$/, 'expected HH-HH, for example 21-7');

const base = z.object({
  MONGODB_URI: optionalString.pipe(
    z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
      .optional(),
  ),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  TIME_ZONE: z
    .string()
    .trim()
    .default('Asia/Ho_Chi_Minh')
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'not a known IANA time zone'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TELEGRAM_API_ROOT: optionalString.pipe(z.url().optional()),
  HTTP_HOST: z.string().trim().default('127.0.0.1'),
  HTTP_PORT: port.default(3000),
  PLAYGROUND_PORT: port.default(8080),
  ADMIN_TELEGRAM_IDS: z
    .string()
    .trim()
    .default('')
    .transform((s) => (s === '' ? [] : s.split(',').map((x) => x.trim())))
    .pipe(z.array(z.string().regex(/^\d+$/, 'must be a comma-separated list of numeric Telegram ids')))
    .transform((ids) => ids.map(Number)),
  REMINDER_HOUR: z.coerce.number().int().min(0).max(23).default(8),
  QUIET_HOURS: hourRange.default('21-7'),
  DIGEST_WEEKDAY: z.coerce.number().int().min(0).max(6).default(1),
  DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(8),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(40),
  JOBS_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  // Only the playground reads it: "throwaway" lets it write demo data into MONGODB_URI.
  PLAYGROUND_DEMO_DATA: z.enum(['throwaway']).optional(),
});

const token = z
  .string()
  .trim()
  .regex(/^\d+:[A-Za-z0-9_-]{30,}$/, 'does not look like a token from @BotFather (digits:letters)');

const modes = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('playground') }),
  z.object({ mode: z.literal('polling'), BOT_TOKEN: token }),
  z.object({
    mode: z.literal('webhook'),
    BOT_TOKEN: token,
    WEBHOOK_URL: z.url().refine((u) => u.startsWith('https://'), 'must be an https:// address'),
    WEBHOOK_SECRET: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16-256 characters of A-Z a-z 0-9 _ -'),
  }),
]);

export type Config = z.infer<typeof base> & z.infer<typeof modes>;

export class ConfigError extends Error {}

function pickMode(env: NodeJS.ProcessEnv): 'playground' | 'polling' | 'webhook' {
  if (!env.BOT_TOKEN?.trim()) return 'playground';
  return env.WEBHOOK_URL?.trim() ? 'webhook' : 'polling';
}

export function loadConfig(rawEnv: NodeJS.ProcessEnv = process.env): Config {
  // `HTTP_PORT=` in a .env file means "not set", not 0 (z.coerce.number('') is 0).
  const env = Object.fromEntries(
    Object.entries(rawEnv).filter(([, v]) => v !== undefined && v.trim() !== ''),
  );
  const b = base.safeParse(env);
  if (!b.success) throw new ConfigError(describe(b.error, env));
  const m = modes.safeParse({ ...env, mode: pickMode(env) });
  if (!m.success) throw new ConfigError(describe(m.error, env));
  return { ...b.data, ...m.data } as Config;
}

/** What each setting must be, in words an operator reads. */
const expected: Record<string, string> = {
  MONGODB_URI: 'an address starting with mongodb:// or mongodb+srv://',
  DATA_DIR: 'a folder name',
  TIME_ZONE: 'a time zone name such as Asia/Ho_Chi_Minh',
  LOG_LEVEL: 'one of fatal, error, warn, info, debug, trace, silent',
  TELEGRAM_API_ROOT: 'an address such as http://127.0.0.1:8081',
  HTTP_HOST: 'a host name or address such as 127.0.0.1',
  HTTP_PORT: 'a whole number from 1 to 65535',
  PLAYGROUND_PORT: 'a whole number from 1 to 65535',
  ADMIN_TELEGRAM_IDS: 'a comma-separated list of numeric Telegram ids such as 123456,789012',
  REMINDER_HOUR: 'a whole number from 0 to 23',
  QUIET_HOURS: 'two hours from 0 to 23 written HH-HH, such as 21-7',
  DIGEST_WEEKDAY: 'a whole number from 0 (Sunday) to 6 (Saturday)',
  DIGEST_HOUR: 'a whole number from 0 to 23',
  RATE_LIMIT_PER_MINUTE: 'a whole number of at least 1',
  JOBS_ENABLED: 'true or false',
  PLAYGROUND_DEMO_DATA: 'throwaway or empty',
  BOT_TOKEN: 'the token from @BotFather (digits, a colon, then at least 30 letters, digits, _ or -)',
  WEBHOOK_URL: 'an https:// address',
  WEBHOOK_SECRET: '16 to 256 characters of A-Z a-z 0-9 _ -',
};

/** Settings whose value never appears in a message. */
const secretSettings = new Set(['BOT_TOKEN', 'WEBHOOK_SECRET', 'MONGODB_URI']);

function describe(error: z.ZodError, env: Record<string, string | undefined>): string {
  const issue = error.issues[0];
  const name = String(issue?.path[0] ?? 'environment');
  const what = expected[name] ?? issue?.message ?? 'valid';
  const value = env[name];
  if (value === undefined) {
    const need = name.startsWith('WEBHOOK_') ? ' when WEBHOOK_URL is set' : '';
    return `${name} is required${need}: it must be ${what}. See .env.example.`;
  }
  if (secretSettings.has(name)) return `${name} must be ${what}; the value given is not. See .env.example.`;
  const shownValue = value.length > 60 ? `${value.slice(0, 60)}…` : value;
  return `${name} must be ${what}, got "${shownValue}". See .env.example.`;
}

/**
 * Settings that are valid but have no effect here; main.ts logs each as a warning at start so
 * that nobody wonders why they did nothing.
 */
export function configWarnings(rawEnv: NodeJS.ProcessEnv = process.env): string[] {
  const set = (name: string) => Boolean(rawEnv[name]?.trim());
  const warnings: string[] = [];
  if (!set('BOT_TOKEN')) {
    for (const name of ['WEBHOOK_URL', 'WEBHOOK_SECRET'])
      if (set(name))
        warnings.push(
          `${name} is ignored: there is no BOT_TOKEN, so the playground runs instead of Telegram.`,
        );
  } else if (set('PLAYGROUND_DEMO_DATA')) {
    warnings.push('PLAYGROUND_DEMO_DATA is ignored: BOT_TOKEN is set, so no playground runs.');
  }
  return warnings;
}

/** [start, end) local hours during which nobody is messaged. */
export function quietHours(config: Pick<Config, 'QUIET_HOURS'>): { from: number; to: number } {
  const [from, to] = config.QUIET_HOURS.split('-').map(Number) as [number, number];
  return { from, to };
}
