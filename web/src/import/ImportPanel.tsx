/**
 * Import a file (editors): choose or drop it, pick the target layer (or "by a column") and the
 * coordinate system, check the column mapping the server guessed, see the preview on the map with
 * counts and a problems table (downloadable as CSV), then apply it with a note as one change set —
 * and revert it in one step. Every request goes through ./api; everything computed is in ./model.
 */
import { useEffect, useId, useState, type DragEvent } from 'react';
import './import.css';
import type { LayersList } from '@deck.gl/core';
import type { LayerInfo } from '../../../core/api';
import { PRECISIONS, STATUSES, type Lang } from '../../../core/contract';
import type { BBox } from '../../../core/filters';
import { bilingualName, MESSAGES, type MessageKey, type Translate } from '../i18n';
import { downloadBlob } from '../lib/export';
import { applyImport, previewImport, revertChangeSet, type OnProgress } from './api';
import { ACCEPT, BY_COLUMN, CRS_OPTIONS, countPreview, fieldChoices, sentDefaults, previewBounds, problemsToCsv, valuesToSend, type CrsValue, type ImportColumn, type ImportPreview } from './model';
import { PREVIEW_COLORS, previewLayer } from './previewLayer';
import { ProgressBar, useProgress } from './progress';

export interface ImportPanelProps {
  layers: readonly LayerInfo[];
  lang: Lang;
  t: Translate;
  /** The preview's map layers and bounds (undefined: take the preview off the map). */
  onPreview: (layers: LayersList | undefined, bounds?: BBox) => void;
  /** After an apply or a revert: read the data again. */
  onChanged: () => void;
  onClose: () => void;
}

const SHOWN_PROBLEMS = 200;
const rgb = (c: readonly number[]) => `rgb(${c.join(',')})`;

/** A field's label where there is one (name, status, …), else the field as the server named it. */
function fieldText(field: string, t: Translate): string {
  const key = `import.field.${field}`;
  return key in MESSAGES.zh ? t(key as MessageKey) : field;
}

