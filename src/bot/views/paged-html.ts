import type { InlineKeyboard } from 'grammy';
import type { BotContext } from '../context.ts';

/**
 * Telegram takes at most 4,096 characters per message. A long card is sent as consecutive
 * messages, each within the limit, marked "1/3", "2/3"…: split between lines (the parts of a
 * card are lines), and only inside a part too long for one message, at a space outside any HTML
 * tag. Nothing is ever cut off.
 */
export const TELEGRAM_MESSAGE_LIMIT = 4096;

/** Room kept on each page for its "📄 2/3" marker line. */
const MARKER_ROOM = 24;

export function pageHtml(html: string, limit = TELEGRAM_MESSAGE_LIMIT): string[] {
  if (html.length <= limit) return [html];
  const room = limit - MARKER_ROOM;
  const pieces: string[] = [];
  for (const line of html.split('\n')) {
    if (line.length <= room) pieces.push(line);
    else pieces.push(...splitLine(line, room));
  }
  const pages: string[] = [];
  let page = '';
  for (const piece of pieces) {
    if (page && page.length + 1 + piece.length > room) {
      pages.push(page);
      page = piece;
    } else page = page ? `${page}\n${piece}` : piece;
  }
  if (page) pages.push(page);
  return pages.map((p, i) => `📄 ${i + 1}/${pages.length}\n${p}`);
}

/** A line cut at spaces outside tags into pieces of at most `room` characters. */
function splitLine(line: string, room: number): string[] {
  const out: string[] = [];
  let rest = line;
  while (rest.length > room) {
    let cut = -1;
    let inTag = false;
    let open = 0;
    for (let i = 0; i < room; i++) {
      const ch = rest[i];
      if (ch === '<') {
        inTag = true;
        open += rest[i + 1] === '/' ? -1 : 1;
      } else if (ch === '>') inTag = false;
      else if (ch === ' ' && !inTag && open === 0) cut = i;
    }
    // A single word longer than a message (never in practice): cut outside an entity.
    if (cut <= 0) {
      cut = room;
      const amp = rest.lastIndexOf('&', cut);
      if (amp > cut - 8 && rest.indexOf(';', amp) >= cut) cut = amp;
    }
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^ /, '');
  }
  if (rest) out.push(rest);
  return out;
}

/** Sends a card as consecutive messages within Telegram's limit; the buttons go on the last. */
export async function replyPaged(ctx: BotContext, html: string, kb?: InlineKeyboard): Promise<void> {
  const pages = pageHtml(html);
  for (const [i, page] of pages.entries()) {
    const last = i === pages.length - 1;
    await ctx.reply(page, { parse_mode: 'HTML', ...(last && kb ? { reply_markup: kb } : {}) });
  }
}
