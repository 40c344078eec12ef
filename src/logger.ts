import { type Logger, pino } from 'pino';

export type { Logger };

/** Structured logs. Tokens, secrets and phone numbers are redacted wherever they appear as keys. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: [
          'token',
          '*.token',
          'BOT_TOKEN',
          '*.BOT_TOKEN',
          'secret',
          '*.secret',
          'WEBHOOK_SECRET',
          'phone_number',
          '*.phone_number',
          '*.*.phone_number',
          'contact',
          '*.contact',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

/** Removes a bot token from any string (URLs of the Bot API carry it in the path). */
export function scrubToken(text: string): string {
  return text.replace(/bot\d+:[A-Za-z0-9_-]+/g, 'bot[redacted]');
}
