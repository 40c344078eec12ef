import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, configWarnings, loadConfig, quietHours } from '../../src/config.ts';

const TOKEN = '123456789:AAHsecretSECRETsecret_SECRET-secret42';
const SECRET = 'webhook_secret_0123456789';

/** The message loadConfig stops with, or 'loaded'. */
function failure(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
    return 'loaded';
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
}

/** Stops start-up with one line that names `setting` and shows no secret. */
function expectStop(env: NodeJS.ProcessEnv, setting: string) {
  const msg = failure(env);
  expect(msg).not.toBe('loaded');
  expect(msg).toMatch(new RegExp(`^${setting} (must be|is required)\\b`));
  expect(msg).not.toContain('\n');
  // Plain words, never the validator's ("Too big: expected number to be <=65535", "Invalid input").
  expect(msg).not.toMatch(/too (big|small)|invalid|expected|received|NaN|<=|>=/i);
  for (const secret of [TOKEN, TOKEN.split(':')[1]!, SECRET, env.BOT_TOKEN, env.WEBHOOK_SECRET])
    if (secret) expect(msg).not.toContain(secret);
  return msg;
}

describe('loadConfig: modes', () => {
  it('with no settings runs the playground with the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      mode: 'playground',
      DATA_DIR: './data',
      TIME_ZONE: 'Asia/Ho_Chi_Minh',
      LOG_LEVEL: 'info',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: 3000,
      PLAYGROUND_PORT: 8080,
      ADMIN_TELEGRAM_IDS: [],
      REMINDER_HOUR: 8,
      QUIET_HOURS: '21-7',
      DIGEST_WEEKDAY: 1,
      DIGEST_HOUR: 8,
      RATE_LIMIT_PER_MINUTE: 40,
      JOBS_ENABLED: true,
    });
    expect(c.MONGODB_URI).toBeUndefined();
    expect(c.TELEGRAM_API_ROOT).toBeUndefined();
    expect('BOT_TOKEN' in c).toBe(false);
    expect(quietHours(c)).toEqual({ from: 21, to: 7 });
  });

  it('a blank BOT_TOKEN is no token', () => {
    expect(loadConfig({ BOT_TOKEN: '   ' }).mode).toBe('playground');
    // A webhook address alone does not start Telegram mode.
    expect(loadConfig({ WEBHOOK_URL: 'https://bot.example.vn/hook' }).mode).toBe('playground');
  });

  it('with BOT_TOKEN polls Telegram', () => {
    const c = loadConfig({ BOT_TOKEN: ` ${TOKEN} ` });
    expect(c.mode).toBe('polling');
    expect(c.mode === 'polling' && c.BOT_TOKEN).toBe(TOKEN);
  });

  it('with BOT_TOKEN, WEBHOOK_URL and WEBHOOK_SECRET takes webhooks', () => {
    const c = loadConfig({
      BOT_TOKEN: TOKEN,
      WEBHOOK_URL: 'https://bot.example.vn/hook',
      WEBHOOK_SECRET: SECRET,
    });
    expect(c).toMatchObject({
      mode: 'webhook',
      BOT_TOKEN: TOKEN,
      WEBHOOK_URL: 'https://bot.example.vn/hook',
      WEBHOOK_SECRET: SECRET,
    });
  });

  it('the .env.example copied as it is starts the playground', () => {
    const text = readFileSync(path.resolve(import.meta.dirname, '../../.env.example'), 'utf8');
    const env: NodeJS.ProcessEnv = {};
    for (const line of text.split('\n')) {
      const m = /^([A-Z_]+)=(.*)$/.exec(line);
      if (m) env[m[1]!] = m[2]!;
    }
    expect(Object.keys(env).length).toBeGreaterThan(15);
    const c = loadConfig(env);
    expect(c).toMatchObject({
      mode: 'playground',
      HTTP_PORT: 3000,
      TIME_ZONE: 'Asia/Ho_Chi_Minh',
      JOBS_ENABLED: true,
    });
    expect(c.MONGODB_URI).toBeUndefined();
    expect(c.ADMIN_TELEGRAM_IDS).toEqual([]);
  });
});

