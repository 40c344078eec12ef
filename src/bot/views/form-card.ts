import { type FormField, type ShowEnv, shownValue } from '../../domain/forms/field.ts';
import { escapeHtml } from '../../domain/text.ts';

/**
 * A record's card from its form table: the values the card's heading message places
 * (`card: { head }`), escaped, and one line `<b>label</b>: value` per body part, in table order.
 * Every value is shown in full (long cards are paged by the sender, never cut).
 */
export function cardParts(
  fields: readonly FormField<never>[],
  record: Record<string, unknown>,
  env: ShowEnv,
  opts: { empty?: string } = {},
): { head: Record<string, string>; body: string } {
  const head: Record<string, string> = {};
  const lines: string[] = [];
  for (const f of fields) {
    if (f.card === false) continue;
    const value = shownValue(f, record[f.key], env, 'card');
    if (typeof f.card === 'object') {
      head[f.card.head] = escapeHtml(value);
      continue;
    }
    // Parts left empty are left out, or shown as `opts.empty` (e.g. "—").
    if (!value && opts.empty === undefined) continue;
    lines.push(`<b>${escapeHtml(env.t(f.labelKey))}</b>: ${value ? escapeHtml(value) : opts.empty}`);
  }
  return { head, body: lines.join('\n') };
}
