import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runAdmin } from '../../src/admin/commands.ts';
import { ManualClock } from '../../src/clock.ts';
import { Campaign, type CampaignDoc, Unit } from '../../src/db/models/index.ts';
import { localDay } from '../../src/domain/calendar.ts';
import { dateWords } from '../../src/services/documents/format.ts';
import { buildDocument, type DocumentRequest } from '../../src/services/documents/index.ts';
import { useTestDatabase } from '../support/database.ts';
import { clock, day, monthShown, shown, TODAY, TZ } from '../support/fixtures.ts';
import { type DocWorld, ROUND, seedDocuments } from './dataset.ts';
import { type DocxPackage, para, readDocx, tables } from './docx-reader.ts';

/*
 * The three documents of issue 11, opened with an independent reader (fflate + fast-xml-parser):
 * the package is valid (what Word's repair complains about), the header parts are where the
 * layout puts them, the number and symbol, every figure against the known dataset, the tables'
 * rows, Vietnamese numbers, dates and order.
 */

useTestDatabase({ clean: 'never' });

let d: DocWorld;
beforeAll(async () => {
  d = await seedDocuments();
});

const mm = (x: number) => Math.round((x * 1440) / 25.4);
const [y, mo, dd] = TODAY.split('-').map(Number) as [number, number, number];
/** The date line's words for the base date, as both layouts write them. */
const todayWords = `ngày ${String(dd).padStart(2, '0')} tháng ${mo <= 2 ? String(mo).padStart(2, '0') : mo} năm ${y}`;

async function build(o: Partial<DocumentRequest> & Pick<DocumentRequest, 'kind'>): Promise<DocxPackage> {
  const doc = await buildDocument({
    campaign: d.campaign,
    scopeUnitId: String(d.world.chauThanh._id),
    defCode: ROUND,
    today: TODAY,
    timeZone: TZ,
    ...o,
  });
  expect(doc.fileName).toMatch(/\.docx$/);
  return readDocx(doc.buffer);
}

function expectValidPackage(p: DocxPackage) {
  expect(p.malformed).toEqual([]);
  expect(p.untyped).toEqual([]);
  expect(p.danglingRelationships).toEqual([]);
  for (const part of ['[Content_Types].xml', '_rels/.rels', 'word/document.xml', 'word/styles.xml'])
    expect(Object.keys(p.files)).toContain(part);
  expect(p.xml('word/_rels/document.xml.rels')).toMatch(/relationships\/styles/);
}

