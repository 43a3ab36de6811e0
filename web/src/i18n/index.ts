/**
 * Tiny i18n: one translation table per language (zh.ts, en.ts — every view's strings, grouped by
 * prefix: app, filter, detail, …, screen, embed, share) and a `t(key, vars)` made for one language.
 * No UI string is written inline in a component; a unit test keeps the two tables' keys equal and
 * every key in use.
 */
import type { Lang } from '../../../core/contract';
import { en } from './en';
import { zh, type MessageKey } from './zh';

export type { MessageKey };
export type Vars = Record<string, string | number>;
export type Translate<K extends string = MessageKey> = (key: K, vars?: Vars) => string;

/** Replace `{name}` placeholders; unknown placeholders are left as written so a gap is visible. */
export function interpolate(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) =>
    Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : m,
  );
}

/** A translator over any pair of tables with the same keys (e.g. a view's own strings). */
export function createTranslator<K extends string>(tables: { zh: Record<K, string>; en: Record<K, string> }, lang: Lang): Translate<K> {
  const table = tables[lang] ?? tables.zh;
  return (key, vars) => interpolate(table[key] ?? tables.zh[key] ?? key, vars);
}

/** The two tables. */
export const MESSAGES = { zh, en } as const;

/** `t()` for the shared strings in one language. */
export function makeT(lang: Lang): Translate {
  return createTranslator<MessageKey>(MESSAGES, lang);
}

/** Chinese or English name of anything with `name` / `name_en`. Chinese is the fallback. */
export function localName(item: { name: string; name_en?: string }, lang: Lang): string {
  return lang === 'en' && item.name_en ? item.name_en : item.name;
}

/**
 * A feature's location note in the UI language: `location_note` (Chinese) or `location_note_en`;
 * the other one where the wanted one is missing or empty.
 */
export function localLocationNote(p: { location_note?: string; location_note_en?: string }, lang: Lang): string {
  const zh = p.location_note?.trim() ?? '';
  const en = p.location_note_en?.trim() ?? '';
  return lang === 'en' ? en || zh : zh || en;
}

/** Name in the UI language with the other alongside, e.g. "婺源县 Wuyuan County". */
export function bilingualName(item: { name: string; name_en?: string }, lang: Lang): string {
  if (!item.name_en) return item.name;
  return lang === 'en' ? `${item.name_en} ${item.name}` : `${item.name} ${item.name_en}`;
}
