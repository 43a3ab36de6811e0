/** Entry of /embed: the public map for other sites' iframes (loads only the map, no planner or charts code). */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { EmbedApp } from './embed/EmbedApp';
import './styles/base.css';
import './embed/embed.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <EmbedApp search={window.location.search} />
  </StrictMode>,
);
