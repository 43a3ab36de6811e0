/** Title bar: title, export, share, language switch, and the phone's panel button. */
import type { ReactNode } from 'react';
import type { Lang } from '../../../core/contract';
import type { Translate } from '../i18n';
import { printT } from '../print/strings';

export interface HeaderProps {
  lang: Lang;
  t: Translate;
  drawerOpen: boolean;
  onToggleDrawer: () => void;
  onLang: (lang: Lang) => void;
  onExport: (kind: 'geojson' | 'csv' | 'png') => void;
  /** More export formats (the server's files), after the quick ones. */
  moreExports?: ReactNode;
  onShare: () => void;
  /** The account corner (sign in / who is signed in). */
  account?: ReactNode;
  /** `/print` with the page's parameters: the "打印 / PDF" link (opens a new tab). */
  printHref?: string;
}

export function Header({ lang, t, drawerOpen, onToggleDrawer, onLang, onExport, onShare, moreExports, account, printHref }: HeaderProps) {
  const pt = printT(lang);
  return (
    <header className="sgm-header">
      <button type="button" className="sgm-drawer-btn" aria-expanded={drawerOpen} aria-controls="sgm-sidebar" onClick={onToggleDrawer}>
        <span aria-hidden="true">☰</span> {drawerOpen ? t('panel.close') : t('panel.filters')}
      </button>
      <div className="sgm-title">
        <h1>{t('app.title')}</h1>
        <p className="sgm-subtitle">{t('app.subtitle')}</p>
      </div>
      <nav className="sgm-actions" aria-label={t('export.title')}>
        <button type="button" onClick={() => onExport('csv')} data-export="csv">
          {t('export.csv')}
        </button>
        <button type="button" onClick={() => onExport('geojson')} data-export="geojson">
          {t('export.geojson')}
        </button>
        <button type="button" onClick={() => onExport('png')} data-export="png">
          {t('export.png')}
        </button>
        {moreExports}
        <button type="button" onClick={onShare} data-testid="share">
          {t('export.share')}
        </button>
        {printHref && (
          <a className="sgm-print-link" href={printHref} target="_blank" rel="noopener" aria-label={pt('print.buttonLabel')} data-testid="print-link">
            {pt('print.button')}
          </a>
        )}
        <button type="button" lang={lang === 'zh' ? 'en' : 'zh-CN'} title={t('lang.switchLabel')} onClick={() => onLang(lang === 'zh' ? 'en' : 'zh')} data-testid="lang-switch">
          {t('lang.switch')}
        </button>
        {account}
      </nav>
    </header>
  );
}