describe('báo cáo sơ kết of a district (Party layout, the default)', () => {
  let p: DocxPackage;
  beforeAll(async () => {
    p = await build({ kind: 'report', number: '12' });
  });

  it('is a valid package on A4 with the margins of 36-HD/VPTW and Times New Roman', () => {
    expectValidPackage(p);
    expect(p.page).toMatchObject({
      width: mm(210),
      height: mm(297),
      top: mm(20),
      bottom: mm(20),
      left: mm(30),
      right: mm(15),
    });
    expect(p.page.titlePage).toBe(true);
    expect(p.defaultFont).toBe('Times New Roman');
    // Page numbers from the second page: one header with the PAGE field, the first page's empty.
    expect(p.headers.filter((h) => h.hasPageField)).toHaveLength(1);
    expect(p.headers.some((h) => h.text === '' && !h.hasPageField)).toBe(true);
  });

  it('has the header block: issuer and number on the left, the Party title and the date on the right', () => {
    const [header] = tables(p);
    const [left, right] = header![0]!;
    expect(left!.split('\n')).toEqual([
      'HUYỆN ỦY CHÂU THÀNH',
      'BAN CHỈ ĐẠO PHONG TRÀO THI ĐUA "DÂN VẬN KHÉO"',
      '*',
      'Số 12-BC/BCĐ',
    ]);
    expect(right!.split('\n')).toEqual(['ĐẢNG CỘNG SẢN VIỆT NAM', '', `Châu Thành, ${todayWords}`]);
    const title = para(p, 'ĐẢNG CỘNG SẢN VIỆT NAM')!;
    expect(title.runs[0]).toMatchObject({ bold: true, underline: true, size: 15 });
    expect(title.align).toBe('center');
    expect(para(p, 'HUYỆN ỦY CHÂU THÀNH')!.runs[0]).toMatchObject({ bold: false, size: 14 });
    expect(para(p, /^BAN CHỈ ĐẠO/)!.runs[0]).toMatchObject({ bold: true, size: 14 });
    expect(para(p, /^Châu Thành, ngày/)!.runs[0]).toMatchObject({ italics: true, size: 14 });
    expect(para(p, 'BÁO CÁO')!.runs[0]).toMatchObject({ bold: true, size: 16 });
    expect(para(p, 'sơ kết phong trào thi đua "Dân vận khéo"')!.runs[0]).toMatchObject({ bold: true });
  });

  it('states every figure of the dataset in its sentences', () => {
    const texts = p.paragraphs.map((x) => x.text);
    expect(texts).toContain(
      `Toàn huyện có 6 mô hình đăng ký, tăng 100% so với ngày ${shown(-30)} (3 mô hình).`,
    );
    expect(texts).toContain(
      'Theo cấp: cấp cơ sở 3, cấp huyện 3, cấp tỉnh 0. Theo chủ thể: 4 tập thể, 2 cá nhân.',
    );
    expect(texts).toContain(
      'Theo lĩnh vực: Kinh tế 3 (50%); Văn hóa - xã hội 1 (16,7%); Quốc phòng - an ninh 1 (16,7%); Xây dựng hệ thống chính trị 1 (16,7%).',
    );
    expect(texts).toContain(
      `Kỳ ${monthShown(0)}: 3/5 mô hình đang thực hiện đã báo cáo (tỷ lệ 60%); 1/3 báo cáo được xác minh (tỷ lệ 33,3%).`,
    );
    expect(texts).toContain(
      `2 mô hình hiệu quả (có báo cáo được xác minh trong 2 kỳ gần nhất); 1 mô hình chưa báo cáo kỳ ${monthShown(-1)}.`,
    );
    expect(texts).toContain(
      'Đến nay 2 mô hình đã được biểu dương; 1 mô hình được nhân rộng từ mô hình khác.',
    );
    expect(texts).toContain(
      `Đợt "${d.campaign.rounds.find((r) => r.code === ROUND)!.name}": 3 mô hình được đưa ra xét chọn, 2 mô hình được chọn, 2 mô hình được biểu dương.`,
    );
    expect(texts).toContain(`Quyết định biểu dương: số 15-QĐ/BCĐ ngày ${shown(-2)} (Huyện Châu Thành).`);
  });

  it('has a table per child unit with the right rows and a total', () => {
    const units = tables(p)[1]!;
    expect(units).toHaveLength(1 + 5 + 1);
    expect(units[0]).toEqual([
      'STT',
      'Đơn vị',
      'Mô hình đăng ký',
      'Hiệu quả',
      'Tỷ lệ báo cáo',
      'Đưa ra xét chọn',
      'Biểu dương trong đợt',
      'Đã biểu dương',
    ]);
    expect(units.slice(1)).toEqual([
      ['1', 'Xã Bình An', '2', '1', '100%', '1', '0', '0'],
      ['2', 'Xã Giục Tượng', '1', '0', '100%', '0', '0', '0'],
      ['3', 'Xã Minh Hòa', '1', '1', '0%', '1', '1', '1'],
      ['4', 'Xã Mong Thọ', '1', '0', '0%', '1', '1', '1'],
      ['5', 'Huyện Châu Thành (trực tiếp)', '1', '0', '—', '0', '0', '0'],
      ['', 'Tổng cộng', '6', '2', '60%', '3', '2', '2'],
    ]);
  });

  it('writes the table cells at 12 pt: headings centred and bold, names left, figures right', () => {
    const unitTable = p.body.filter((i) => i.kind === 'table')[1]!;
    if (unitTable.kind !== 'table') throw new Error('not a table');
    const [head, first] = [unitTable.rows[0]!, unitTable.rows[1]!];
    for (const cell of [...head, ...first])
      for (const para of cell) for (const run of para.runs) expect(run.size).toBe(12);
    expect(head.map((c) => c[0]!.align)).toEqual(head.map(() => 'center'));
    expect(head.every((c) => c[0]!.runs.every((r) => r.bold))).toBe(true);
    expect(first[1]![0]!).toMatchObject({ text: 'Xã Bình An', align: 'left' });
    expect(first[2]![0]!).toMatchObject({ text: '2', align: 'right' });
  });

  it('leaves the parts staff write as headings, and ends with recipients and the signature', () => {
    const texts = p.paragraphs.map((x) => x.text);
    for (const h of [
      'II. ĐÁNH GIÁ CHUNG',
      '1. Ưu điểm',
      '2. Hạn chế, nguyên nhân',
      'III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI',
    ])
      expect(texts).toContain(h);
    const signature = tables(p).at(-1)![0]!;
    expect(signature[0]!.split('\n')).toEqual([
      'Nơi nhận:',
      '- HUYỆN ỦY CHÂU THÀNH,',
      '- Các thành viên Ban Chỉ đạo,',
      '- Lưu Văn phòng.',
    ]);
    expect(signature[1]!.split('\n').filter(Boolean)).toEqual(['T/M BAN CHỈ ĐẠO', 'TRƯỞNG BAN']);
    expect(para(p, 'Nơi nhận:')!.runs[0]).toMatchObject({ underline: true, size: 14 });
    expect(para(p, '- Lưu Văn phòng.')!.runs[0]!.size).toBe(12);
  });
});

