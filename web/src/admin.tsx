/** Entry of /admin: account management (admins only; the data comes from /api/admin). */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AdminApp } from './admin/AdminApp';
import './styles/base.css';
import './admin/admin.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AdminApp search={window.location.search} />
  </StrictMode>,
);