export default function ImportPanel({ layers, lang, t, onPreview, onChanged, onClose }: ImportPanelProps) {
  const uid = useId();
  const [file, setFile] = useState<File | null>(null);
  const [layer, setLayer] = useState(layers[0]?.id ?? BY_COLUMN);
  /** `auto` until the user picks one: the server takes what the file states (.prj), else WGS 84. */
  const [crs, setCrs] = useState<CrsValue | 'auto'>('auto');
  /** The mapping the user set (undefined: let the server guess). */
  const [mapping, setMapping] = useState<Record<string, string> | undefined>();
  /** field → value for rows that lack it (sent as `defaults`; empty values are not sent). */
  const [defaults, setDefaults] = useState<Record<string, string>>({});
  const [measuresDraft, setMeasuresDraft] = useState('');
  /** Status words of the file the user chose a status for (sent as `values`). */
  const [statusValues, setStatusValues] = useState<Record<string, string>>({});
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** The file's columns when the server refused it for what a mapping can fix: the mapping step stays open. */
  const [refusedColumns, setRefusedColumns] = useState<ImportColumn[] | null>(null);
  const [note, setNote] = useState('');
  const [applied, setApplied] = useState<{ changeSet: string; created: number; updated: number } | null>(null);
  const [reverted, setReverted] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const progress = useProgress();

  // Preview again whenever the file, the layer, the CRS or the mapping changes.
  useEffect(() => {
    if (!file) return;
    const ctl = new AbortController();
    setError(null);
    progress.start('upload');
    previewImport({ file, layer, crs, mapping, defaults: sentDefaults(defaults), values: valuesToSend(statusValues) }, progress.report as OnProgress, ctl.signal).then(
      (a) => {
        progress.stop();
        if (!a.ok) {
          setPreview(null);
          setError(a.message);
          setRefusedColumns(a.columns ?? null);
          return;
        }
        setRefusedColumns(null);
        setPreview(a.value);
      },
      (e: Error) => {
        if (e.name === 'AbortError') return;
        progress.stop();
        setError(t('import.networkError'));
      },
    );
    return () => ctl.abort();
    // progress and t are stable enough: re-preview only on the inputs.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [file, layer, crs, mapping, defaults, statusValues]);

  useEffect(() => {
    if (!preview) return onPreview(undefined);
    onPreview([previewLayer(preview.features)], previewBounds(preview.features) ?? undefined);
  }, [preview, onPreview]);
  useEffect(() => () => onPreview(undefined), [onPreview]);

  const choose = (f: File | undefined) => {
    if (!f) return;
    setFile(f);
    setMapping(undefined);
    setRefusedColumns(null);
    setStatusValues({});
    setPreview(null);
    setApplied(null);
    setReverted(null);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    choose(e.dataTransfer.files[0]);
  };

  const apply = async () => {
    if (!preview) return;
    progress.start('apply');
    const a = await applyImport(preview.id, note).catch(() => ({ ok: false as const, status: 0, message: t('import.networkError') }));
    progress.stop();
    if (!a.ok) return setError(a.message);
    setApplied(a.value);
    setPreview(null);
    setError(null);
    onChanged();
  };
  const revert = async () => {
    if (!applied) return;
    progress.start('apply');
    const a = await revertChangeSet(applied.changeSet, t('import.revertNote', { id: applied.changeSet })).catch(() => ({ ok: false as const, status: 0, message: t('import.networkError') }));
    progress.stop();
    if (!a.ok) return setError(a.message);
    setReverted(a.value);
    setError(null);
    onChanged();
  };

  const counts = preview && countPreview(preview);
  const columns = preview?.columns ?? refusedColumns ?? [];
  const currentMapping = mapping ?? preview?.mapping ?? {};
  const statusWords = Object.entries(preview?.values.status ?? {});

  return (
    <section className="sgm-section sgm-import sgm-editor" aria-labelledby={`${uid}-h`} data-testid="import-panel">
      <div className="sgm-section-head">
        <h2 id={`${uid}-h`}>{t('import.title')}</h2>
        <button type="button" className="sgm-icon-btn" onClick={onClose} aria-label={t('import.close')}>
          ×
        </button>
      </div>

      <label className={`sgm-drop ${dragging ? 'is-over' : ''}`} onDragOver={(e) => (e.preventDefault(), setDragging(true))} onDragLeave={() => setDragging(false)} onDrop={onDrop}>
        <span>{t('import.file')}</span>
        <span className="sgm-muted">{t('import.fileHint')}</span>
        <span className="sgm-drop-btn" aria-hidden="true">
          {t('import.choose')}
        </span>
        <input type="file" name="file" accept={ACCEPT} onChange={(e) => choose(e.target.files?.[0])} />
        {file && <span data-testid="import-file">{t('import.chosen', { name: file.name, size: Math.max(1, Math.round(file.size / 1024)) })}</span>}
      </label>

      <div className="sgm-import-row">
        <label>
          {t('import.layer')}
          <select name="layer" value={layer} onChange={(e) => setLayer(e.target.value)}>
            {layers.map((l) => (
              <option key={l.id} value={l.id}>
                {bilingualName(l, lang)}
              </option>
            ))}
            <option value={BY_COLUMN}>{t('import.byColumn')}</option>
          </select>
        </label>
        <label>
          {t('import.crs')}
          <select name="crs" value={crs === 'auto' ? (preview?.crs ?? 'wgs84') : crs} onChange={(e) => setCrs(e.target.value as CrsValue)}>
            {CRS_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {t(o.key)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {preview?.crsStated && preview.crs === preview.crsStated && (
        <p className="sgm-muted" data-testid="import-crs-read">
          {t('import.crsFromFile')}
        </p>
      )}
      {preview?.notes.map((n) => (
        <p key={n} className="sgm-muted">
          {n}
        </p>
      ))}

      <ProgressBar state={progress.state} t={t} />
      {error && (
        <p role="alert" className="sgm-import-error" data-testid="import-error">
          {t('import.failed', { message: error })}
        </p>
      )}

      {columns.length > 0 && (
        <fieldset className="sgm-import-mapping" data-testid="import-mapping">
          <legend>{t('import.mapping')}</legend>
          {columns.map(({ name: col, samples }) => (
            <label key={col} data-column={col}>
              <span className="sgm-import-col">
                {col}
                {samples.length > 0 && <span className="sgm-muted sgm-import-samples"> {t('import.samples', { samples: samples.join('、') })}</span>}
              </span>
              <select name={`map-${col}`} value={currentMapping[col] ?? ''} onChange={(e) => setMapping({ ...currentMapping, [col]: e.target.value })}>
                <option value="">{t('import.field.none')}</option>
                {fieldChoices(currentMapping[col]).map((f) => (
                  <option key={f} value={f}>
                    {fieldText(f, t)}
                  </option>
                ))}
              </select>
            </label>
          ))}
          <p className="sgm-muted">{t('import.positionHint')}</p>
        </fieldset>
      )}
      {file && (
        <fieldset className="sgm-import-defaults" data-testid="import-defaults">
          <legend>{t('import.defaults')}</legend>
          <label>
            {t('import.field.status')}
            <select name="default-status" value={defaults.status ?? ''} onChange={(e) => setDefaults({ ...defaults, status: e.target.value })}>
              <option value="">{t('import.defaultNone')}</option>
              {STATUSES.map((st) => (
                <option key={st} value={st}>
                  {t(`status.${st}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('import.field.status_date')}
            <input type="date" name="default-status_date" value={defaults.status_date ?? ''} onChange={(e) => setDefaults({ ...defaults, status_date: e.target.value })} />
          </label>
          <label>
            {t('import.field.measures')}
            <input
              name="default-measures"
              value={measuresDraft}
              placeholder={t('import.measuresPlaceholder')}
              onChange={(e) => setMeasuresDraft(e.target.value)}
              onBlur={() => measuresDraft.trim() !== (defaults.measures ?? '') && setDefaults({ ...defaults, measures: measuresDraft.trim() })}
            />
          </label>
          <label>
            {t('import.field.precision')}
            <select name="default-precision" value={defaults.precision ?? ''} onChange={(e) => setDefaults({ ...defaults, precision: e.target.value })}>
              <option value="">{t('import.defaultNone')}</option>
              {PRECISIONS.map((pr) => (
                <option key={pr} value={pr}>
                  {t(`precision.${pr}`)}
                </option>
              ))}
            </select>
          </label>
          <p className="sgm-muted">{t('import.fallbacks')}</p>
        </fieldset>
      )}
      {statusWords.length > 0 && (
        <fieldset className="sgm-import-values" data-testid="import-values">
          <legend>{t('import.values', { count: statusWords.length })}</legend>
          <p className="sgm-muted">{t('import.valuesHint')}</p>
          {statusWords.map(([word, read]) => (
            <label key={word} data-word={word}>
              <span className="sgm-import-col">
                {word}
                {read === null && !statusValues[word] && <span className="sgm-muted"> {t('import.valueUnknown')}</span>}
              </span>
              <select name={`value-status-${word}`} value={statusValues[word] ?? read ?? 'unknown'} onChange={(e) => setStatusValues({ ...statusValues, [word]: e.target.value })}>
                {STATUSES.map((st) => (
                  <option key={st} value={st}>
                    {t(`status.${st}`)}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </fieldset>
      )}

      {preview && counts && (
        <div className="sgm-import-preview" data-testid="import-preview" data-created={counts.created} data-updated={counts.updated} data-left-out={counts.leftOut}>
          <ul className="sgm-import-counts">
            <li>
              <span className="sgm-swatch" style={{ background: rgb(PREVIEW_COLORS.create) }} aria-hidden="true" /> {t('import.countNew', { count: counts.created })}
            </li>
            <li>
              <span className="sgm-swatch" style={{ background: rgb(PREVIEW_COLORS.update) }} aria-hidden="true" /> {t('import.countUpdate', { count: counts.updated })}
            </li>
            {counts.unchanged > 0 && (
              <li>
                <span className="sgm-swatch" style={{ background: rgb(PREVIEW_COLORS.unchanged) }} aria-hidden="true" /> {t('import.countUnchanged', { count: counts.unchanged })}
              </li>
            )}
            <li>{t('import.countLeftOut', { count: counts.leftOut })}</li>
            {counts.warnings > 0 && <li>{t('import.countWarnings', { count: counts.warnings })}</li>}
          </ul>
          {preview.problems.length > 0 && (
            <>
              <p className="sgm-muted">{t('import.problemsLeftOut')}</p>
              <div className="sgm-import-table" tabIndex={0} role="region" aria-label={t('import.problems')}>
                <table data-testid="import-problems">
                  <caption>{t('import.problems')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('import.row')}</th>
                      <th scope="col">{t('import.fieldCol')}</th>
                      <th scope="col">{t('import.severity')}</th>
                      <th scope="col">{t('import.message')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.problems.slice(0, SHOWN_PROBLEMS).map((p, i) => (
                      <tr key={i} className={`is-${p.severity}`}>
                        <td>{p.row ?? '—'}</td>
                        <td>{p.field ? fieldText(p.field, t) : '—'}</td>
                        <td>{t(`import.severity.${p.severity}`)}</td>
                        <td>{p.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {preview.problems.length > SHOWN_PROBLEMS && <p className="sgm-muted">{t('import.moreProblems', { count: preview.problems.length - SHOWN_PROBLEMS })}</p>}
              <button
                type="button"
                data-testid="import-problems-csv"
                onClick={() =>
                  downloadBlob(
                    new Blob([problemsToCsv(preview.problems, { row: t('import.row'), field: t('import.fieldCol'), severity: t('import.severity'), message: t('import.message') }, (x) => t(`import.severity.${x}`))], { type: 'text/csv;charset=utf-8' }),
                    `${(file?.name ?? 'import').replace(/\.[^.]+$/, '')}-problems.csv`,
                  )
                }
              >
                {t('import.problemsCsv')}
              </button>
            </>
          )}
          <form
            className="sgm-import-apply"
            onSubmit={(e) => {
              e.preventDefault();
              void apply();
            }}
          >
            <label>
              {t('import.note')}
              <input name="note" value={note} required onChange={(e) => setNote(e.target.value)} />
            </label>
            <button type="submit" className="sgm-primary" disabled={counts.created + counts.updated === 0 || progress.state.busy} data-testid="import-apply">
              {t('import.apply', { count: counts.created + counts.updated })}
            </button>
          </form>
        </div>
      )}

      {applied && (
        <div className="sgm-import-done" role="status" data-testid="import-done" data-change-set={applied.changeSet}>
          <p>{t('import.done', { id: applied.changeSet, created: applied.created, updated: applied.updated })}</p>
          {reverted ? (
            <p data-testid="import-reverted">{t('import.reverted', { id: reverted })}</p>
          ) : (
            <button type="button" className="sgm-danger" onClick={() => void revert()} disabled={progress.state.busy} data-testid="import-revert">
              {t('import.revert')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
