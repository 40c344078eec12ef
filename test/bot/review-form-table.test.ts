import ExcelJS from 'exceljs';
import { describe, expect, it, vi } from 'vitest';
import { reviewFailureText } from '../../src/bot/views/review-texts.ts';
import { CouncilScore, Initiative } from '../../src/db/models/index.ts';
import { REVIEW_LIMITS } from '../../src/domain/forms/review-actions.ts';
import { addMessages, translator } from '../../src/i18n.ts';
import { buildExportWorkbook } from '../../src/services/exports.ts';
import { LIMITS, type ReviewFailure, returnRegistration } from '../../src/services/reviews.ts';
import { principalOf } from '../../src/services/users.ts';
import { useBotWorld } from '../support/bot-world.ts';
import { clock, makeInitiative, TODAY } from '../support/fixtures.ts';
import { nomineeToScore } from '../support/round.ts';
import { makeBot, Person } from '../support/telegram.ts';

/*
 * Issue 14 item 2 for the review actions (as test/bot/form-table.test.ts does for the
 * registration): adding an answer to a review action is one row in its table
 * (src/domain/forms/review-actions.ts) plus its two locale lines, and nothing else in the code
 * changes. Here two tables get a row each: returning a registration asks what to fix (kept on the
 * model, shown on /mohinh and in the workbook's column), and the council member's scoring asks
 * the model's highlight after the last criterion (kept on the score). The reviewer must be asked
 * it, a bad answer must get the clear message and the question again, and the answer must be
 * stored where its action keeps its other answers.
 */
vi.mock('../../src/domain/forms/review-actions.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/domain/forms/review-actions.ts')>();
  const { textField } = await import('../../src/domain/forms/field.ts');
  // The rows, where an edit of the tables would put them.
  original.reviewActionForms.return.push(textField('fixHint', 'mediumText', 'rq'));
  original.reviewActionForms.score.unshift(textField('highlight', 'shortText', 'rq'));
  return original;
});
addMessages(
  'vi',
  [
    'rq-label-fixHint = Gợi ý sửa',
    'rq-ask-fixHint = <b>Gợi ý sửa</b> cho mô hình <b>{ $code }</b> (5–2000 ký tự).',
    'rq-label-highlight = Điểm nổi bật',
    'rq-ask-highlight = <b>Điểm nổi bật</b> nhất của mô hình <b>{ $code }</b> (2–1000 ký tự).',
  ].join('\n'),
);
addMessages(
  'en',
  [
    'rq-label-fixHint = What to fix',
    'rq-ask-fixHint = <b>What to fix</b> in model <b>{ $code }</b> (5–2000 characters).',
    'rq-label-highlight = Highlight',
    'rq-ask-highlight = The <b>highlight</b> of model <b>{ $code }</b> (2–1000 characters).',
  ].join('\n'),
);

const the = useBotWorld();
const vi18n = translator('vi');

const HINT = 'Ghi rõ số hộ <được vay> & số hộ thoát nghèo mỗi năm';

