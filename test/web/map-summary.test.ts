import { describe, expect, it } from 'vitest';
import { describeFilter } from '../../web/src/lib/filterText';
import { mapSummary } from '../../web/src/map/summary';
import { layer } from './factories';

const LAYERS = [layer({ id: 'scenic-areas', name: '景区', name_en: 'Scenic areas' }), layer({ id: 'gas-pipelines', name: '天然气管道', name_en: 'Gas pipelines' })];

describe("the map's text alternative", () => {
  it('says how many features the map shows, per layer, and that nothing is filtered', () => {
    expect(mapSummary(LAYERS, { 'scenic-areas': 12, 'gas-pipelines': 6 }, {}, 'zh')).toBe('地图显示 18 处要素。景区 12、天然气管道 6。未筛选，全市。');
    expect(mapSummary(LAYERS, { 'scenic-areas': 12, 'gas-pipelines': 6 }, {}, 'en')).toBe('The map shows 18 features. Scenic areas 12, Gas pipelines 6. No filter: the whole city.');
  });

  it('counts only the visible layers and names the filter', () => {
    const s = mapSummary(LAYERS, { 'scenic-areas': 3, 'gas-pipelines': 1 }, { layers: ['scenic-areas'], counties: ['361130'], measures: [4] }, 'zh');
    expect(s).toBe('地图显示 3 处要素。景区 3。筛选：婺源县 · 措施（四） · 景区。');
  });

  it('leaves out layers with nothing to show', () => {
    expect(mapSummary(LAYERS, { 'scenic-areas': 0, 'gas-pipelines': 2 }, { statuses: ['planned'] }, 'en')).toBe('The map shows 2 features. Gas pipelines 2. Filter: Planned.');
  });
});

describe('a filter in words', () => {
  it('is empty without a filter, and lists counties, measures, statuses, hidden layers and search text', () => {
    expect(describeFilter({}, 'zh', LAYERS)).toBe('');
    expect(describeFilter({ counties: ['361130', '361181'], statuses: ['unknown'], q: '山' }, 'en', LAYERS)).toBe('Wuyuan County, Dexing City · Unknown · “山”');
  });
});
