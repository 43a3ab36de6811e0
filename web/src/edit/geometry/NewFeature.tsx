/**
 * Draw a new feature: choose the layer and (per the layer's geometry kind) point, line or polygon;
 * draw it on the map; fill in the same fields as the edit forms (names, status with date and
 * evidence, measures and clause, precision, location notes) and the plan's words that name the
 * place; review; save (POST /api/layers/{layer}/features, the server assigns the id). Cancel or Esc
 * removes the drawing and sends nothing.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Map as MlMap } from 'maplibre-gl';
import '../edit.css';
import type { LayerInfo } from '../../../../core/api';
import type { Lang } from '../../../../core/contract';
import type { Measure } from '../../../../core/schema';
import { localName, type Translate } from '../../i18n';
import { createFeature } from '../api';
import { fieldLabel, fieldValue } from '../diff';
import { Field } from '../EditForm';
import { namesSpec, notesSpec, planSpec, precisionSpec, statusSpec, type Draft, type FieldSpec } from '../specs';
import { drawNew, type DrawSession } from './draw';
import { kindsOfLayer, roundGeometry, vertexCount, type DrawKind, type Part } from './geometry';
import { Outcome, ReviewActions } from './ReviewActions';
import { useEscape } from './useEscape';

type Step = { kind: 'closed' } | { kind: 'choose' } | { kind: 'drawing' } | { kind: 'form' } | { kind: 'review' };

export interface NewFeatureProps {
  layers: readonly LayerInfo[];
  measures: readonly Measure[];
  lang: Lang;
  t: Translate;
  getMap: () => MlMap | null;
  onActive: (active: boolean) => void;
  /** After the server stored it: its id (the page selects it and loads the data again). */
  onCreated: (id: string) => void;
}

const KIND_KEY = { point: 'geom.kind.point', line: 'geom.kind.line', polygon: 'geom.kind.polygon' } as const;
const HINT_KEY = { point: 'geom.drawHint.point', line: 'geom.drawHint.line', polygon: 'geom.drawHint.polygon' } as const;

