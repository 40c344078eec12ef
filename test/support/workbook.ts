import type ExcelJS from 'exceljs';
import { expect } from 'vitest';

/**
 * A sheet's rows as objects keyed by the header row (the row whose first cell is `firstHeader`);
 * fails the test, naming the sheet, when there is no such row.
 */
export function table(ws: ExcelJS.Worksheet, firstHeader: string): Record<string, unknown>[] {
  const all: unknown[][] = [];
  ws.eachRow((row) => {
    all.push((row.values as unknown[]).slice(1));
  });
  const h = all.findIndex((r) => r[0] === firstHeader);
  expect(h, `no header row starting "${firstHeader}" in ${ws.name}`).toBeGreaterThanOrEqual(0);
  const header = all[h]!.map(String);
  return all.slice(h + 1).map((r) => Object.fromEntries(header.map((k, i) => [k, r[i] ?? null])));
}
