/** Entry of /print: A4 briefing sheets of the page parameters (web/src/print/). */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PrintApp } from './print/PrintApp';
import './styles/base.css';
import './print/print.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PrintApp search={window.location.search} />
  </StrictMode>,
);
