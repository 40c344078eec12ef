/**
 * Telegram refuses a message whose HTML it cannot parse ("can't parse entities"), and so does the
 * in-process Bot API (playground and tests), so a bug such as an unescaped "<" from a person's
 * answer shows up there first rather than in production. The rules are Telegram's parse_mode=HTML
 * subset (https://core.telegram.org/bots/api#html-style), read strictly: what passes here, Telegram
 * parses.
 */
const ALLOWED = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'span',
  'tg-spoiler',
  'a',
  'code',
  'pre',
  'blockquote',
  'tg-emoji',
]);

/** The only entities Telegram decodes: the four named ones and numeric ones. */
const ENTITY = /^&(?:lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});/;
const TAG =
  /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:"[^"<]*"|'[^'<]*'|[^\s"'<>]+))?)*)\s*>/;

/**
 * Why Telegram would refuse this text in HTML parse mode ("can't parse entities: …"), or null if it
 * parses: only its tags, properly nested and closed, a span only as a spoiler; every `<`, `>` and
 * `&` that is not part of a tag written as an entity (`&lt;` `&gt;` `&amp;` `&quot;` or numeric).
 */
export function telegramHtmlProblem(text: string): string | null {
  const open: string[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '&') {
      const m = ENTITY.exec(text.slice(i));
      if (!m) return `unsupported HTML entity (write &amp;) at byte offset ${offset(text, i)}`;
      i += m[0].length;
      continue;
    }
    if (ch === '>') return `unexpected ">" (write &gt;) at byte offset ${offset(text, i)}`;
    if (ch !== '<') {
      i++;
      continue;
    }
    const m = TAG.exec(text.slice(i));
    if (!m) return `unexpected "<" (not a tag; write &lt;) at byte offset ${offset(text, i)}`;
    const [whole, closing, rawName, attrs] = m;
    const name = rawName!.toLowerCase();
    if (!ALLOWED.has(name)) return `unsupported start tag "${name}" at byte offset ${offset(text, i)}`;
    if (closing) {
      if (open.at(-1) !== name) {
        return `can't find start tag corresponding to end tag "${name}" at byte offset ${offset(text, i)}`;
      }
      open.pop();
    } else {
      if (name === 'span' && !/class\s*=\s*["']?tg-spoiler/.test(attrs ?? '')) {
        return `tag "span" must have class "tg-spoiler" at byte offset ${offset(text, i)}`;
      }
      open.push(name);
    }
    i += whole!.length;
  }
  if (open.length) return `can't find end tag corresponding to start tag "${open.at(-1)}"`;
  return null;
}

/** The text Telegram shows: tags removed, entities decoded (for length checks and notifications). */
export function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(Number.parseInt(n, 16)))
    .replace(/&amp;/g, '&');
}

function offset(text: string, i: number): number {
  return Buffer.byteLength(text.slice(0, i));
}
