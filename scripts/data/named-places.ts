/**
 * Places and projects the plan names, each of which must be a feature of the given layer
 * (`npm run data:check` fails otherwise). `match` is a text the feature's `name` contains.
 * Named things with no place (e.g. 快递产业园's site, 城市矿产示范基地) are in data/README.md.
 */
export interface NamedPlace {
  /** As the plan words it. */
  name: string;
  layer: string;
  /** Text the feature's name contains (defaults to `name`). */
  match?: string;
  measure: number;
}

export const NAMED_PLACES: readonly NamedPlace[] = [
  // measure 2: platforms; measure 22: the management zones
  { name: '信江产业新城', layer: 'green-parks', measure: 2 },
  { name: '上饶高铁经济试验区', layer: 'green-parks', measure: 2 },
  { name: '上饶国际医疗旅游先行区', layer: 'green-parks', measure: 2 },
  { name: '浙赣边国际合作（衢饶）示范区', layer: 'green-parks', measure: 2 },
  { name: '上饶经济技术开发区', layer: 'green-parks', measure: 22 },
  // measure 3
  { name: '滨湖三县', layer: 'agricultural-zones', measure: 3 },
  // measure 4
  { name: '婺源篁岭', layer: 'scenic-areas', measure: 4 },
  { name: '灵山', layer: 'scenic-areas', measure: 4 },
  { name: '葛仙山', layer: 'scenic-areas', measure: 4 },
  { name: '葛仙村', layer: 'scenic-areas', measure: 4 },
  { name: '龟峰', layer: 'scenic-areas', measure: 4 },
  { name: '三清山', layer: 'scenic-areas', measure: 4 },
  { name: '大茅山', layer: 'scenic-areas', measure: 4 },
  { name: '大鄣山', layer: 'scenic-areas', measure: 4 },
  { name: '铜钹山', layer: 'scenic-areas', measure: 4 },
  { name: '云碧峰', layer: 'scenic-areas', measure: 4 },
  { name: '神农源', layer: 'scenic-areas', measure: 4 },
  { name: '婺源国家乡村旅游度假实验区', layer: 'scenic-areas', match: '乡村旅游度假实验区', measure: 4 },
  // measure 8
  { name: '信江航道', layer: 'waterways', measure: 8 },
  { name: '三清山机场', layer: 'cold-chain-bases', measure: 8 },
  { name: '上饶国际陆港', layer: 'cold-chain-bases', measure: 8 },
  { name: '快递产业园', layer: 'cold-chain-bases', measure: 8 },
  { name: '上饶坑口新“无水港”', layer: 'cold-chain-bases', match: '坑口', measure: 8 },
  { name: '福州（宁德）港上饶码头', layer: 'cold-chain-bases', measure: 8 },
  { name: '宁波出海通道', layer: 'cold-chain-bases', match: '宁波', measure: 8 },
  { name: '骨干冷链物流基地', layer: 'cold-chain-bases', measure: 8 },
  // measure 13
  { name: '鄱阳工业园区至县城的天然气长输管道', layer: 'gas-pipelines', match: '鄱阳工业园区', measure: 13 },
  { name: '余干高新区至县城的天然气长输管道', layer: 'gas-pipelines', match: '余干高新区', measure: 13 },
  { name: '广丰区连接省级天然气管网', layer: 'gas-pipelines', match: '广丰区连接省级', measure: 13 },
  { name: '玉山县连接省级天然气管网', layer: 'gas-pipelines', match: '玉山县连接省级', measure: 13 },
  { name: '德兴市连接省级天然气管网', layer: 'gas-pipelines', match: '德兴市连接省级', measure: 13 },
  { name: '婺源县连接省级天然气管网', layer: 'gas-pipelines', match: '婺源县连接省级', measure: 13 },
  // measure 16
  { name: '鄱阳湖湿地', layer: 'bird-habitats', measure: 16 },
  { name: '铅山武夷山', layer: 'bird-habitats', measure: 16 },
  { name: '饶河源湿地', layer: 'bird-habitats', measure: 16 },
  { name: '婺源森林', layer: 'bird-habitats', measure: 16 },
  { name: '鄱阳湖长江江豚保护区', layer: 'bird-habitats', measure: 16 },
];

/**
 * Places and things the plan names that have no feature, each with why. data/README.md lists them
 * under "Named by the plan but not mapped" (a test keeps the two in step).
 */
export const UNMAPPED_PLACES: readonly { name: string; measure: number; why: string }[] = [
  { name: '野生动物救护站', measure: 16, why: 'the plan names wildlife rescue stations without naming any station or place' },
  { name: '鄱阳工业园区', measure: 13, why: 'named only as the end of its gas pipeline (mapped as that schematic pipeline); no source consulted gives its site' },
  { name: '余干高新区', measure: 13, why: 'named only as the end of its gas pipeline (mapped as that schematic pipeline); no source consulted gives its site' },
  { name: '智慧云仓', measure: 8, why: 'no place given' },
  { name: '上饶综合保税区', measure: 8, why: 'to be applied for; no place given' },
  { name: '城市矿产示范基地', measure: 7, why: 'no place given' },
  { name: '浙皖闽赣国家生态旅游协作区', measure: 4, why: 'cross-regional' },
];
