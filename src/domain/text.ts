/** Text shown in Telegram's HTML parse mode: user-typed values are escaped before insertion. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Long answers are shortened in summaries and buttons. */
export function clip(s: string, n = 160): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
