/**
 * Reads the request bodies of grammY's Bot API calls, and the multipart/form-data ones it sends
 * when a method carries a file (sendPhoto with a chart, sendDocument with an export). grammY writes `filename=` without quotes, which the
 * platform's FormData parser does not accept, hence this small reader.
 */
export interface Part {
  name: string;
  filename: string | null;
  data: Buffer;
}

export function parseMultipart(body: Buffer, contentType: string): Part[] {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!m) throw new Error('multipart body without a boundary');
  const boundary = Buffer.from(`--${(m[1] ?? m[2])!.trim()}`);
  const parts: Part[] = [];
  let start = body.indexOf(boundary);
  while (start >= 0) {
    let from = start + boundary.length;
    if (body.subarray(from, from + 2).toString() === '--') break;
    if (body.subarray(from, from + 2).toString() === '\r\n') from += 2;
    const next = body.indexOf(boundary, from);
    if (next < 0) break;
    // The part ends with CRLF before the next boundary.
    const raw = body.subarray(from, next - 2);
    const headerEnd = raw.indexOf('\r\n\r\n');
    if (headerEnd >= 0) {
      const headers = raw.subarray(0, headerEnd).toString('utf8');
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      const file = /filename=(?:"([^"]*)"|([^\r\n;]*))/i.exec(headers);
      if (name !== undefined) {
        parts.push({
          name,
          filename: file ? (file[1] ?? file[2] ?? '').trim() : null,
          data: Buffer.from(raw.subarray(headerEnd + 4)),
        });
      }
    }
    start = next;
  }
  return parts;
}

/**
 * The parameters of one Bot API call as grammY sends them: JSON, or multipart with files. An
 * uploaded file becomes `{ data, filename, bytes }` wherever `attach://name` names it; text fields
 * holding JSON (a keyboard, a media list) are parsed.
 */
export async function readBotApiPayload(init?: RequestInit): Promise<Record<string, unknown>> {
  const body = init?.body;
  if (!body) return {};
  if (typeof body === 'string') return JSON.parse(body) as Record<string, unknown>;
  const headers = new Headers(init?.headers as ConstructorParameters<typeof Headers>[0]);
  const chunks: Uint8Array[] = [];
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
  const parts = parseMultipart(Buffer.concat(chunks), headers.get('content-type') ?? '');
  const files = new Map(parts.filter((x) => x.filename !== null).map((x) => [x.name, x]));
  const resolve = (v: unknown): unknown => {
    if (typeof v === 'string' && v.startsWith('attach://')) {
      const f = files.get(v.slice('attach://'.length));
      return f ? { data: f.data, filename: f.filename, bytes: f.data.length } : v;
    }
    if (Array.isArray(v)) return v.map(resolve);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
    return v;
  };
  const out: Record<string, unknown> = {};
  for (const part of parts) {
    if (part.filename !== null) continue;
    const text = part.data.toString('utf8');
    let value: unknown = text;
    if (/^[[{]/.test(text)) {
      try {
        value = JSON.parse(text);
      } catch {
        value = text;
      }
    }
    out[part.name] = resolve(value);
  }
  return out;
}

const MIME: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  xls: 'application/vnd.ms-excel',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  doc: 'application/msword',
  csv: 'text/csv; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  json: 'application/json',
  zip: 'application/zip',
  mp4: 'video/mp4',
};

export function mimeOf(filename: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
  return MIME[ext] ?? 'application/octet-stream';
}
