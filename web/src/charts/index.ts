/** Shared charts: the ECharts wrapper and pure option builders (used by /screen and the planner view). */
export { EChart, type EChartProps } from './EChart';
export { byCountyBarOption, byStatusBarOption, bySectionBarOption, STATUS_COLORS, type ChartOption, type ChartTheme, type ChartStyle, type ByCountyOptions } from './options';
