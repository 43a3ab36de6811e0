/** The embed's own UI strings (the shared ones come from ../i18n). */
export const embedZh = {
  'embed.openFull': '打开完整地图',
  'embed.openFullLabel': '在新窗口打开完整地图（相同筛选）',
  'embed.scrollHint': '按住 {key} 并滚动鼠标滚轮以缩放地图',
  'embed.touchHint': '用双指移动或缩放地图',
  'embed.legend': '图例',
  'embed.count': '{count}',
  'embed.filtered': '当前筛选：{what}',
  'embed.noMatch': '没有符合当前筛选的要素',
  'embed.ignored': '已忽略无法识别的参数：{names}',
  'embed.close': '关闭',
  'embed.details': '查看详情',
  'embed.measures': '措施',
  'embed.approxNote': '空心符号为大致位置，虚线为示意线路',
  'embed.loading': '正在加载地图…',
  'embed.loadError': '地图加载失败：{message}',
} as const;

export type EmbedKey = keyof typeof embedZh;

export const embedEn: Record<EmbedKey, string> = {
  'embed.openFull': 'Open full map',
  'embed.openFullLabel': 'Open the full map in a new window (same filters)',
  'embed.scrollHint': 'Hold {key} and scroll to zoom the map',
  'embed.touchHint': 'Use two fingers to move or zoom the map',
  'embed.legend': 'Legend',
  'embed.count': '{count}',
  'embed.filtered': 'Filter: {what}',
  'embed.noMatch': 'No feature matches the current filter',
  'embed.ignored': 'Ignored unrecognised parameters: {names}',
  'embed.close': 'Close',
  'embed.details': 'Details',
  'embed.measures': 'Measures',
  'embed.approxNote': 'Hollow symbols: approximate locations; dashed lines: schematic routes',
  'embed.loading': 'Loading the map…',
  'embed.loadError': 'The map could not be loaded: {message}',
};
