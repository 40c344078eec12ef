import type { NextFunction } from 'grammy';
import { scrubToken } from '../../logger.ts';
import type { BotContext } from '../context.ts';

/**
 * The last line of defence: whatever fails while handling an update is logged (without the
 * token) and the person still gets an answer instead of silence.
 */
export async function errorBoundary(ctx: BotContext, next: NextFunction): Promise<void> {
  try {
    await next();
  } catch (err) {
    const e = err as Error;
    ctx.log.error(
      { err: { message: scrubToken(e.message), stack: scrubToken(e.stack ?? '') } },
      'update failed',
    );
    if (ctx.chat?.type === 'private') {
      try {
        if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => {});
        await ctx.reply(
          ctx.t
            ? ctx.t('error-unexpected')
            : 'Đã có lỗi, vui lòng thử lại. / Something went wrong, please try again.',
        );
      } catch {
        // Telegram unreachable: nothing more to do for this update.
      }
    }
  }
}
