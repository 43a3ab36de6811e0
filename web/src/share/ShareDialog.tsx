/**
 * The share dialog of the planner view: copy the current link; build an `<iframe>` snippet for
 * `/embed` with size and options, see it live, copy it. All strings from messages.ts, all
 * addresses from the pure builders in snippet.ts.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { Lang } from '../../../core/contract';
import { makeT } from '../i18n';
import { BASEMAPS, EMBED_DEFAULTS, THEMES, type EmbedOptions } from '../embed/options';
import { embedUrl, iframeSnippet, parseSize, shareLink, type Size } from './snippet';
import './share.css';

export interface ShareDialogProps {
  /** The current page's query string (`location.search`): filters, feature, lang. */
  search: string;
  lang: Lang;
  /** Layer ids of the registry, to keep only valid `layers` values; default: trust the `layers` in `search`. */
  layerIds?: readonly string[];
  onClose: () => void;
  /** Origin the links point at; default this page's origin. */
  origin?: string;
}

type CopyState = 'idle' | 'copied' | 'failed';

async function copyText(text: string, fallback: HTMLInputElement | HTMLTextAreaElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (!fallback) return false;
    fallback.focus();
    fallback.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }
}

const PREVIEW_MAX_W = 520;
const PREVIEW_MAX_H = 300;

