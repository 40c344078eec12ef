import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n.ts';

const dir = path.resolve(import.meta.dirname, '../../src/locales');

/** Each message id with its file and the variables its text uses (continuation lines included). */
function messages(lang: string): Map<string, { file: string; vars: string[] }> {
  const out = new Map<string, { file: string; vars: string[] }>();
  for (const file of readdirSync(path.join(dir, lang))) {
    const text = readFileSync(path.join(dir, lang, file), 'utf8');
    for (const m of text.matchAll(/^([a-z][a-z0-9-]*)\s*=(.*(?:\n[ \t]+.*)*)/gm)) {
      const vars = [...new Set([...m[2]!.matchAll(/\$([a-zA-Z][\w-]*)/g)].map((v) => v[1]!))].sort();
      out.set(m[1]!, { file, vars });
    }
  }
  return out;
}

describe('locales', () => {
  const vi = messages('vi');
  const en = messages('en');

  it('have every Vietnamese message in English and the other way round', () => {
    expect([...vi.keys()].filter((k) => !en.has(k))).toEqual([]);
    expect([...en.keys()].filter((k) => !vi.has(k))).toEqual([]);
    expect(vi.size).toBeGreaterThan(100);
  });

  it('keep each message in the same feature file in both languages', () => {
    expect([...vi].filter(([k, v]) => en.get(k)?.file !== v.file).map(([k]) => k)).toEqual([]);
  });

  it('use the same variables in both languages', () => {
    expect([...vi].filter(([k, v]) => en.get(k)?.vars.join() !== v.vars.join()).map(([k]) => k)).toEqual([]);
  });

  it('resolve every message with its variables', () => {
    for (const [lang, msgs] of [
      ['vi', vi],
      ['en', en],
    ] as const) {
      const t = translator(lang);
      for (const [id, { vars }] of msgs) {
        const text = t(id, Object.fromEntries(vars.map((v) => [v, 'x'])));
        expect(text, `${lang}:${id}`).not.toBe(id);
        expect(text, `${lang}:${id}`).not.toMatch(/\{\$|\{\?\?\?\}/);
      }
    }
  });
});