describe('loadConfig: a wrong setting stops start-up with one line naming it', () => {
  it('WEBHOOK_URL without WEBHOOK_SECRET names WEBHOOK_SECRET and not the token', () => {
    const msg = expectStop(
      { BOT_TOKEN: TOKEN, WEBHOOK_URL: 'https://bot.example.vn/hook' },
      'WEBHOOK_SECRET',
    );
    expect(msg).toBe(
      'WEBHOOK_SECRET is required when WEBHOOK_URL is set: it must be 16 to 256 characters of A-Z a-z 0-9 _ -. See .env.example.',
    );
  });

  it('a short or oddly written WEBHOOK_SECRET', () => {
    expectStop(
      { BOT_TOKEN: TOKEN, WEBHOOK_URL: 'https://bot.example.vn/hook', WEBHOOK_SECRET: 'short' },
      'WEBHOOK_SECRET',
    );
    expectStop(
      {
        BOT_TOKEN: TOKEN,
        WEBHOOK_URL: 'https://bot.example.vn/hook',
        WEBHOOK_SECRET: 'has spaces in it, sixteen+',
      },
      'WEBHOOK_SECRET',
    );
  });

  it('a WEBHOOK_URL that is not https', () => {
    expectStop(
      { BOT_TOKEN: TOKEN, WEBHOOK_URL: 'http://bot.example.vn/hook', WEBHOOK_SECRET: SECRET },
      'WEBHOOK_URL',
    );
    expectStop({ BOT_TOKEN: TOKEN, WEBHOOK_URL: 'bot.example.vn', WEBHOOK_SECRET: SECRET }, 'WEBHOOK_URL');
  });

  it.each([
    'AAHsecretSECRETsecret_SECRET-secret42',
    '123456789:short',
    '123456789:AAH secret SECRET secret SECRET secret',
    'abc:AAHsecretSECRETsecret_SECRET-secret42',
  ])('a malformed BOT_TOKEN (%#) is named, never shown', (token) => {
    const msg = expectStop({ BOT_TOKEN: token }, 'BOT_TOKEN');
    expect(msg).not.toContain(token.trim());
    expect(msg).toContain('@BotFather');
  });

  it('a MONGODB_URI with another scheme, without showing its password', () => {
    const msg = expectStop({ MONGODB_URI: 'postgres://dan:hunter2@db.example.vn/dvk' }, 'MONGODB_URI');
    expect(msg).not.toContain('hunter2');
    expect(msg).toContain('mongodb://');
    expect(loadConfig({ MONGODB_URI: 'mongodb+srv://u:p@cluster.example.net/dvk' }).MONGODB_URI).toBe(
      'mongodb+srv://u:p@cluster.example.net/dvk',
    );
  });

  it('an unknown TIME_ZONE', () => {
    expectStop({ TIME_ZONE: 'Mars/Olympus_Mons' }, 'TIME_ZONE');
    expectStop({ TIME_ZONE: 'GMT+7 Hà Nội' }, 'TIME_ZONE');
    expect(loadConfig({ TIME_ZONE: 'Asia/Bangkok' }).TIME_ZONE).toBe('Asia/Bangkok');
  });

  it.each(['25-7', '21', '21:00-07:00', '9pm-7am', '21-24', '-1-7'])('QUIET_HOURS=%s', (value) => {
    expectStop({ QUIET_HOURS: value }, 'QUIET_HOURS');
  });

  it('accepts QUIET_HOURS written HH-HH', () => {
    expect(quietHours(loadConfig({ QUIET_HOURS: '22-6' }))).toEqual({ from: 22, to: 6 });
    expect(quietHours(loadConfig({ QUIET_HOURS: '0-5' }))).toEqual({ from: 0, to: 5 });
    expect(quietHours(loadConfig({ QUIET_HOURS: '23-07' }))).toEqual({ from: 23, to: 7 });
  });

  it.each([
    ['HTTP_PORT', '70000'],
    ['HTTP_PORT', 'abc'],
    ['PLAYGROUND_PORT', '-1'],
    ['REMINDER_HOUR', '24'],
    ['REMINDER_HOUR', '8.5'],
    ['DIGEST_WEEKDAY', '7'],
    ['DIGEST_HOUR', 'sáng'],
    ['RATE_LIMIT_PER_MINUTE', '0'],
    ['LOG_LEVEL', 'verbose'],
    ['JOBS_ENABLED', 'yes'],
    ['ADMIN_TELEGRAM_IDS', '123,@admin'],
    ['TELEGRAM_API_ROOT', 'not an address'],
  ])('%s=%s', (name, value) => {
    expectStop({ [name]: value }, name);
  });

  it('says what a number setting must be and what it got, in one sentence', () => {
    expect(failure({ HTTP_PORT: 'abc' })).toBe(
      'HTTP_PORT must be a whole number from 1 to 65535, got "abc". See .env.example.',
    );
    expect(failure({ PLAYGROUND_PORT: '70000' })).toBe(
      'PLAYGROUND_PORT must be a whole number from 1 to 65535, got "70000". See .env.example.',
    );
    expect(failure({ HTTP_PORT: '0' })).toBe(
      'HTTP_PORT must be a whole number from 1 to 65535, got "0". See .env.example.',
    );
    expect(failure({ REMINDER_HOUR: '8.5' })).toBe(
      'REMINDER_HOUR must be a whole number from 0 to 23, got "8.5". See .env.example.',
    );
    expect(failure({ QUIET_HOURS: '9pm-7am' })).toBe(
      'QUIET_HOURS must be two hours from 0 to 23 written HH-HH, such as 21-7, got "9pm-7am". See .env.example.',
    );
    expect(failure({ JOBS_ENABLED: 'yes' })).toBe(
      'JOBS_ENABLED must be true or false, got "yes". See .env.example.',
    );
  });

  it('names a wrong secret without showing it', () => {
    expect(failure({ BOT_TOKEN: '123456789:short' })).toBe(
      'BOT_TOKEN must be the token from @BotFather (digits, a colon, then at least 30 letters, digits, _ or -); the value given is not. See .env.example.',
    );
  });

  it('PLAYGROUND_DEMO_DATA is throwaway or nothing', () => {
    expect(loadConfig({}).PLAYGROUND_DEMO_DATA).toBeUndefined();
    expect(loadConfig({ PLAYGROUND_DEMO_DATA: 'throwaway' }).PLAYGROUND_DEMO_DATA).toBe('throwaway');
    expect(failure({ PLAYGROUND_DEMO_DATA: 'yes' })).toBe(
      'PLAYGROUND_DEMO_DATA must be throwaway or empty, got "yes". See .env.example.',
    );
  });

  it('reads the numbers and lists it accepts', () => {
    const c = loadConfig({
      HTTP_PORT: '8443',
      ADMIN_TELEGRAM_IDS: '123, 456',
      JOBS_ENABLED: 'false',
      REMINDER_HOUR: '7',
      LOG_LEVEL: 'silent',
    });
    expect(c).toMatchObject({
      HTTP_PORT: 8443,
      ADMIN_TELEGRAM_IDS: [123, 456],
      JOBS_ENABLED: false,
      REMINDER_HOUR: 7,
      LOG_LEVEL: 'silent',
    });
  });

  it('an empty value means the default, never a silent zero', () => {
    const c = loadConfig({
      HTTP_PORT: '',
      PLAYGROUND_PORT: ' ',
      REMINDER_HOUR: '',
      DIGEST_WEEKDAY: '',
      DIGEST_HOUR: '',
      RATE_LIMIT_PER_MINUTE: '',
      TIME_ZONE: '',
      QUIET_HOURS: '',
      LOG_LEVEL: '',
      JOBS_ENABLED: '',
      DATA_DIR: '',
    });
    expect(c).toMatchObject({
      HTTP_PORT: 3000,
      PLAYGROUND_PORT: 8080,
      REMINDER_HOUR: 8,
      DIGEST_WEEKDAY: 1,
      DIGEST_HOUR: 8,
      RATE_LIMIT_PER_MINUTE: 40,
      TIME_ZONE: 'Asia/Ho_Chi_Minh',
      QUIET_HOURS: '21-7',
      LOG_LEVEL: 'info',
      JOBS_ENABLED: true,
      DATA_DIR: './data',
    });
  });

  it('a wrong base setting next to a valid token never shows the token', () => {
    for (const [name, value] of [
      ['TIME_ZONE', 'Nowhere/Land'],
      ['MONGODB_URI', 'http://x'],
      ['QUIET_HOURS', 'x'],
    ] as const)
      expectStop(
        {
          BOT_TOKEN: TOKEN,
          WEBHOOK_URL: 'https://bot.example.vn/hook',
          WEBHOOK_SECRET: SECRET,
          [name]: value,
        },
        name,
      );
  });
});

