/**
 * The selected measure's features by county, drawn with the shared ECharts builders (the briefing
 * screen draws the same chart). Loaded lazily: ECharts is only fetched once a measure is chosen.
 * Clicking a county's bar filters by that county.
 */
import { useMemo } from 'react';
import type { StatsResponse } from '../../../core/api';
import { COUNTIES, type Lang } from '../../../core/contract';
import { EChart, byCountyBarOption } from '../charts';

export interface MeasureCountyChartProps {
  stats: Pick<StatsResponse, 'counties'>;
  lang: Lang;
  label: string;
  selectedCounties?: readonly string[];
  onCounty?: (code: string) => void;
}

const BAR_PX = 22;

export default function MeasureCountyChart({ stats, lang, label, selectedCounties, onCounty }: MeasureCountyChartProps) {
  const option = useMemo(() => byCountyBarOption(stats, lang, { highlight: selectedCounties ? [...selectedCounties] : [] }), [stats, lang, selectedCounties]);
  // The builder orders bars as COUNTIES does; map a clicked bar back to its code the same way.
  const codes = useMemo(() => COUNTIES.map((c) => c.code).filter((code) => stats.counties.some((s) => s.code === code)), [stats.counties]);
  return (
    <div className="sgm-chart" style={{ height: codes.length * BAR_PX + 8 }}>
      <EChart option={option} ariaLabel={label} testId="measure-by-county" onItemClick={(_name, i) => codes[i] && onCounty?.(codes[i])} />
    </div>
  );
}