describe('the province report (pilot against the rest) and a blank number', () => {
  it('names the province committee, leaves the number for the clerk and compares the pilot unit', async () => {
    const p = await build({ kind: 'report', scopeUnitId: String(d.world.province._id) });
    expectValidPackage(p);
    const left = tables(p)[0]![0]![0]!.split('\n');
    expect(left[0]).toBe('TỈNH ỦY KIÊN GIANG');
    expect(left[3]).toMatch(/^Số {2,}-BC\/BCĐ$/);
    const texts = p.paragraphs.map((x) => x.text);
    expect(texts).toContain(
      `Toàn tỉnh có 8 mô hình đăng ký, tăng 100% so với ngày ${shown(-30)} (4 mô hình).`,
    );
    expect(texts).toContain(
      'Đơn vị làm điểm Huyện Châu Thành: 6 mô hình, 2 hiệu quả, tỷ lệ báo cáo 60%. Các đơn vị còn lại: 2 mô hình, 1 hiệu quả, tỷ lệ báo cáo 100%.',
    );
    // Rạch Giá's round is still open: its nominee counts, its decision does not exist yet.
    expect(texts.filter((t) => t.startsWith('Quyết định'))).toEqual([
      `Quyết định biểu dương: số 15-QĐ/BCĐ ngày ${shown(-2)} (Huyện Châu Thành).`,
    ]);
    const units = tables(p)[1]!;
    // Every unit under the province in the 2011 tree (districts, towns, the city, the party
    // blocs), then the total.
    const children = await Unit.find({ parentId: d.world.province._id, active: true }, { name: 1 }).lean();
    expect(children.length).toBeGreaterThan(15);
    expect(units).toHaveLength(1 + children.length + 1);
    expect(
      units
        .slice(1, -1)
        .map((r) => r[1])
        .sort(),
    ).toEqual(children.map((c) => c.name).sort());
    expect(units.at(-1)).toEqual(['', 'Tổng cộng', '8', '3', '66,7%', '4', '2', '2']);
    expect(units.find((r) => r[1] === 'Thành phố Rạch Giá')!.slice(2)).toEqual([
      '2',
      '1',
      '100%',
      '1',
      '0',
      '0',
    ]);
  });
});

