import { describe, expect, it, vi } from 'vitest';
import { CouncilScore } from '../../src/db/models/index.ts';
import { REVIEW_LIMITS } from '../../src/domain/forms/review-actions.ts';
import { addMessages } from '../../src/i18n.ts';
import { LIMITS } from '../../src/services/reviews.ts';
import { scoreNominee } from '../../src/services/rounds.ts';
import { useBotWorld } from '../support/bot-world.ts';
import { nomineeToScore } from '../support/round.ts';
import { makeBot, Person } from '../support/telegram.ts';

/*
 * Issue 14 item 2 for the review actions (as test/bot/form-table.test.ts does for the registration):
 * adding an answer to a review action is one row in its table (src/domain/forms/review-actions.ts)
 * plus its two locale lines. Here the table gets one more row in the
 * council member's scoring form, the highlight of the model, asked after the last criterion. The
 * reviewer must be asked it, a bad answer must get the clear message and the question again, and
 * the answer must reach the service with the scores (scoreNominee, wrapped here only to see its
 * input: the real service runs and saves the score).
 */
vi.mock('../../src/domain/forms/review-actions.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/domain/forms/review-actions.ts')>();
  const { textField } = await import('../../src/domain/forms/field.ts');
  // The one row, where an edit of the table would put it: first of the rows after the criteria.
  original.reviewActionForms.score.unshift(textField('highlight', 'shortText', 'rq'));
  return original;
});
vi.mock('../../src/services/rounds.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/services/rounds.ts')>();
  return { ...original, scoreNominee: vi.fn(original.scoreNominee) };
});
addMessages(
  'vi',
  'rq-label-highlight = Điểm nổi bật\nrq-ask-highlight = <b>Điểm nổi bật</b> nhất của mô hình <b>{ $code }</b> (2–1000 ký tự).',
);
addMessages(
  'en',
  'rq-label-highlight = Highlight\nrq-ask-highlight = The <b>highlight</b> of model <b>{ $code }</b> (2–1000 characters).',
);

const the = useBotWorld();

describe('a row added to a review action table', () => {
  it('is asked of the council member after the criteria, checked, and reaches the service with the scores', async () => {
    const { clock: inRound, member, nominee } = await nomineeToScore(the.world);
    const m = new Person(the.tg, makeBot(the.tg, inRound), member.telegramId);
    await m.send('/duyet');
    await m.tap('Chờ chấm điểm');
    await m.tap(`Chấm: ${nominee.code}`);
    for (const s of ['28', '20', '12', '15', '13']) await m.send(s);
    // Asked where the table put it, with its question from the locale line.
    expect(m.lastText()).toBe(`<b>Điểm nổi bật</b> nhất của mô hình <b>${nominee.code}</b> (2–1000 ký tự).`);
    await m.send('a'); // checked with the limits of its kind: too short
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

    expect(vi.mocked(scoreNominee)).toHaveBeenCalledTimes(1);
    const input = vi.mocked(scoreNominee).mock.calls[0]![1];
    expect(input).toMatchObject({
      highlight: 'Vốn quay vòng đã giúp 12 hộ thoát nghèo',
      initiativeId: String(nominee._id),
      comment: '',
    });
    expect(input.scores.map((x) => x.score)).toEqual([28, 20, 12, 15, 13]);
    expect(await CouncilScore.countDocuments({ initiativeId: nominee._id, total: 88 })).toBe(1);
  });

  it('checks the answers with the limits the services hold them to', () => {
    expect(REVIEW_LIMITS).toMatchObject(LIMITS);
  });
});
