import { describe, expect, it } from 'vitest';
import type { CountyStats } from '../../core/api';
import { byCountyBarOption, bySectionBarOption, byStatusBarOption, shortSectionTitle, STATUS_COLORS } from '../../web/src/charts/options';

const county = (code: string, name: string, name_en: string, count: number): CountyStats => ({ code, name, name_en, count, by_layer: {}, line_km: 0, polygon_km2: 0, by_layer_line_km: {}, by_layer_polygon_km2: {} });
type Bar = { value: number; itemStyle: { color: string } };
const bars = (o: { series: { data: unknown[] }[] }) => o.series[0].data as Bar[];
const cats = (o: Record<string, unknown>) => (o.yAxis as { data: string[] }).data;

describe('byCountyBarOption', () => {
  const stats = { counties: [county('361130', '婺源县', 'Wuyuan County', 7), county('361102', '信州区', 'Xinzhou District', 3)] };

  it('orders counties by code and labels them in the UI language', () => {
    expect(cats(byCountyBarOption(stats, 'zh'))).toEqual(['信州区', '婺源县']);
    expect(cats(byCountyBarOption(stats, 'en'))).toEqual(['Xinzhou', 'Wuyuan']);
    expect(bars(byCountyBarOption(stats, 'zh')).map((b) => b.value)).toEqual([3, 7]);
  });

  it('draws the highlighted county in the focus colour and writes every value on its bar', () => {
    const o = byCountyBarOption(stats, 'zh', { theme: 'dark', highlight: ['361130'] });
    const [a, b] = bars(o);
    expect(a.itemStyle.color).not.toBe(b.itemStyle.color);
    expect((o.series[0] as unknown as { label: { show: boolean } }).label.show).toBe(true);
  });

  it('scales text with the given font size', () => {
    const o = byCountyBarOption(stats, 'zh', { fontSize: 40 });
    expect((o.yAxis as { axisLabel: { fontSize: number } }).axisLabel.fontSize).toBe(40);
  });
});

describe('byStatusBarOption', () => {
  it('always shows the four statuses, in contract order, with their colours', () => {
    const o = byStatusBarOption({ by_status: { planned: 5, in_progress: 0, completed: 1, unknown: 9 } }, 'zh');
    expect(cats(o)).toEqual(['规划中', '实施中', '已完成', '未知']);
    expect(bars(o).map((b) => [b.value, b.itemStyle.color])).toEqual([
      [5, STATUS_COLORS.planned],
      [0, STATUS_COLORS.in_progress],
      [1, STATUS_COLORS.completed],
      [9, STATUS_COLORS.unknown],
    ]);
  });
});

describe('bySectionBarOption', () => {
  it('has the eight sections 一 to 八 with short titles, zero where none', () => {
    const measures = [
      { section: 2, section_title: '健全绿色低碳循环发展的生产体系', section_title_en: 'A green, low-carbon, circular production system' },
      { section: 5, section_title: '加快基础设施绿色升级', section_title_en: 'Green upgrading of infrastructure' },
    ];
    const o = bySectionBarOption({ sections: [{ section: 2, count: 4 }] }, measures, 'zh');
    expect(cats(o)).toHaveLength(8);
    expect(cats(o)[1]).toBe('二 生产体系');
    expect(cats(o)[0]).toBe('一');
    expect(bars(o).map((b) => b.value)).toEqual([0, 4, 0, 0, 0, 0, 0, 0]);
    expect(cats(bySectionBarOption({ sections: [] }, measures, 'en'))[1]).toBe('2 Production system');
  });

  it('shortens titles that share the plan\'s common wording', () => {
    expect(shortSectionTitle('健全绿色低碳循环发展的消费体系', 'zh')).toBe('消费体系');
    expect(shortSectionTitle('做好组织实施', 'zh')).toBe('做好组织实施');
  });
});
