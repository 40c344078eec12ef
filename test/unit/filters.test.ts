import { describe, expect, it } from 'vitest';
import {
  filterKeyOf,
  foldText,
  matchChoice,
  parseOwnerKind,
  parsePeriodKey,
  splitFilterArgs,
  unitNames,
} from '../../src/domain/filters.ts';

describe('foldText', () => {
  it('folds diacritics, đ, case, spaces and hyphens so that every way of typing a name compares equal', () => {
    for (const typed of ['kinh tế', 'Kinh Tế', 'kinh-te', 'kinhte', 'KINH_TE', ' kinh   tê ']) {
      expect(foldText(typed)).toBe('kinhte');
    }
    expect(foldText('Đảng bộ Đông Hòa')).toBe('dangbodonghoa');
    expect(foldText('Văn hóa - xã hội')).toBe(foldText('van hoa xa hoi'));
    expect(foldText('Hòa')).toBe(foldText('Hoà')); // old and new tone placement
    expect(foldText('Châu Thành')).not.toBe(foldText('Châu Thạnh') + 'x');
  });
});

describe('splitFilterArgs', () => {
  it('reads key=value pairs, quoted values, values over several words and bare values', () => {
    expect(splitFilterArgs('linhvuc=kinh-te chuthe=tapthe').map((t) => [t.key, t.value])).toEqual([
      ['linhvuc', 'kinh-te'],
      ['chuthe', 'tapthe'],
    ]);
    expect(splitFilterArgs('linhvuc="kinh tế" donvi=“Châu Thành”').map((t) => [t.key, t.value])).toEqual([
      ['linhvuc', 'kinh tế'],
      ['donvi', 'Châu Thành'],
    ]);
    expect(splitFilterArgs('donvi=chau thanh ky=2026-11').map((t) => [t.key, t.value])).toEqual([
      ['donvi', 'chau thanh'],
      ['ky', '2026-11'],
    ]);
    // A bare period after a value stands alone; a bare word first is a value of its own.
    expect(splitFilterArgs('donvi=chau thanh 11/2026').map((t) => [t.key, t.value])).toEqual([
      ['donvi', 'chau thanh'],
      [null, '11/2026'],
    ]);
    expect(splitFilterArgs('tapthe linhvuc=van hoa xa hoi').map((t) => [t.key, t.value])).toEqual([
      [null, 'tapthe'],
      ['linhvuc', 'van hoa xa hoi'],
    ]);
    expect(splitFilterArgs('')).toEqual([]);
    expect(splitFilterArgs('   ')).toEqual([]);
  });

  it('knows the keys in Vietnamese with or without diacritics, and in English', () => {
    expect(filterKeyOf('linhvuc')).toBe('field');
    expect(filterKeyOf('lĩnh-vực')).toBe('field');
    expect(filterKeyOf('field')).toBe('field');
    expect(filterKeyOf('Đơn vị')).toBe('unit');
    expect(filterKeyOf('chủ thể')).toBe('kind');
    expect(filterKeyOf('kỳ')).toBe('period');
    expect(filterKeyOf('mau')).toBeNull();
  });
});

describe('values', () => {
  it('reads periods as 2026-11, 11/2026, 2026-q4 and Q4/2026, and refuses anything else', () => {
    expect(parsePeriodKey('2026-11')).toBe('2026-11');
    expect(parsePeriodKey('3/2027')).toBe('2027-03');
    expect(parsePeriodKey('2026-q4')).toBe('2026-Q4');
    expect(parsePeriodKey('Q1/2027')).toBe('2027-Q1');
    expect(parsePeriodKey('tháng 11')).toBeNull();
    expect(parsePeriodKey('2026')).toBeNull();
  });

  it('reads owner kinds in Vietnamese with or without diacritics, and in English', () => {
    expect(parseOwnerKind('tập thể')).toBe('collective');
    expect(parseOwnerKind('TAP-THE')).toBe('collective');
    expect(parseOwnerKind('cá nhân')).toBe('individual');
    expect(parseOwnerKind('individual')).toBe('individual');
    expect(parseOwnerKind('hộ')).toBeNull();
  });

  it('matches a choice by any of its names, and says when a value names none or several', () => {
    const fields = [
      { id: 'economy', names: ['economy', 'Kinh tế', 'Economy'] },
      { id: 'culture-society', names: ['culture-society', 'Văn hóa - xã hội', 'Culture and society'] },
    ];
    expect(matchChoice('kinh-te', fields)).toEqual({ ok: true, id: 'economy' });
    expect(matchChoice('"Kinh tế"', fields)).toEqual({ ok: true, id: 'economy' });
    expect(matchChoice('van hoa xa hoi', fields)).toEqual({ ok: true, id: 'culture-society' });
    expect(matchChoice('economy', fields)).toEqual({ ok: true, id: 'economy' });
    expect(matchChoice('nong nghiep', fields)).toEqual({ ok: false, candidates: [] });
    expect(matchChoice('', fields)).toEqual({ ok: false, candidates: [] });
    const twins = [
      { id: 'a', names: unitNames({ code: 'kg-ct-vinh-hoa', name: 'Xã Vĩnh Hòa' }) },
      { id: 'b', names: unitNames({ code: 'kg-tb-vinh-hoa', name: 'Xã Vĩnh Hòa' }) },
    ];
    expect(matchChoice('vinh hoa', twins)).toEqual({ ok: false, candidates: ['a', 'b'] });
    expect(matchChoice('kg-tb-vinh-hoa', twins)).toEqual({ ok: true, id: 'b' });
  });

  it('names a unit by its code, its code without the province, its name and its name without "Huyện", "Xã"…', () => {
    const names = unitNames({ code: 'kg-chau-thanh', name: 'Huyện Châu Thành' });
    expect(names).toEqual(['kg-chau-thanh', 'Huyện Châu Thành', 'chau-thanh', 'Châu Thành']);
    const units = [
      { id: 'ct', names: names },
      { id: 'rg', names: unitNames({ code: 'kg-rach-gia', name: 'Thành phố Rạch Giá' }) },
    ];
    for (const typed of ['chau thanh', 'Châu Thành', 'huyen chau thanh', 'kg-chau-thanh', 'CHAU-THANH']) {
      expect(matchChoice(typed, units)).toEqual({ ok: true, id: 'ct' });
    }
    expect(matchChoice('rach gia', units)).toEqual({ ok: true, id: 'rg' });
    expect(matchChoice('tp rach gia', units)).toEqual({ ok: false, candidates: [] });
  });
});
