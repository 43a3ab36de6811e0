/**
 * Editing a feature (loaded only for signed-in editors): the status form open, the other forms
 * folded (names, location notes, measures and clause, precision), and delete. The forms share the feature as
 * last read, so saving one moves the others on to the new version.
 */
import { useEffect, useMemo, useState } from 'react';
import type { Map as MlMap } from 'maplibre-gl';
import './edit.css';
import type { Lang } from '../../../core/contract';
import type { Measure } from '../../../core/schema';
import { localName, type Translate } from '../i18n';
import { loadForEdit, type Base } from './api';
import { DeleteFeature } from './DeleteFeature';
import { EditForm } from './EditForm';
import { GeometryEditor } from './geometry/GeometryEditor';
import { internalSpec, namesSpec, notesSpec, planSpec, precisionSpec, statusSpec } from './specs';

export interface EditorsProps {
  id: string;
  lang: Lang;
  t: Translate;
  measures: readonly Measure[];
  /** After a save: the map and lists load the data again. */
  onChanged: () => void;
  /** After a delete (the data is loaded again too). */
  onDeleted: () => void;
  /** The planner's map (to draw on), and a signal while it is drawn on. */
  getMap: () => MlMap | null;
  onDrawing: (active: boolean) => void;
}

export default function Editors({ id, lang, t, measures, onChanged, onDeleted, getMap, onDrawing }: EditorsProps) {
  const [base, setBase] = useState<Base | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setBase(null);
    loadForEdit(id).then(
      (b) => live && setBase(b),
      (e: Error) => live && setError(t('edit.failed', { message: e.message })),
    );
    return () => {
      live = false;
    };
  }, [id, t]);
  const folded = useMemo(() => [namesSpec(t), notesSpec(t), planSpec(t, measures, lang), precisionSpec(t), internalSpec(t)], [t, measures, lang]);
  const status = useMemo(() => statusSpec(t), [t]);

  if (!base) return <section className="sgm-section sgm-editors">{error ? <p role="alert">{error}</p> : <p className="sgm-muted">{t('edit.loading')}</p>}</section>;
  const onBase = (b: Base, saved: boolean) => {
    setBase(b);
    if (saved) onChanged();
  };
  return (
    <section className="sgm-section sgm-editors" aria-labelledby="sgm-edit-h" data-editors={id}>
      <h2 id="sgm-edit-h">{t('edit.title')}</h2>
      <h3 className="sgm-subhead">{status.title}</h3>
      <EditForm featureId={id} spec={status} base={base} t={t} onBase={onBase} />
      <h3 className="sgm-subhead">{t('geom.title')}</h3>
      <GeometryEditor featureId={id} base={base} t={t} getMap={getMap} onActive={onDrawing} onBase={onBase} />
      {folded.map((spec) => (
        <details key={spec.testId} className="sgm-edit-fold">
          <summary>{spec.title}</summary>
          <EditForm featureId={id} spec={spec} base={base} t={t} onBase={onBase} />
        </details>
      ))}
      <DeleteFeature id={id} name={localName({ name: String(base.properties.name ?? id), name_en: String(base.properties.name_en ?? '') }, lang)} base={base} t={t} onBase={(b) => onBase(b, false)} onDeleted={onDeleted} />
    </section>
  );
}
