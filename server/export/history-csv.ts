/**
 * History as CSV (`GET /api/changes?format=csv`): one line per field changed, UTF-8 with BOM so
 * Excel reads the Chinese. Values that are not text are JSON. Anonymous readers' change sets come
 * already without names (author empty).
 */
import type { ChangeSet } from '../../core/changes';
import { csvCell } from './files';

const HEADER = ['change_set', 'at', 'author', 'kind', 'note', 'reverts', 'op', 'feature', 'layer', 'counties', 'field', 'before', 'after'];

const text = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

export function historyCsv(changeSets: readonly ChangeSet[]): string {
  const lines = [HEADER.join(',')];
  for (const cs of changeSets) {
    const head = [cs.id, cs.at, cs.author?.username ?? '', cs.kind, cs.note ?? '', cs.reverts ?? ''];
    if (cs.changes.length === 0) lines.push([...head, '', '', '', '', '', '', ''].map(csvCell).join(','));
    for (const ch of cs.changes) {
      const where = [ch.op, ch.feature ?? (ch.target ? `target:${ch.target}` : ''), ch.layer ?? '', ch.counties.join(' ')];
      const fields = ch.fields.length ? ch.fields : [{ field: '', before: null, after: null }];
      for (const f of fields) lines.push([...head, ...where, f.field, text(f.before), text(f.after)].map(csvCell).join(','));
    }
  }
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}
