/**
 * "More formats": the current filter's features as files in a chosen coordinate system — WGS 84
 * (as the API serves them) or GCJ-02 for 高德/百度 maps. A native disclosure (keyboard and screen
 * readers know it); the formats are buttons, the coordinate system a pair of radio buttons.
 */
import { useId, useState } from 'react';
import type { Translate } from '../i18n';
import type { ExportCrs } from '../lib/export-crs';
import type { FileExportKind } from './exports';

/** Formats offered here, in order. */
export const MENU_FORMATS: readonly FileExportKind[] = ['geojson', 'csv'];

export function ExportMenu({ t, onExport }: { t: Translate; onExport: (kind: FileExportKind, crs: ExportCrs) => void }) {
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
          {MENU_FORMATS.map((k) => (
            <button key={k} type="button" onClick={() => onExport(k, crs)} data-export-format={k}>
              {t(`export.format.${k}`)}
            </button>
          ))}
        </div>
      </div>
    </details>
  );
}
