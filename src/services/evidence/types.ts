/**
 * The real type of a file from its first bytes (magic numbers), never from its name or the type
 * the sender's app claimed. Only the handful of types evidence may be is recognised, plus ZIP
 * (and the Office formats built on it) so a refusal can say what the file really is. A package
 * such as `file-type` knows hundreds of formats but needs Node 22; these few signatures are
 * published in each format's specification (JPEG/JFIF, PNG, RIFF/WebP, ISO BMFF `ftyp` brands,
 * PDF, ZIP local file header).
 */
export function detectType(b: Uint8Array): string | null {
  const at = (offset: number, ascii: string) =>
    b.length >= offset + ascii.length && [...ascii].every((ch, i) => b[offset + i] === ch.charCodeAt(0));
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b[0] === 0x89 && at(1, 'PNG\r\n\x1a\n')) return 'image/png';
  if (at(0, 'RIFF') && at(8, 'WEBP')) return 'image/webp';
  if (at(0, '%PDF-')) return 'application/pdf';
  if (at(4, 'ftyp')) {
    const brand = String.fromCharCode(...b.slice(8, 12));
    if (['heic', 'heix', 'hevc', 'hevx', 'mif1', 'msf1'].includes(brand)) return 'image/heic';
    return 'video/mp4';
  }
  if (
    b.length >= 4 &&
    b[0] === 0x50 &&
    b[1] === 0x4b &&
    (b[2] === 3 || b[2] === 5) &&
    (b[3] === 4 || b[3] === 6)
  )
    return 'application/zip';
  return null;
}

const LABELS: Record<string, string> = {
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/webp': 'WebP',
  'image/heic': 'HEIC',
  'application/pdf': 'PDF',
  'video/mp4': 'MP4',
  'application/zip': 'ZIP',
};

export function typeLabel(mime: string): string {
  return LABELS[mime] ?? mime;
}
