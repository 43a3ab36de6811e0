/**
 * A feature's non-public note (`internal_note`) for signed-in accounts that do not edit (viewers):
 * read from GET /api/features/{id}/full, which anonymous callers cannot read. Editors see and change
 * it in their "internal note" form.
 */
import { useEffect, useState } from 'react';
import type { Translate } from '../i18n';
import { loadForEdit } from './api';

export default function InternalNote({ id, t, version }: { id: string; t: Translate; version: number }) {
  const [note, setNote] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    loadForEdit(id).then(
      (b) => live && setNote(typeof b.properties.internal_note === 'string' ? b.properties.internal_note : null),
      () => live && setNote(undefined),
    );
    return () => {
      live = false;
    };
  }, [id, version]);
  if (note === undefined) return null;
  return (
    <section className="sgm-section" aria-labelledby="sgm-internal-h" data-testid="internal-note">
      <h2 id="sgm-internal-h">{t('edit.internal')}</h2>
      <p>{note || t('edit.internalNone')}</p>
      <p className="sgm-muted">{t('edit.internalHint')}</p>
    </section>
  );
}
