import { z } from 'zod';

/**
 * The whole environment, parsed once at start. `loadConfig` never throws a zod dump at the
 * operator: it returns one line naming the setting that is wrong, and never echoes a secret.
 */

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const port = z.coerce.number().int().min(0).max(65535);

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
  if (!b.success) throw new ConfigError(describe(b.error));
  const m = modes.safeParse({ ...env, mode: pickMode(env) });
  if (!m.success) throw new ConfigError(describe(m.error));
  return { ...b.data, ...m.data } as Config;
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  const name = issue?.path.join('.') || 'environment';
  const what = issue?.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue?.message;
  return `Setting ${name} ${what}. See .env.example.`;
}

/** [start, end) local hours during which nobody is messaged. */
export function quietHours(config: Pick<Config, 'QUIET_HOURS'>): { from: number; to: number } {
  const [from, to] = config.QUIET_HOURS.split('-').map(Number) as [number, number];
  return { from, to };
}