export default function NewFeature({ layers, measures, lang, t, getMap, onActive, onCreated }: NewFeatureProps) {
  const [step, setStep] = useState<Step>({ kind: 'closed' });
  const [layer, setLayer] = useState(layers[0]?.id ?? '');
  const kinds = kindsOfLayer(layers.find((l) => l.id === layer)?.geometry ?? 'point');
  const [kind, setKind] = useState<DrawKind>(kinds[0]);
  const [drawn, setDrawn] = useState<Part | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const session = useRef<DrawSession | null>(null);

  const specs = useMemo(() => [namesSpec(t), statusSpec(t), planSpec(t, measures, lang), precisionSpec(t), notesSpec(t)], [t, measures, lang]);
  const quote: FieldSpec = { name: 'quote', label: t('geom.quote'), kind: 'textarea', required: true, lang: 'zh-CN' };
  const [draft, setDraft] = useState<Draft>(() => Object.assign({ quote: '' }, ...specs.map((s) => s.draft({ precision: 'approximate' }))));
  const properties = (): Record<string, unknown> => Object.assign({ layer, quote: String(draft.quote ?? '').trim() }, ...specs.map((s) => s.patch(draft)));

  const stop = () => {
    session.current?.stop();
    session.current = null;
    onActive(false);
  };
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => () => stop(), []);
  const cancel = () => {
    stop();
    setDrawn(null);
    setError(null);
    setStep({ kind: 'closed' });
  };
  useEscape(step.kind !== 'closed', cancel);

  const startDrawing = () => {
    const map = getMap();
    if (!map) return;
    setError(null);
    setCreated(null);
    onActive(true);
    session.current = drawNew(map, kind, (g) => {
      setDrawn(g);
      setStep({ kind: 'form' });
    });
    setStep({ kind: 'drawing' });
  };

  /** The drawing as it is now (it may have been dragged after it was finished). */
  const geometry = () => {
    const [g] = session.current?.parts() ?? [];
    return g ? roundGeometry(g) : drawn;
  };

  const save = async () => {
    const g = geometry();
    if (!g) return;
    setBusy(true);
    setError(null);
    try {
      const r = await createFeature(layer, g, properties(), note);
      if (r.kind === 'created') {
        stop();
        setCreated(String(draft.name ?? ''));
        setDrawn(null);
        setNote('');
        setStep({ kind: 'closed' });
        onCreated(r.id);
      } else setError(r.status === 403 ? t('edit.forbidden', { message: r.message }) : t('edit.failed', { message: r.message }));
    } catch (e) {
      setError(t('edit.failed', { message: (e as Error).message }));
    } finally {
      setBusy(false);
    }
  };

  const set = (name: string, v: string | string[]) => setDraft((d) => ({ ...d, [name]: v }));
  const layerName = (id: string) => {
    const l = layers.find((x) => x.id === id);
    return l ? localName(l, lang) : id;
  };
  const cancelButton = (
    <button type="button" onClick={cancel} data-testid="new-feature-cancel">
      {t('geom.cancel')}
    </button>
  );
  const fields = [...specs.flatMap((s) => s.fields), quote];
  const props = properties();
  const g = step.kind === 'review' ? geometry() : drawn;

  return (
    <section className="sgm-section sgm-editor sgm-new-feature" aria-labelledby="sgm-new-h" data-testid="new-feature" data-new-step={step.kind}>
      {step.kind === 'closed' ? (
        <div className="sgm-edit-actions">
          <button type="button" onClick={() => setStep({ kind: 'choose' })} data-testid="new-feature-open" id="sgm-new-h">
            {t('geom.new')}
          </button>
        </div>
      ) : (
        <h2 id="sgm-new-h">{t('geom.newTitle')}</h2>
      )}
      {step.kind === 'choose' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            startDrawing();
          }}
        >
          <label>
            {t('geom.layer')}
            <select
              name="layer"
              value={layer}
              onChange={(e) => {
                setLayer(e.target.value);
                setKind(kindsOfLayer(layers.find((l) => l.id === e.target.value)?.geometry ?? 'point')[0]);
              }}
            >
              {layers.map((l) => (
                <option key={l.id} value={l.id}>
                  {localName(l, lang)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('geom.kind')}
            <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as DrawKind)}>
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {t(KIND_KEY[k])}
                </option>
              ))}
            </select>
          </label>
          <div className="sgm-edit-actions">
            <button type="submit" className="sgm-primary" data-testid="new-feature-draw">
              {t('geom.startDrawing')}
            </button>
            {cancelButton}
          </div>
        </form>
      )}
      {step.kind === 'drawing' && (
        <>
          <p role="status">{t(HINT_KEY[kind])}</p>
          <div className="sgm-edit-actions">{cancelButton}</div>
        </>
      )}
      {step.kind === 'form' && drawn && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setStep({ kind: 'review' });
          }}
        >
          <p role="status">{t('geom.drawn', { count: vertexCount(drawn) })}</p>
          {fields.map((f) => (
            <Field key={f.name} field={f} value={draft[f.name]} onChange={(v) => set(f.name, v)} />
          ))}
          <label>
            {t('edit.note')}
            <input name="note" value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
          </label>
          <div className="sgm-edit-actions">
            <button type="submit" className="sgm-primary">
              {t('edit.review')}
            </button>
            {cancelButton}
          </div>
        </form>
      )}
      {step.kind === 'review' && g && (
        <div>
          <p>{t('geom.newSummary', { kind: t(KIND_KEY[kind]), layer: layerName(layer), count: vertexCount(g) })}</p>
          <ul className="sgm-changes" data-testid="new-feature-preview">
            {Object.entries(props)
              .filter(([k]) => k !== 'layer')
              .map(([k, v]) => (
                <li key={k}>
                  {fieldLabel(k, t)}: <ins>{fieldValue(k, v, t)}</ins>
                </li>
              ))}
          </ul>
          {note.trim() && <p className="sgm-muted">{t('history.note', { note: note.trim() })}</p>}
          <ReviewActions t={t} onSave={() => void save()} onBack={() => setStep({ kind: 'form' })} cancel={cancelButton} busy={busy} autoFocus testId="new-feature-save" />
        </div>
      )}
      <Outcome done={created !== null && t('geom.created', { name: created })} error={error} doneTestId="new-feature-created" errorTestId="new-feature-error" />
    </section>
  );
}
