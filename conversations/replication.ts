import type { BotDeps, FormContext, FormConversation } from '../src/bot/context.ts';
import { tellCadres } from '../src/bot/review-notices.ts';
import { reviewFailureText } from '../src/bot/views/review-texts.ts';
import { translator } from '../src/i18n.ts';
import {
  recordReplicaByCode,
  recordReplicationAtUnit,
  replicationCheck,
  sourceReplications,
} from '../src/services/replications.ts';
import { ask, complain, escapeHtml, send } from './form/engine.ts';
import { pickUnit, withChildFlags } from './form/unit-picker.ts';
import { type FormArgs, makeIO, plain } from './shared.ts';

export interface ReplicationArgs extends FormArgs {
  /** `m`: replicated as a model (its code); `u`: replicated at a unit. */
  kind: 'm' | 'u';
}

/**
 * Records a replication from the source's side (issue 10, item 5): "replicated as model Y" (asks
 * Y's code) or "replicated at unit X" (asks the unit). Checked before the first question and again
 * when the answer is in; counted once whichever side records it.
 */
export function replicationConversation(deps: BotDeps) {
  return async function replication(conversation: FormConversation, ctx: FormContext, args: ReplicationArgs) {
    const t = translator(args.lang);
    const io = await makeIO(conversation, t);
    const sourceId = args.targetId ?? '';
    const setup = await conversation.external(async (octx) => {
      const refused = await replicationCheck(octx.principal, sourceId, deps.clock);
      if (refused) return { refused: plain(refused) };
      const v = await sourceReplications(octx.principal, sourceId, deps.clock);
      if (!v.ok) return { refused: plain(v) };
      return plain({
        code: v.view.source.code,
        roots: await withChildFlags([v.view.root]),
      });
    });
    if ('refused' in setup) {
      await send(io, ctx, `⚠️ ${reviewFailureText(setup.refused, args.lang)}`);
      return;
    }
    if (args.kind === 'u') {
      const picked = await pickUnit(conversation, io, ctx, {
        roots: setup.roots,
        askKey: 'rp-ask-unit',
        canGoBack: false,
      });
      if (picked.kind !== 'picked') return void (await send(io, ctx, t('form-cancelled')));
      const r = await conversation.external(async (octx) =>
        plain(await recordReplicationAtUnit(octx.principal, { sourceId, unitId: picked.id }, deps.clock)),
      );
      if (!r.ok) return void (await send(io, picked.ctx, `⚠️ ${reviewFailureText(r, args.lang)}`));
      await send(
        io,
        picked.ctx,
        t(r.created ? 'rp-done-unit' : 'rp-already-unit', {
          code: setup.code,
          unit: escapeHtml(r.unitName),
          count: r.count,
        }),
      );
      return;
    }
    let current = ctx;
    for (;;) {
      const a = await ask(io, current, { text: t('rp-ask-code', { code: setup.code }) });
      if (a.kind === 'cancel') return void (await send(io, current, t('form-cancelled')));
      if (a.kind !== 'text') continue;
      current = a.ctx;
      const code = a.text.trim();
      const r = await conversation.external(async (octx) =>
        plain(await recordReplicaByCode(octx.principal, { sourceId, replicaCode: code }, deps.clock)),
      );
      if (!r.ok && r.reason === 'unknown-code') {
        await complain(io, current, { key: 'rq-source-not-found', args: { code: code.slice(0, 40) } });
        continue;
      }
      if (!r.ok) {
        await send(io, current, `⚠️ ${reviewFailureText(r, args.lang)}`);
        if (r.reason === 'invalid') continue;
        return;
      }
      await send(
        io,
        current,
        t('rp-done-model', {
          code: r.source.code,
          replica: r.replica.code,
          unit: escapeHtml(r.replicaUnitName),
          count: r.source.replicationCount ?? 0,
        }),
      );
      await conversation.external((octx) =>
        tellCadres(
          octx.api,
          { ...r, notify: r.notify.filter((n) => n.userId !== octx.principal.userId) },
          deps.logger,
        ),
      );
      return;
    }
  };
}
