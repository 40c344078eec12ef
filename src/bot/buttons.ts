import type { NextFunction } from 'grammy';
import type { BotContext } from './context.ts';

interface Parser<V> {
  parse(data: string): V | null;
}

/**
 * The handler of one typed button (`composer.callbackQuery(def.pattern, button(def, …))`). This
 * is the one place a forged or stale payload is refused: when it does not parse (wrong shape, bad
 * id, unknown value, over 64 bytes) the person is told "this button is no longer valid"
 * (`staleKey`) and nothing else happens. With `when`, a payload that parses but is meant for
 * another handler (the campaign picker's targets) goes on to the next one.
 */
export function button<V, C extends BotContext>(
  def: Parser<V>,
  handler: (ctx: C, values: V) => unknown,
  opts: { when?: (values: V) => boolean; staleKey?: string; alert?: boolean } = {},
): (ctx: C, next: NextFunction) => Promise<void> {
  return async (ctx, next) => {
    const values = def.parse(ctx.callbackQuery?.data ?? '');
    if (values === null) {
      await ctx.answerCallbackQuery({
        text: ctx.t(opts.staleKey ?? 'form-button-stale'),
        ...(opts.alert ? { show_alert: true } : {}),
      });
      return;
    }
    if (opts.when && !opts.when(values)) return next();
    await handler(ctx, values);
  };
}