describe('configWarnings: settings that do nothing are said at start', () => {
  it('WEBHOOK_URL or WEBHOOK_SECRET without BOT_TOKEN is ignored, and the warning says so', () => {
    expect(configWarnings({ WEBHOOK_URL: 'https://bot.example.vn/hook' })).toEqual([
      'WEBHOOK_URL is ignored: there is no BOT_TOKEN, so the playground runs instead of Telegram.',
    ]);
    const both = configWarnings({ WEBHOOK_URL: 'https://bot.example.vn/hook', WEBHOOK_SECRET: SECRET });
    expect(both).toHaveLength(2);
    expect(both.join(' ')).not.toContain(SECRET);
  });

  it('no warning when the webhook settings are used, or when nothing is set', () => {
    expect(configWarnings({})).toEqual([]);
    expect(
      configWarnings({
        BOT_TOKEN: TOKEN,
        WEBHOOK_URL: 'https://bot.example.vn/hook',
        WEBHOOK_SECRET: SECRET,
      }),
    ).toEqual([]);
    expect(configWarnings({ BOT_TOKEN: ' ', WEBHOOK_URL: ' ' })).toEqual([]);
  });

  it('PLAYGROUND_DEMO_DATA next to a BOT_TOKEN is ignored', () => {
    expect(configWarnings({ BOT_TOKEN: TOKEN, PLAYGROUND_DEMO_DATA: 'throwaway' })).toEqual([
      'PLAYGROUND_DEMO_DATA is ignored: BOT_TOKEN is set, so no playground runs.',
    ]);
  });
});
