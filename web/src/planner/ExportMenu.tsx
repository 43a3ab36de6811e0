/**
 * "More formats": the current filter's features as the server writes them (GET /api/export) —
 * GeoJSON, CSV, Excel, a zipped Shapefile — in WGS 84 or GCJ-02 for 高德/百度 maps. A native disclosure (keyboard and
 * screen readers know it); the files are download links, the coordinates a pair of radio buttons.
 */
import { useId, useState } from 'react';
import type { Filters } from '../../../core/filters';
import type { Translate } from '../i18n';
import { EXPORT_FORMATS, exportUrl, type ExportCrs } from '../lib/export-url';

export function ExportMenu({ t, filters }: { t: Translate; filters: Filters }) {
  const id = useId();
  const [crs, setCrs] = useState<ExportCrs>('wgs84');
  return (
    <details className="sgm-export-menu" data-export="more">
      <summary>{t('export.more')}</summary>
      <div className="sgm-export-pop">
        <fieldset>
          <legend>{t('export.crs')}</legend>
          {(['wgs84', 'gcj02'] as const).map((c) => (
            <label key={c}>
              <input type="radio" name={`${id}-crs`} value={c} checked={crs === c} onChange={() => setCrs(c)} /> {t(`export.crs.${c}`)}
            </label>
          ))}
        </fieldset>
        <div className="sgm-export-formats">
          {EXPORT_FORMATS.map((f) => (
            <a key={f} href={exportUrl(filters, f, crs)} download data-export-format={f}>
              {t(`export.format.${f}`)}
            </a>
          ))}
        </div>
        <p className="sgm-export-hint">{t('export.moreHint')}</p>
      </div>
    </details>
  );
}