export function ShareDialog({ search, lang, layerIds: givenLayerIds, onClose, origin = window.location.origin }: ShareDialogProps) {
  const layerIds = useMemo(
    () => givenLayerIds ?? (new URLSearchParams(search).get('layers') ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    [givenLayerIds, search],
  );
  const t = makeT(lang);
  const ids = useId();
  const [options, setOptions] = useState<EmbedOptions>({ ...EMBED_DEFAULTS });
  const [widthText, setWidthText] = useState('100%');
  const [heightText, setHeightText] = useState('480');
  const [copiedLink, setCopiedLink] = useState<CopyState>('idle');
  const [copiedSnippet, setCopiedSnippet] = useState<CopyState>('idle');
  const linkInput = useRef<HTMLInputElement>(null);
  const snippetBox = useRef<HTMLTextAreaElement>(null);
  const box = useRef<HTMLDivElement>(null);

  const width = parseSize(widthText, 'width');
  const height = parseSize(heightText, 'height');
  const sizeOk = typeof width !== 'string' && typeof height !== 'string';
  const link = useMemo(() => shareLink(origin, search, layerIds), [origin, search, layerIds]);
  const src = useMemo(() => embedUrl({ origin, search, layerIds, options, lang }), [origin, search, layerIds, options, lang]);
  const snippet = sizeOk ? iframeSnippet({ origin, search, layerIds, options, lang, width: width as Size, height: height as Size }) : '';

  useEffect(() => {
    linkInput.current?.focus();
    linkInput.current?.select();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  useEffect(() => setCopiedSnippet('idle'), [snippet]);

  // Preview at the real pixel size, scaled down to fit the dialog (percent widths preview at 800 px).
  const realW = typeof width === 'string' ? 800 : width.unit === '%' ? 800 : width.value;
  const realH = typeof height === 'string' ? 480 : height.value;
  const scale = Math.min(1, PREVIEW_MAX_W / realW, PREVIEW_MAX_H / realH);

  const set = <K extends keyof EmbedOptions>(k: K, v: EmbedOptions[K]) => setOptions((o) => ({ ...o, [k]: v }));
  const check = (k: 'legend' | 'controls' | 'scrollzoom') => (
    <label className="sgm-share-check">
      <input type="checkbox" checked={options[k]} onChange={(e) => set(k, e.target.checked)} data-share-option={k} /> {t(`share.${k}`)}
    </label>
  );

  return (
    <div className="sgm-share-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div ref={box} className="sgm-share" role="dialog" aria-modal="true" aria-labelledby={`${ids}-h`} data-testid="share-dialog">
        <div className="sgm-share-head">
          <h2 id={`${ids}-h`}>{t('share.title')}</h2>
          <button type="button" className="sgm-share-x" onClick={onClose} aria-label={t('share.close')}>
            ×
          </button>
        </div>

        <section>
          <label htmlFor={`${ids}-link`}>{t('share.link')}</label>
          <div className="sgm-share-row">
            <input id={`${ids}-link`} ref={linkInput} readOnly value={link} data-testid="share-link" onFocus={(e) => e.currentTarget.select()} />
            <button type="button" onClick={() => void copyText(link, linkInput.current).then((ok) => setCopiedLink(ok ? 'copied' : 'failed'))} data-testid="copy-link">
              {copiedLink === 'copied' ? `✓ ${t('share.copied')}` : t('share.copyLink')}
            </button>
          </div>
          {copiedLink === 'failed' && <p className="sgm-share-error">{t('share.copyFailed')}</p>}
        </section>

        <section>
          <h3>{t('share.embed')}</h3>
          <p className="sgm-share-hint">{t('share.embedHint')}</p>
          <div className="sgm-share-grid">
            <label>
              {t('share.width')}
              <input value={widthText} onChange={(e) => setWidthText(e.target.value)} aria-invalid={typeof width === 'string'} data-testid="share-width" />
            </label>
            <label>
              {t('share.height')}
              <input value={heightText} onChange={(e) => setHeightText(e.target.value)} aria-invalid={typeof height === 'string'} data-testid="share-height" />
            </label>
            <label>
              {t('share.theme')}
              <select value={options.theme} onChange={(e) => set('theme', e.target.value as EmbedOptions['theme'])} data-share-option="theme">
                {THEMES.map((th) => (
                  <option key={th} value={th}>
                    {t(`share.theme.${th}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('share.basemap')}
              <select value={options.basemap} onChange={(e) => set('basemap', e.target.value as EmbedOptions['basemap'])} data-share-option="basemap">
                {BASEMAPS.map((b) => (
                  <option key={b} value={b}>
                    {t(`share.basemap.${b}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <p className="sgm-share-hint">{t('share.sizeHint')}</p>
          {typeof width === 'string' && <p className="sgm-share-error" role="alert">{width}</p>}
          {typeof height === 'string' && <p className="sgm-share-error" role="alert">{height}</p>}
          <label className="sgm-share-title">
            {t('share.mapTitle')}
            <input value={options.title ?? ''} maxLength={80} onChange={(e) => set('title', e.target.value || undefined)} data-share-option="title" />
          </label>
          <div className="sgm-share-checks">
            {check('legend')}
            {check('controls')}
            {check('scrollzoom')}
          </div>
          <label htmlFor={`${ids}-snippet`}>{t('share.snippet')}</label>
          <textarea id={`${ids}-snippet`} ref={snippetBox} readOnly value={snippet} rows={4} data-testid="share-snippet" onFocus={(e) => e.currentTarget.select()} />
          <div className="sgm-share-row sgm-share-actions">
            <button type="button" disabled={!sizeOk} onClick={() => void copyText(snippet, snippetBox.current).then((ok) => setCopiedSnippet(ok ? 'copied' : 'failed'))} data-testid="copy-snippet">
              {copiedSnippet === 'copied' ? `✓ ${t('share.copied')}` : t('share.copySnippet')}
            </button>
          </div>
          {copiedSnippet === 'failed' && <p className="sgm-share-error">{t('share.copyFailed')}</p>}
        </section>

        <section>
          <h3>{t('share.preview')}</h3>
          <div className="sgm-share-preview" style={{ width: realW * scale, height: realH * scale }}>
            <iframe
              key={src}
              src={src}
              title={t('share.preview')}
              style={{ width: realW, height: realH, transform: `scale(${scale})` }}
              data-testid="share-preview"
            />
          </div>
          <p className="sgm-share-hint">{t('share.previewNote')}</p>
        </section>
      </div>
    </div>
  );
}
