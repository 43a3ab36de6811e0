/** Pure helpers of the /admin page (tested in test/web/admin.test.ts). */
import { COUNTIES, type Lang } from '../../../core/contract';
import type { MessageKey, Translate } from '../i18n';
import { Problem } from './api';

/** "婺源县、德兴市" / "Wuyuan County, Dexing City"; null = all counties. */
export function countiesText(codes: readonly string[] | null, lang: Lang, t: Translate): string {
  if (!codes || codes.length === 0) return t('admin.allCounties');
  return codes
    .map((code) => {
      const c = COUNTIES.find((x) => x.code === code);
      return c ? (lang === 'en' ? c.name_en : c.name) : code;
    })
    .join(lang === 'en' ? ', ' : '、');
}

/** An ISO time as local date and minutes, e.g. 2026-11-26 09:05; "not known" for null. */
export function timeText(iso: string | null, t: Translate): string {
  if (!iso) return t('admin.never');
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return t('admin.never');
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

const FIELD_KEYS: Record<string, MessageKey> = {
  username: 'admin.field.username',
  role: 'admin.field.role',
  counties: 'admin.field.counties',
  password: 'admin.field.password',
  disabled: 'admin.field.disabled',
  id: 'admin.field.id',
};

/** What to tell the admin about a refused request: the field (in the page's language) and the server's message. */
export function problemText(e: unknown, t: Translate): string {
  if (e instanceof Problem) {
    if (e.status === 429 && e.retryAfter) return t('admin.tooFast', { s: e.retryAfter });
    const key = e.parameter ? FIELD_KEYS[e.parameter] : undefined;
    return key ? t('admin.fieldProblem', { field: t(key), m: e.message }) : t('admin.failed', { m: e.message });
  }
  return t('admin.failed', { m: (e as Error)?.message ?? String(e) });
}

/** The page's language from its address (`lang=en`); Chinese otherwise. */
export function langOf(search: string): Lang {
  return new URLSearchParams(search).get('lang') === 'en' ? 'en' : 'zh';
}
