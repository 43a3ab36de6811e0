/** Entry of /screen: the briefing-screen view for wall displays. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ScreenApp } from './screen/ScreenApp';
import './styles/base.css';
import './screen/screen.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ScreenApp search={window.location.search} />
  </StrictMode>,
);
