import type { Api } from 'grammy';
import type { Logger } from '../logger.ts';
import type { InitiativeActionResult, ReplicationResult, VerifyResult } from '../services/reviews.ts';
import { sendDirect } from './notify.ts';
import { reviewNoticeText } from './views/review-texts.ts';

type Done =
  | Extract<InitiativeActionResult, { ok: true }>
  | Extract<VerifyResult, { ok: true }>
  | Extract<ReplicationResult, { ok: true }>;

/** Tells the cadre(s) concerned what a reviewer did, each in their own language. */
export async function tellCadres(api: Api, result: Done, logger: Logger): Promise<void> {
  await sendDirect(
    api,
    result.notify,
    (_t, lang) => reviewNoticeText(result, lang, { html: true }),
    null,
    logger,
  );
}
