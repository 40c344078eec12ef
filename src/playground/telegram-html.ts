/**
 * Telegram refuses a message whose HTML it cannot parse ("can't parse entities"), and so does the
 * playground, so a bug such as an unescaped "<" from a person's answer shows up here first
 * rather than in production. The rules are Telegram's parse_mode=HTML subset.
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

const ENTITY = /^&(lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});/;

/** The reason Telegram would give, or null if the text is fine. */
export function telegramHtmlProblem(text: string): string | null {
  const open: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '&') {
      const named = /^&([a-zA-Z][a-zA-Z0-9]*);/.exec(text.slice(i));
      if (named && !ENTITY.test(text.slice(i))) {
        return `Can't parse entities: unsupported HTML entity "&${named[1]};" at byte offset ${offset(text, i)}`;
      }
      continue;
    }
    if (ch !== '<') continue;
    const m =
      /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*>/.exec(
        text.slice(i),
      );
    if (!m) {
      return `Can't parse entities: unexpected "<" (not a tag; write &lt;) at byte offset ${offset(text, i)}`;
    }
    const [whole, closing, rawName, attrs] = m;
    const name = rawName!.toLowerCase();
    if (!ALLOWED.has(name)) {
      return `Can't parse entities: unsupported start tag "${name}" at byte offset ${offset(text, i)}`;
    }
    if (closing) {
      if (open.at(-1) !== name) {
        return `Can't parse entities: can't find start tag corresponding to end tag "${name}" at byte offset ${offset(text, i)}`;
      }
      open.pop();
    } else {
      if (name === 'span' && !/class\s*=\s*["']?tg-spoiler/.test(attrs ?? '')) {
        return `Can't parse entities: tag "span" must have class "tg-spoiler" at byte offset ${offset(text, i)}`;
      }
      open.push(name);
    }
    i += whole!.length - 1;
  }
  if (open.length)
    return `Can't parse entities: can't find end tag corresponding to start tag "${open.at(-1)}"`;
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