describe('a row added to a review action table', () => {
  it('is asked when returning a registration, kept on the model, shown on /mohinh and exported', async () => {
    const { cadre, coordinator } = await the.cadreAndCoordinator();
    const ini = await makeInitiative(the.world, cadre.user, the.world.communes[0]!);
    await coordinator.send('/duyet');
    await coordinator.tap(ini.code);
    await coordinator.tap('Trả lại');
    await coordinator.send('Chỉ tiêu chưa đo đếm được');
    // Asked after the reason, with its question from the locale line.
    expect(coordinator.lastText()).toBe(`<b>Gợi ý sửa</b> cho mô hình <b>${ini.code}</b> (5–2000 ký tự).`);
    await coordinator.send('ít'); // checked with the limits of its kind: too short
    expect(coordinator.textsSince(coordinator.messages().length - 2)[0]).toContain('ít nhất 5');
    expect(coordinator.lastText()).toContain('<b>Gợi ý sửa</b> cho mô hình');
    await coordinator.send(`  ${HINT}  `);
    expect(coordinator.lastText()).toContain('Trả lại để sửa');

    // Kept on the model with the reason, by the same change.
    const saved = (await Initiative.findById(ini._id).lean()) as Record<string, unknown>;
    expect(saved).toMatchObject({
      status: 'returned',
      returnReason: 'Chỉ tiêu chưa đo đếm được',
      fixHint: HINT,
    });

    // The owner reads it on /mohinh under its label, escaped, beside the reason while returned.
    await cadre.send('/mohinh');
    await cadre.tap(ini.code);
    const details = cadre.textsSince(0).join('\n');
    expect(details).toContain('↩️ Lý do trả lại: <i>Chỉ tiêu chưa đo đếm được</i>');
    expect(details).toContain(
      '↩️ Gợi ý sửa: <i>Ghi rõ số hộ &lt;được vay&gt; &amp; số hộ thoát nghèo mỗi năm</i>',
    );
    expect(the.tg.htmlErrors).toEqual([]);

    // The workbook's models sheet has its column, headed by its label.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(
      (await buildExportWorkbook({ campaign: the.world.campaign, today: TODAY })) as unknown as ArrayBuffer,
    );
    const sheet = wb.getWorksheet('Mô hình')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    const row = (sheet.getRow(2).values as unknown[]).slice(1);
    expect(header).toContain('Gợi ý sửa');
    expect(row[header.indexOf('Gợi ý sửa')]).toBe(HINT);
  });

  it('is asked of the council member after the criteria, checked, and kept on the score', async () => {
    const { clock: inRound, member, nominee } = await nomineeToScore(the.world);
    const m = new Person(the.tg, makeBot(the.tg, inRound), member.telegramId);
    await m.send('/duyet');
    await m.tap('Chờ chấm điểm');
    await m.tap(`Chấm: ${nominee.code}`);
    for (const s of ['28', '20', '12', '15', '13']) await m.send(s);
    expect(m.lastText()).toBe(`<b>Điểm nổi bật</b> nhất của mô hình <b>${nominee.code}</b> (2–1000 ký tự).`);
    await m.send('a'); // too short
    expect(m.textsSince(m.messages().length - 2)[0]).toContain('cần ít nhất 2 ký tự');
    expect(m.lastText()).toContain('<b>Điểm nổi bật</b> nhất của mô hình');
    // The engine's back button returns to the last criterion, then the row is asked again.
    await m.tap('Quay lại');
    expect(m.lastText()).toContain('tiêu chí 5/5');
    await m.send('13');
    expect(m.lastText()).toContain('<b>Điểm nổi bật</b> nhất của mô hình');
    await m.send('  Vốn quay vòng đã giúp 12 hộ thoát nghèo  ');
    expect(m.lastText()).toContain('Nhận xét chung');
    await m.tap('Bỏ qua');
    await m.tap('Xác nhận 88/100');
    expect(m.lastText()).toContain('Đã ghi điểm 88/100');

    const score = (await CouncilScore.findOne({ initiativeId: nominee._id }).lean()) as Record<
      string,
      unknown
    >;
    expect(score).toMatchObject({
      total: 88,
      comment: '',
      highlight: 'Vốn quay vòng đã giúp 12 hộ thoát nghèo',
    });
  });

  it('is checked by the service too: a wrong kept answer refuses the whole action, nothing kept', async () => {
    const { cadre, coordinator } = await the.cadreAndCoordinator();
    const ini = await makeInitiative(the.world, cadre.user, the.world.communes[0]!);
    const r = await returnRegistration(principalOf(coordinator.user), ini._id, 'Lý do đủ dài', clock(), {
      answers: { fixHint: 'ít' },
    });
    expect(r).toMatchObject({ ok: false, reason: 'invalid', problem: 'answer-invalid', detail: 'fixHint' });
    expect(reviewFailureText(r as ReviewFailure, 'vi')).toBe(
      vi18n('review-problem-answer-invalid', { detail: 'fixHint' }),
    );
    const after = (await Initiative.findById(ini._id).lean()) as Record<string, unknown>;
    expect(after).toMatchObject({ status: 'registered', returnReason: null });
    expect(after.fixHint ?? '').toBe('');
  });

  it('checks the answers with the limits the services hold them to', () => {
    expect(REVIEW_LIMITS).toMatchObject(LIMITS);
  });
});
