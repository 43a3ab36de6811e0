// Entry of the planner view `/`.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './planner/App';
import './planner/planner.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