describe('the State layout (Nghị định 30/2020/NĐ-CP) from the campaign settings', () => {
  it('writes the national motto, "Số:" with the State symbol order and the State recipients label', async () => {
    await Campaign.updateOne(
      { _id: d.campaign._id },
      {
        $set: {
          'documents.format': 'state',
          'documents.parentName': 'ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG',
          'documents.place': 'Rạch Giá',
          'documents.signerAuthority': 'TM. BAN CHỈ ĐẠO',
          'documents.signerName': 'Nguyễn Văn A',
        },
      },
    );
    const campaign = (await Campaign.findById(d.campaign._id).lean<CampaignDoc>())!;
    try {
      const doc = await buildDocument({
        kind: 'report',
        campaign,
        scopeUnitId: String(d.world.province._id),
        defCode: ROUND,
        today: day(0),
        timeZone: TZ,
        number: '7',
      });
      const p = readDocx(doc.buffer);
      expectValidPackage(p);
      const [left, right] = tables(p)[0]![0]!;
      expect(left!.split('\n')).toEqual([
        'ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG',
        'BAN CHỈ ĐẠO PHONG TRÀO THI ĐUA "DÂN VẬN KHÉO"',
        '',
        'Số: 7/BC-BCĐ',
      ]);
      expect(right!.split('\n')).toEqual([
        'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        'Độc lập - Tự do - Hạnh phúc',
        '',
        `Rạch Giá, ${todayWords}`,
      ]);
      expect(para(p, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')!.runs[0]).toMatchObject({ bold: true, size: 12 });
      expect(para(p, 'Độc lập - Tự do - Hạnh phúc')!.runs[0]).toMatchObject({
        bold: true,
        underline: true,
        size: 13,
      });
      expect(para(p, 'Nơi nhận:')!.runs[0]).toMatchObject({ bold: true, italics: true, size: 12 });
      expect(para(p, '- Lưu: VT.')!.runs[0]!.size).toBe(11);
      const signature = tables(p).at(-1)![0]![1]!.split('\n').filter(Boolean);
      expect(signature).toEqual(['TM. BAN CHỈ ĐẠO', 'TRƯỞNG BAN', 'Nguyễn Văn A']);
      expect(p.paragraphs.some((x) => x.text.includes('ĐẢNG CỘNG SẢN'))).toBe(false);
    } finally {
      await Campaign.updateOne({ _id: d.campaign._id }, { $unset: { documents: 1 } });
    }
  });
});

describe('danh sách đề nghị khen thưởng of a round', () => {
  it('lists the selected nominees grouped by the honour proposed, with the council’s mean score', async () => {
    const p = await build({ kind: 'commendation', number: '3' });
    expectValidPackage(p);
    expect(tables(p)[0]![0]![0]!.split('\n')[3]).toBe('Số 3-DS/BCĐ');
    expect(para(p, 'DANH SÁCH')).toBeDefined();
    const list = tables(p)[1]!;
    expect(list[0]).toEqual([
      'STT',
      'Tên mô hình',
      'Tập thể, cá nhân',
      'Đơn vị',
      'Lĩnh vực',
      'Điểm thẩm định',
      'Hình thức đề nghị',
    ]);
    expect(list.slice(1)).toEqual([
      ['I. Biểu dương cấp huyện lần 1 (1 mô hình)'],
      [
        '1',
        `Dân vận khéo xây dựng nông thôn mới (${d.m.A3.code})`,
        'Tập thể: Chi hội Phụ nữ ấp Bình Lợi',
        'Xã Minh Hòa',
        'Kinh tế',
        '85/100',
        'Biểu dương cấp huyện lần 1',
      ],
      ['II. Biểu dương cấp huyện lần 2 (1 mô hình)'],
      [
        '1',
        `Tổ tự quản an ninh (${d.m.A4.code})`,
        'Cá nhân: Chi hội Phụ nữ ấp Bình Lợi',
        'Xã Mong Thọ',
        'Quốc phòng - an ninh',
        '70/100',
        'Biểu dương cấp huyện lần 2',
      ],
    ]);
    expect(p.paragraphs.map((x) => x.text)).toContain(
      `Đợt "${d.campaign.rounds.find((r) => r.code === ROUND)!.name}", Huyện Châu Thành: đề nghị biểu dương 2 mô hình, xếp theo hình thức biểu dương, đơn vị và tên mô hình.`,
    );
  });

  it('says so when nobody was selected in the scope (Rạch Giá: one nominee, not selected)', async () => {
    const p = await build({ kind: 'commendation', scopeUnitId: String(d.world.rachGia._id) });
    expectValidPackage(p);
    expect(tables(p)).toHaveLength(2); // header and signature, no list
    expect(p.paragraphs.map((x) => x.text)).toContain('(Chưa có mô hình nào.)');
    expect(tables(p)[0]![0]![0]!.split('\n')[0]).toBe('THÀNH ỦY RẠCH GIÁ');
  });
});

describe('danh sách mô hình of a scope', () => {
  it('has one row per model with its status, by unit then name in Vietnamese order', async () => {
    const p = await build({ kind: 'models' });
    expectValidPackage(p);
    const list = tables(p)[1]!;
    expect(list).toHaveLength(1 + 7);
    // Units and names in Vietnamese order: "Anh" before "Bỏ" before "Em"; "Huyện" before "Xã";
    // "Đường" after "Dân" (by code points it would come after "Em").
    expect(list.slice(1).map((r) => [r[0], r[2], r[4], r[7]])).toEqual([
      ['1', 'Ánh sáng chi bộ', 'Huyện Châu Thành', 'Mới đăng ký'],
      ['2', 'Anh em nuôi heo đất', 'Xã Bình An', 'Đang chăm bồi'],
      ['3', 'Bỏ dở', 'Xã Bình An', 'Đã rút'],
      ['4', 'Em nuôi heo đất', 'Xã Bình An', 'Đang chăm bồi'],
      ['5', 'Đường làng sáng đẹp', 'Xã Giục Tượng', 'Đang chăm bồi'],
      ['6', 'Dân vận khéo xây dựng nông thôn mới', 'Xã Minh Hòa', 'Đã biểu dương'],
      ['7', 'Tổ tự quản an ninh', 'Xã Mong Thọ', 'Đã biểu dương'],
    ]);
    expect(list[2]![1]).toBe(d.m.A7.code);
    expect(list[2]!.slice(5, 7)).toEqual(['Kinh tế', 'cơ sở']);
    expect(p.paragraphs.map((x) => x.text)).toContain(
      'Huyện Châu Thành: 7 mô hình đăng ký, xếp theo đơn vị và tên mô hình.',
    );
  });
});

describe('npm run admin -- documents', () => {
  const admin = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runAdmin(argv, { out: (l) => out.push(l), err: (l) => err.push(l), clock: clock() });
    return { code, out, err };
  };

  it('writes the report of a round for a unit, numbered, to the file named', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dvb-docs-')), 'bao-cao.docx');
    const r = await admin(
      'documents',
      'report',
      '--campaign',
      d.campaign.code,
      '--unit',
      'kg-chau-thanh',
      '--round',
      ROUND,
      '--number',
      '12',
      '--out',
      file,
    );
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(new RegExp(`^báo cáo sơ kết – Huyện Châu Thành: ${file} \\(\\d+ bytes\\)$`));
    const p = readDocx(readFileSync(file));
    expectValidPackage(p);
    expect(tables(p)[0]![0]![0]!.split('\n')[3]).toBe('Số 12-BC/BCĐ');
    expect(p.paragraphs.map((x) => x.text)).toContain(
      `Toàn huyện có 6 mô hình đăng ký, tăng 100% so với ngày ${shown(-30)} (3 mô hình).`,
    );
  });

  it('refuses what it cannot do with one line and a non-zero exit, writing nothing', async () => {
    const noRound = await admin('documents', 'report', '--campaign', d.campaign.code);
    expect(noRound.code).toBe(1);
    expect(noRound.err).toEqual([
      `error: --round must name an honouring round of ${d.campaign.code}: so-ket-1, tong-ket, bieu-duong-tinh`,
    ]);
    const noCampaign = await admin('documents', 'models', '--campaign', 'khong-co');
    expect([noCampaign.code, noCampaign.err]).toEqual([1, ['error: no campaign with code khong-co']]);
    const noUnit = await admin('documents', 'models', '--campaign', d.campaign.code, '--unit', 'khong-co');
    expect([noUnit.code, noUnit.err]).toEqual([1, ['error: no unit with code khong-co']]);
    const badKind = await admin('documents', 'memo', '--campaign', d.campaign.code);
    expect(badKind.code).toBe(2);
    expect(badKind.err[0]).toMatch(/^error: document: /);
    const badFormat = await admin('documents', 'models', '--campaign', d.campaign.code, '--format', 'word');
    expect(badFormat.code).toBe(2);
    expect(badFormat.err[0]).toMatch(/^error: --format: /);
    for (const r of [noRound, noCampaign, noUnit, badKind, badFormat]) expect(r.out).toEqual([]);
  });

  it("dates the document by the province's time zone (TIME_ZONE), not the server's", async () => {
    // 02:00 UTC: 09:00 of that day in Ho Chi Minh City, 18:00 of the day before in Los Angeles.
    const base = clock().now();
    const at = new ManualClock(
      new Date(Date.UTC(base.getUTCFullYear(), base.getUTCMonth(), base.getUTCDate(), 2)),
    );
    const dateLine = async (timeZone: string) => {
      const file = join(mkdtempSync(join(tmpdir(), 'dvb-docs-')), `${timeZone.replace('/', '-')}.docx`);
      const argv = ['documents', 'models', '--campaign', d.campaign.code, '--out', file];
      const code = await runAdmin(argv, { out: () => {}, err: () => {}, clock: at, timeZone });
      expect(code).toBe(0);
      const p = readDocx(readFileSync(file));
      const texts = [...p.paragraphs.map((x) => x.text), ...tables(p).flat(2)];
      return texts.join('\n').match(/ngày \d\d tháng \d+ năm \d{4}/)?.[0];
    };
    const words = (zone: string) => {
      const w = dateWords(localDay(at.now(), zone));
      return `ngày ${w.day} tháng ${w.month} năm ${w.year}`;
    };
    expect(words('Asia/Ho_Chi_Minh')).not.toBe(words('America/Los_Angeles'));
    expect(await dateLine('Asia/Ho_Chi_Minh')).toBe(words('Asia/Ho_Chi_Minh'));
    expect(await dateLine('America/Los_Angeles')).toBe(words('America/Los_Angeles'));
  });
});
