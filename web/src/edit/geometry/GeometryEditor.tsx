/**
 * A feature's position and shape: "move" a point or "reshape" a line or polygon on the map, then
 * the same review → note → save (PATCH with the geometry in the merge patch and If-Match) as the
 * property forms. The preview says what changes (moved 1.2 km; vertices 12 → 14). Cancel (or Esc)
 * removes the drawing: nothing was sent, the map shows the feature as stored. A 403 (an editor
 * limited to some counties moving a feature out of them) is shown and nothing changes.
 */
import { useEffect, useRef, useState } from 'react';
import type { Map as MlMap } from 'maplibre-gl';
import type { Translate } from '../../i18n';
import { patchGeometry, type Base } from '../api';
import { reshape, type DrawSession } from './draw';
import { formatKm, fromParts, geometryChange, kindOf, roundGeometry, toParts, type GeometryChange } from './geometry';
import { Outcome, ReviewActions } from './ReviewActions';
import { useEscape } from './useEscape';

type Step = { kind: 'idle' } | { kind: 'editing' } | { kind: 'review'; change: GeometryChange };

export interface GeometryEditorProps {
  featureId: string;
  base: Base;
  t: Translate;
  getMap: () => MlMap | null;
  /** While the map is being drawn on: the page keeps its own map clicks to itself. */
  onActive: (active: boolean) => void;
  onBase: (base: Base, saved: boolean) => void;
}

/** The words of a change (for the preview and the tests). */
export function changeLines(c: GeometryChange, t: Translate): string[] {
  const d = formatKm(c.movedKm);
  const lines = [t(c.kind === 'point' ? 'geom.moved' : 'geom.centroidMoved', d)];
  if (c.kind !== 'point') lines.push(t('geom.vertices', c.vertices));
  return lines;
}

export function GeometryEditor({ featureId, base, t, getMap, onActive, onBase }: GeometryEditorProps) {
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const session = useRef<DrawSession | null>(null);
  const geometry = base.geometry;
  const kind = geometry ? kindOf(geometry) : null;
  const split = geometry ? toParts(geometry) : null;

  const stop = () => {
    session.current?.stop();
    session.current = null;
    onActive(false);
  };
  // Leaving the feature (or the page) ends the drawing.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => () => stop(), []);

  const cancel = () => {
    stop();
    setError(null);
    setStep({ kind: 'idle' });
  };
  useEscape(step.kind !== 'idle', cancel);

  if (!geometry || !split || !kind) return null;
  if ('unsupported' in split)
    return (
      <section className="sgm-editor" data-testid="geometry-editor">
        <p className="sgm-muted">{t(split.unsupported === 'holes' ? 'geom.unsupportedHoles' : 'geom.unsupportedCollection')}</p>
      </section>
    );

  const start = () => {
    const map = getMap();
    if (!map) return;
    setSaved(false);
    setError(null);
    onActive(true);
    session.current = reshape(map, split.parts);
    setStep({ kind: 'editing' });
  };

  const current = () => {
    const parts = session.current?.parts() ?? [];
    return parts.length === split.parts.length ? roundGeometry(fromParts(geometry.type, parts)) : null;
  };

  const review = () => {
    const after = current();
    if (after) setStep({ kind: 'review', change: geometryChange(geometry, after) });
  };

  const save = async () => {
    const after = current();
    if (!after) return;
    setBusy(true);
    setError(null);
    try {
      const r = await patchGeometry(featureId, base, after, note);
      if (r.kind === 'saved') {
        stop();
        setNote('');
        setStep({ kind: 'idle' });
        setSaved(true);
        onBase(r.base, true);
      } else if (r.kind === 'conflict') {
        stop();
        setStep({ kind: 'idle' });
        setError(t('edit.conflictTitle'));
        onBase(r.theirs, false);
      } else setError(r.status === 403 ? t('edit.forbidden', { message: r.message }) : t('edit.failed', { message: r.message }));
    } catch (e) {
      setError(t('edit.failed', { message: (e as Error).message }));
    } finally {
      setBusy(false);
    }
  };

  const cancelButton = (
    <button type="button" onClick={cancel} data-testid="geometry-cancel">
      {t('geom.cancel')}
    </button>
  );

  return (
    <section className="sgm-editor" aria-label={t('geom.title')} data-testid="geometry-editor" data-geometry-step={step.kind}>
      {step.kind === 'idle' && (
        <>
          <div className="sgm-edit-actions">
            <button type="button" className="sgm-primary" onClick={start} data-testid="geometry-start">
              {t(kind === 'point' ? 'geom.move' : 'geom.reshape')}
            </button>
          </div>
          <p className="sgm-muted">{t('geom.precisionNote')}</p>
        </>
      )}
      {step.kind === 'editing' && (
        <>
          <p role="status">{t(kind === 'point' ? 'geom.moveHint' : 'geom.reshapeHint')}</p>
          <div className="sgm-edit-actions">
            <button type="button" className="sgm-primary" onClick={review} data-testid="geometry-review">
              {t('edit.review')}
            </button>
            {cancelButton}
          </div>
        </>
      )}
      {step.kind === 'review' && (
        <>
          {step.change.changed ? (
            <>
              <p>{t('edit.changes')}</p>
              <ul className="sgm-changes" data-testid="geometry-preview">
                {changeLines(step.change, t).map((l) => (
                  <li key={l}>{l}</li>
                ))}
              </ul>
            </>
          ) : (
            <p>{t('geom.noChange')}</p>
          )}
          <label>
            {t('edit.note')}
            <input name="note" value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
          </label>
          <ReviewActions t={t} onSave={() => void save()} onBack={() => setStep({ kind: 'editing' })} cancel={cancelButton} busy={busy} disabled={!step.change.changed} testId="geometry-save" />
        </>
      )}
      <Outcome done={saved && t('geom.saved')} error={error} doneTestId="geometry-saved" errorTestId="geometry-error" />
    </section>
  );
}
