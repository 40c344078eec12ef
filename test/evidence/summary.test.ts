import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import { ProgressReport } from '../../src/db/models/index.ts';
import { translator } from '../../src/i18n.ts';
import { confirmModel } from '../../src/services/evidence/citizens.ts';
import { evidenceSummary, formatEvidenceSummary } from '../../src/services/evidence/summary.ts';
import { buildExportWorkbook } from '../../src/services/exports.ts';
import { useTestDatabase } from '../support/database.ts';
import { makeInitiative, makeReport, makeUser, NOW, seedWorld, type World } from '../support/fixtures.ts';

useTestDatabase({ clean: 'each' });

let world: World;
beforeEach(async () => {
  world = await seedWorld();
});

async function flaggedReport(unitIndex: number, flags: string[]) {
  const cadre = await makeUser('cadre', world.communes[unitIndex]!);
  const ini = await makeInitiative(world, cadre, world.communes[unitIndex]!, { status: 'nurturing' });
  const r = await makeReport(ini, cadre, '2026-11');
  await ProgressReport.updateOne({ _id: r._id }, { $set: { 'evidence.0.flags': flags } });
  return ini;
}

describe('flagged reports and the people in the summary and the workbook', () => {
  it('counts flagged reports per unit and the confirmations in scope', async () => {
    const a = await flaggedReport(0, ['reused']);
    await flaggedReport(0, ['capture-date']);
    await flaggedReport(0, []);
    await flaggedReport(1, ['reused', 'capture-date']);
    await flaggedReport(2, []);
    const tz = 'Asia/Ho_Chi_Minh';
    const answer = { knows: true, benefits: true, rating: 4, comment: '' };
    await confirmModel(String(a._id), 1, answer, NOW, tz);
    await confirmModel(String(a._id), 2, { ...answer, rating: 5 }, NOW, tz);
    await confirmModel(
      String(a._id),
      3,
      { knows: false, benefits: false, rating: null, comment: '' },
      NOW,
      tz,
    );

    const s = await evidenceSummary({ campaignId: world.campaign._id, scopeUnitId: world.chauThanh._id });
    expect(s.reports).toBe(5);
    expect(s.flagged).toBe(3);
    expect(s.byUnit.map((u) => [u.unit, u.flagged, u.reports])).toEqual([
      ['Xã Bình An', 2, 3],
      ['Xã Giục Tượng', 1, 1],
    ]);
    expect(s.people).toEqual({ count: 3, models: 1, rating: 4.5 });
    const text = formatEvidenceSummary(s, translator('vi'), (x) => x);
    expect(text).toContain('• Xã Bình An: 2/3 báo cáo');
    expect(text).toContain('3 lượt cho 1 mô hình, điểm trung bình 4,5/5');

    const only = await evidenceSummary({
      campaignId: world.campaign._id,
      scopeUnitId: world.communes[1]!._id,
    });
    expect([only.reports, only.flagged, only.people.count]).toEqual([1, 1, 0]);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(
      (await buildExportWorkbook({
        campaign: world.campaign,
        today: '2026-11-27',
      })) as unknown as ArrayBuffer,
    );
    const models = wb.getWorksheet('Mô hình')!;
    const head = (models.getRow(1).values as unknown[]).slice(1);
    const ci = head.indexOf('Người dân xác nhận');
    expect(ci).toBeGreaterThan(0);
    let row: unknown[] = [];
    models.eachRow((r) => {
      const v = (r.values as unknown[]).slice(1);
      if (v[0] === a.code) row = v;
    });
    expect(row.slice(ci, ci + 2)).toEqual([3, 4.5]);
    const reports = wb.getWorksheet('Báo cáo')!;
    const rhead = (reports.getRow(1).values as unknown[]).slice(1);
    const fi = rhead.indexOf('Cờ minh chứng');
    const flags: string[] = [];
    reports.eachRow((r, n) => {
      if (n > 1) flags.push(String((r.values as unknown[]).slice(1)[fi] ?? ''));
    });
    expect(flags.sort()).toEqual(
      ['', '', 'ngày chụp ngoài kỳ', 'ảnh dùng lại', 'ảnh dùng lại, ngày chụp ngoài kỳ'].sort(),
    );
  });
});
